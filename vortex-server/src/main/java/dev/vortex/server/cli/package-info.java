/** Internal: the {@code vortex} command line, not part of Vortex's API (embed {@link dev.vortex.server.VortexServer}). */
package dev.vortex.server.cli;
