/** Internal: the server's meter registry, not part of Vortex's API. */
package dev.vortex.server.metrics;
