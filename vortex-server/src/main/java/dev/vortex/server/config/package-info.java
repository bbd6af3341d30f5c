/**
 * The resolved configs every other package works with: keys ({@link dev.vortex.server.config.ConfigKey}),
 * resolutions ({@link dev.vortex.server.config.ResolvedConfig}), the one cache that answers HTTP and WebSocket
 * alike, change events ({@link dev.vortex.server.config.ConfigChangeEvent}) and subscription patterns
 * ({@link dev.vortex.server.config.KeyPattern}). The lowest room of the server: it uses no other package of
 * it. {@code ConfigKey}, {@code ResolvedConfig}, {@code ConfigChangeEvent} and {@code KeyPattern} are API (the
 * SPIs speak them); the cache, the refresher and key discovery are internal, public only for the packages
 * above.
 */
package dev.vortex.server.config;
