/**
 * Who may read which key. The SPI ({@link dev.vortex.server.security.ConnectionAuthorizer}, with
 * {@link dev.vortex.server.security.Principal}, {@link dev.vortex.server.security.Grants},
 * {@link dev.vortex.server.security.Right} and {@link dev.vortex.server.security.AuthenticationException}) is
 * public API; so are the settings ({@link dev.vortex.server.security.SecuritySettings}, read from the settings
 * file by {@link dev.vortex.server.security.SecuritySettingsReader}). The implementation
 * ({@link dev.vortex.server.security.CredentialsAuthorizer} over its realms, and
 * {@link dev.vortex.server.security.OriginPolicy}) is internal, public only for {@code http} and the server.
 * The patterns it judges ({@link dev.vortex.server.config.KeyPattern}) live in {@code config}, below both this
 * package and the real-time layer.
 *
 * <p>Who a request comes from behind load balancers ({@link dev.vortex.server.security.TrustedProxies}, over
 * {@link dev.vortex.server.security.IpRange}) is decided here too, for the failure delay and the logs.
 *
 * <p>The transport's own security lives here too: the TLS certificate and key ({@link
 * dev.vortex.server.security.TlsSettings}, read and checked by {@link dev.vortex.server.security.ServerCertificate},
 * renewals taken by {@link dev.vortex.server.security.CertificateReloader}).
 */
package dev.vortex.server.security;
