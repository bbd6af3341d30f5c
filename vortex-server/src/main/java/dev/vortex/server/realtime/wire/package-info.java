/**
 * Internal: the real-time layer's wire room, not part of Vortex's API (public only for the packages above it
 * and for {@code vortex-bench}). The bare-Netty WebSocket after the upgrade
 * ({@link dev.vortex.server.realtime.wire.WebSocketTakeover}, {@link dev.vortex.server.realtime.wire.ClientSocket}),
 * frames encoded once for every recipient ({@link dev.vortex.server.realtime.wire.Frame}),
 * {@code permessage-deflate}, and the real-time layer's every use of Vert.x's or Netty's internal classes
 * (the only other one is the HTTP connection guard in {@code http}). Knows nothing of the protocol's messages: it carries bytes.
 */
package dev.vortex.server.realtime.wire;
