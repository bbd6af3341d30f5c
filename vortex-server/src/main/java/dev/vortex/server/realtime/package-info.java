/**
 * The real-time layer's top room: fan-out and sessions. {@link dev.vortex.server.realtime.RealtimeEndpoint}
 * turns resolutions into change events ({@code ConfigHistory}), carries them over the backplane, and
 * {@code ConfigChangeBroadcaster} hands each to the {@code Session}s that {@code ConnectionRegistry} finds for
 * its key; a session sends the frame that {@code SharedFrames} encoded once for all of them.
 *
 * <p>Arrows point down only: this package uses {@link dev.vortex.server.realtime.protocol} (what the messages
 * say) and {@link dev.vortex.server.realtime.wire} (how they travel), never the other way round; those two do
 * not use each other. Public here: {@link dev.vortex.server.realtime.RealtimeSettings} (part of the server's
 * settings) and the endpoint, which the HTTP layer hands upgrades to (internal: not an API for embedders).
 */
package dev.vortex.server.realtime;
