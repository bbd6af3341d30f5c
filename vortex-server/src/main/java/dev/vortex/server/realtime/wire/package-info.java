/**
 * Internal: the real-time layer's wire room, not part of Vortex's API (public only for the packages above it
 * and for {@code vortex-bench}). The bare-Netty WebSocket after the upgrade
 * ({@link dev.vortex.server.realtime.wire.WebSocketTakeover}, {@link dev.vortex.server.realtime.wire.ClientSocket}),
 * frames encoded once for every recipient ({@link dev.vortex.server.realtime.wire.Frame}),
 * {@code permessage-deflate}, and the HTTP connection guard that admits every connection at the accept, before
 * it reads anything or starts a TLS handshake ({@link dev.vortex.server.realtime.wire.OpenConnections}: connection
 * limit, request-head timeout, strict request decoding; {@link dev.vortex.server.realtime.wire.AcceptingTransport}
 * shows it every accepted connection). Every use of Vert.x's or Netty's internal classes in the server is here, nowhere
 * else (LayeringTest holds it). Knows nothing of the protocol's messages: it carries bytes.
 */
package dev.vortex.server.realtime.wire;
