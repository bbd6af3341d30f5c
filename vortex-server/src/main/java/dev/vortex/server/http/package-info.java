/**
 * Internal: the HTTP API (Spring Cloud Config compatible routes, the monitor webhook, actuator endpoints, the
 * WebSocket upgrade's checks), not part of Vortex's API; public only for {@link dev.vortex.server.VortexServer}.
 */
package dev.vortex.server.http;
