/**
 * The backplane SPI ({@link dev.vortex.server.backplane.Backplane}): how change events travel from where they
 * are detected to every instance's broadcaster. Public API; the events themselves
 * ({@link dev.vortex.server.config.ConfigChangeEvent}) live in {@code config}, below both ends.
 */
package dev.vortex.server.backplane;
