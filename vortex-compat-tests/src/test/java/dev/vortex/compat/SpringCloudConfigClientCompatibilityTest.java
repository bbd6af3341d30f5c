package dev.vortex.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * A real Spring Boot application with {@code spring-cloud-starter-config} from Maven Central reads its
 * configuration from a real Vortex process: unchanged Spring clients must work against Vortex.
 */
class SpringCloudConfigClientCompatibilityTest {

    @SpringBootApplication
    static class ClientApplication {}

    @TempDir
    Path dir;

    static ConfigurableApplicationContext startClient(String serverUrl, String... extraArgs) {
        String[] args = new String[5 + extraArgs.length];
        args[0] = "--spring.config.import=configserver:" + serverUrl;
        args[1] = "--spring.application.name=orders";
        args[2] = "--spring.profiles.active=prod";
        args[3] = "--spring.cloud.config.fail-fast=true";
        // spring-cloud-config-server (on this classpath for the differential test) turns the client off by
        // default, as a config server does not read its own config from a config server.
        args[4] = "--spring.cloud.config.enabled=true";
        System.arraycopy(extraArgs, 0, args, 5, extraArgs.length);
        return new SpringApplicationBuilder(ClientApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .run(args);
    }

    private static void write(Path root, String relativePath, String content) throws IOException {
        Path file = root.resolve(relativePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    @Test
    void springBootClient_seesVortexValues_withSpringCloudConfigPrecedence() throws Exception {
        Path repo = dir.resolve("repo");
        write(repo, "application.yml", "shared: from-application\nserver:\n  port: 8080\n");
        write(repo, "application-prod.properties", "shared.prod=from-application-prod\norders.max-items=1\n");
        write(repo, "orders.yml", "server:\n  port: 8081\norders:\n  max-items: 50\n  currencies: [EUR, USD]\n");
        write(repo, "orders-prod.properties", "orders.max-items=500\n");

        try (VortexProcess vortex = VortexProcess.start("--native", repo.toString());
                ConfigurableApplicationContext client = startClient(vortex.url())) {
            Environment environment = client.getEnvironment();
            assertThat(environment.getProperty("orders.max-items")).isEqualTo("500");
            assertThat(environment.getProperty("server.port")).isEqualTo("8081");
            assertThat(environment.getProperty("shared")).isEqualTo("from-application");
            assertThat(environment.getProperty("shared.prod")).isEqualTo("from-application-prod");
            assertThat(environment.getProperty("orders.currencies[1]")).isEqualTo("USD");
        }
    }

    /**
     * The packaged server with {@code --tls-cert} and {@code --tls-key}: HTTPS for the JDK's client, and for an
     * unchanged Spring Boot client whose JVM trusts the certificate (as {@code -Djavax.net.ssl.trustStore} does). The
     * pair is made by the JDK's {@code keytool} and exported to PEM, as an operator without openssl would.
     */
    @Test
    void springBootClient_readsItsConfiguration_overHttps_fromThePackagedServer() throws Exception {
        Path repo = dir.resolve("repo");
        write(repo, "orders-prod.properties", "orders.max-items=500\n");
        KeyStore pair = selfSignedPair(dir.resolve("vortex.p12"));
        X509Certificate certificate = (X509Certificate) pair.getCertificate("vortex");
        Path certificateFile =
                Files.writeString(dir.resolve("vortex.crt"), pem("CERTIFICATE", certificate.getEncoded()));
        Path keyFile = Files.writeString(
                dir.resolve("vortex.key"),
                pem("PRIVATE KEY", pair.getKey("vortex", PASSWORD).getEncoded()));
        SSLContext trusting = SSLContext.getInstance("TLS");
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(pair);
        trusting.init(null, trust.getTrustManagers(), null);

        try (VortexProcess vortex = VortexProcess.start(
                "--native",
                repo.toString(),
                "--tls-cert",
                certificateFile.toString(),
                "--tls-key",
                keyFile.toString())) {
            assertThat(vortex.url()).startsWith("https://");
            HttpResponse<String> response = HttpClient.newBuilder()
                    .sslContext(trusting)
                    .build()
                    .send(
                            HttpRequest.newBuilder(URI.create(vortex.url() + "/orders/prod"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.sslSession().orElseThrow().getPeerCertificates()[0])
                    .isEqualTo(certificate);

            SSLContext before = SSLContext.getDefault();
            SSLSocketFactory beforeFactory = HttpsURLConnection.getDefaultSSLSocketFactory();
            SSLContext.setDefault(trusting);
            HttpsURLConnection.setDefaultSSLSocketFactory(trusting.getSocketFactory());
            try (ConfigurableApplicationContext client = startClient(vortex.url())) {
                assertThat(client.getEnvironment().getProperty("orders.max-items"))
                        .isEqualTo("500");
            } finally {
                SSLContext.setDefault(before);
                HttpsURLConnection.setDefaultSSLSocketFactory(beforeFactory);
            }
        }
    }

    private static final char[] PASSWORD = "changeit".toCharArray();

    /** An EC key pair and its self-signed certificate for localhost and 127.0.0.1, made by the JDK's keytool. */
    private static KeyStore selfSignedPair(Path keystore) throws Exception {
        Process keytool = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "keytool")
                                .toString(),
                        "-genkeypair",
                        "-alias",
                        "vortex",
                        "-keyalg",
                        "EC",
                        "-groupname",
                        "secp256r1",
                        "-dname",
                        "CN=localhost",
                        "-ext",
                        "san=dns:localhost,ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        new String(PASSWORD))
                .redirectErrorStream(true)
                .start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0)
                .as("keytool: %s", output)
                .isTrue();
        KeyStore pair = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            pair.load(in, PASSWORD);
        }
        return pair;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Test
    void springBootClient_readsTheLabelItAsksFor_fromAGitBackend() throws Exception {
        Path remote = dir.resolve("remote");
        try (Git git = Git.init()
                .setDirectory(remote.toFile())
                .setInitialBranch("main")
                .call()) {
            PersonIdent author = new PersonIdent("Test", "test@example.com");
            write(remote, "orders.yml", "orders:\n  max-items: 50\n");
            git.add().addFilepattern(".").call();
            git.commit()
                    .setMessage("main")
                    .setAuthor(author)
                    .setCommitter(author)
                    .call();
            git.checkout().setCreateBranch(true).setName("release/2").call();
            write(remote, "orders-prod.yml", "orders:\n  max-items: 222\n");
            git.add().addFilepattern(".").call();
            git.commit()
                    .setMessage("release")
                    .setAuthor(author)
                    .setCommitter(author)
                    .call();
        }

        try (VortexProcess vortex = VortexProcess.start(
                "--git",
                remote.toUri().toString(),
                "--git-basedir",
                dir.resolve("clone").toString())) {
            try (ConfigurableApplicationContext onMain = startClient(vortex.url())) {
                assertThat(onMain.getEnvironment().getProperty("orders.max-items"))
                        .isEqualTo("50");
            }
            try (ConfigurableApplicationContext onRelease =
                    startClient(vortex.url(), "--spring.cloud.config.label=release/2")) {
                assertThat(onRelease.getEnvironment().getProperty("orders.max-items"))
                        .isEqualTo("222");
            }
        }
    }

    @Test
    void jsonLogFormat_writesOneJsonObjectPerLine() throws Exception {
        VortexProcess vortex = VortexProcess.start(
                java.util.Map.of("VORTEX_LOG_FORMAT", "json"), "--native", System.getProperty("vortex.examples"));

        assertThat(vortex.terminate()).isTrue();
        String[] lines = vortex.output().split("\n");
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            assertThat(line).startsWith("{\"@timestamp\"").endsWith("}");
        }
        assertThat(vortex.output()).contains("\"message\":\"Vortex stopped\"");
    }

    @Test
    void sigterm_shutsVortexDownGracefully() throws Exception {
        VortexProcess vortex = VortexProcess.start("--native", System.getProperty("vortex.examples"));

        assertThat(vortex.terminate()).isTrue();
        assertThat(vortex.output()).contains("Vortex shutting down").contains("Vortex stopped");
    }
}
