/**
 * Internal: the real-time layer's protocol room, not part of Vortex's API (public only for the packages above
 * it and for {@code vortex-bench}). PROTOCOL.md in code: the client's messages and their parser
 * ({@link dev.vortex.server.realtime.protocol.ClientMessages}), the server's messages
 * ({@link dev.vortex.server.realtime.protocol.ServerMessages}), error codes and the config shapes. Knows
 * nothing of sockets or sessions.
 */
package dev.vortex.server.realtime.protocol;
