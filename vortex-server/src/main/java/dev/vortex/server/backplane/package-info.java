/**
 * The backplane SPI ({@link dev.vortex.server.backplane.Backplane}): how change events travel from where they
 * are detected to every instance's broadcaster. Public API: {@code Backplane} with the types it speaks
 * ({@link dev.vortex.server.backplane.RemoteChanges}, how an instance catches up with another's change;
 * {@link dev.vortex.server.backplane.BackplaneHealth}; {@link dev.vortex.server.backplane.RedisAddress}) and
 * its two implementations, {@link dev.vortex.server.backplane.LocalBackplane} (one instance) and
 * {@link dev.vortex.server.backplane.RedisBackplane} (a Redis stream between instances); and
 * {@link dev.vortex.server.backplane.PollingTurn}, whether this instance polls a Git remote it shares with others
 * (a Redis lease elects one poller). The events themselves
 * ({@link dev.vortex.server.config.ConfigChangeEvent}) live in {@code config}, below both ends.
 */
package dev.vortex.server.backplane;
