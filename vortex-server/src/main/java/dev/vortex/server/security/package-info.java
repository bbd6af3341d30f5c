/**
 * The security SPI ({@link dev.vortex.server.security.ConnectionAuthorizer}, with
 * {@link dev.vortex.server.security.Principal} and {@link dev.vortex.server.security.AuthenticationException}).
 * Public API; the patterns it judges ({@link dev.vortex.server.config.KeyPattern}) live in {@code config},
 * below both the SPI and the real-time layer.
 */
package dev.vortex.server.security;
