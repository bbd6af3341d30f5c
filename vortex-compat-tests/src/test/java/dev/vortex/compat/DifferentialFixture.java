package dev.vortex.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.springframework.security.crypto.encrypt.Encryptors;

/**
 * The repositories of the differential test, and the settings that point each server at one of them. A
 * fixture is built in a temporary directory once, and both servers read the very same files.
 */
enum DifferentialFixture {
    /** A native directory with every file the numbered cases of issue #14 need; no encryption key. */
    NATIVE,
    /** The same directory, served with a symmetric encryption key. */
    NATIVE_WITH_KEY,
    /** The same directory, with a key but server-side decryption turned off. */
    NATIVE_DECRYPT_OFF,
    /** The same directory, with an RSA key pair from a PKCS12 keystore. */
    NATIVE_WITH_KEYSTORE,
    /** Two native search locations that hold files of the same names. */
    NATIVE_TWO_LOCATIONS,
    /** A native search location with an {@code {application}} placeholder. */
    NATIVE_APPLICATION_PLACEHOLDER,
    /** A Git repository with a branch, a tag, and a branch created after both servers have fetched. */
    GIT,
    /** A Git repository with one folder per application, found through {@code search-paths: '{application}'}. */
    GIT_SEARCH_PATHS,
    /** The native directory with server-side overrides. */
    NATIVE_OVERRIDES;

    /** The symmetric key and salt of the key fixtures. */
    static final String KEY = "differential-secret";

    static final String SALT = "cafebabe";

    static final String KEYSTORE_PASSWORD = "storepass";

    static final String KEYSTORE_ALIAS = "configkey";

    /** {@code s3cret}, encrypted by Spring Security's own {@code Encryptors.text(KEY, SALT)} at build time. */
    static final String CIPHER = Encryptors.text(KEY, SALT).encrypt("s3cret");

    private static final PersonIdent AUTHOR = new PersonIdent("Test", "test@example.com");

    /** Where both servers read this fixture and how each is told so. */
    record Layout(Map<String, String> springProperties, List<String> vortexArgs, Map<String, String> vortexEnv) {}

    /**
     * Writes the fixture's repository under {@code dir}.
     *
     * @return the settings for each server
     */
    Layout build(Path dir) throws Exception {
        Map<String, String> spring = new LinkedHashMap<>();
        List<String> vortex = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        Path repo = dir.resolve("repo");
        switch (this) {
            case NATIVE, NATIVE_WITH_KEY, NATIVE_DECRYPT_OFF, NATIVE_WITH_KEYSTORE, NATIVE_OVERRIDES -> {
                writeCommonFiles(repo);
                nativeLocations(spring, vortex, repo.toString());
            }
            case NATIVE_TWO_LOCATIONS -> {
                Path first = dir.resolve("first");
                Path second = dir.resolve("second");
                write(first, "orders.yml", "where: first\nonly-first: 1\n");
                write(first, "notes.txt", "notes of the first location\n");
                write(second, "orders.yml", "where: second\nonly-second: 2\n");
                write(second, "notes.txt", "notes of the second location\n");
                nativeLocations(spring, vortex, first.toString(), second.toString());
            }
            case NATIVE_APPLICATION_PLACEHOLDER -> {
                write(repo.resolve("orders"), "application.yml", "team: orders\n");
                write(repo.resolve("billing"), "application.yml", "team: billing\n");
                nativeLocations(spring, vortex, repo + "/{application}");
            }
            case GIT -> {
                Path remote = dir.resolve("remote");
                try (Git git = Git.init()
                        .setDirectory(remote.toFile())
                        .setInitialBranch("main")
                        .call()) {
                    write(remote, "application.yml", "shared: from-application\nserver:\n  port: 8080\n");
                    write(remote, "orders.yml", "orders:\n  max-items: 50\n  currencies: [EUR, USD]\n");
                    write(remote, "orders-prod.properties", "orders.max-items=500\n");
                    commit(git, "main");
                    git.tag().setName("v1").call();
                    git.checkout().setCreateBranch(true).setName("release").call();
                    write(remote, "orders.yml", "orders:\n  max-items: 77\n");
                    commit(git, "release");
                    git.checkout().setName("main").call();
                }
                gitRemote(spring, vortex, remote, dir);
            }
            case GIT_SEARCH_PATHS -> {
                Path remote = dir.resolve("remote");
                try (Git git = Git.init()
                        .setDirectory(remote.toFile())
                        .setInitialBranch("main")
                        .call()) {
                    write(remote, "application.yml", "shared: from-root\n");
                    write(remote, "orders/application.yml", "team: orders\n");
                    write(remote, "orders/orders-prod.yml", "orders:\n  max-items: 500\n");
                    write(remote, "billing/billing.yml", "team: billing\n");
                    commit(git, "main");
                }
                gitRemote(spring, vortex, remote, dir);
                spring.put("spring.cloud.config.server.git.search-paths", "{application}");
                vortex.addAll(List.of("--git-search-paths", "{application}"));
            }
        }
        switch (this) {
            case NATIVE_OVERRIDES -> {
                spring.put("spring.cloud.config.server.overrides.forced", "yes");
                spring.put("spring.cloud.config.server.overrides.shared", "overridden");
                vortex.addAll(List.of("--override", "forced=yes", "--override", "shared=overridden"));
            }
            case NATIVE_WITH_KEY -> {
                spring.put("encrypt.key", KEY);
                spring.put("encrypt.salt", SALT);
                env.put("ENCRYPT_KEY", KEY);
                vortex.addAll(List.of("--encrypt-salt", SALT));
            }
            case NATIVE_DECRYPT_OFF -> {
                spring.put("encrypt.key", KEY);
                spring.put("encrypt.salt", SALT);
                spring.put("spring.cloud.config.server.encrypt.enabled", "false");
                vortex.addAll(List.of("--encrypt-key", KEY, "--encrypt-salt", SALT, "--decrypt", "false"));
            }
            case NATIVE_WITH_KEYSTORE -> {
                Path keystore = dir.resolve("keys.p12");
                makeKeystore(keystore);
                spring.put("encrypt.key-store.location", keystore.toUri().toString());
                spring.put("encrypt.key-store.password", KEYSTORE_PASSWORD);
                spring.put("encrypt.key-store.alias", KEYSTORE_ALIAS);
                spring.put("encrypt.key-store.type", "PKCS12");
                vortex.addAll(List.of(
                        "--encrypt-key-store", keystore.toString(),
                        "--encrypt-key-store-password", KEYSTORE_PASSWORD,
                        "--encrypt-key-store-alias", KEYSTORE_ALIAS));
            }
            default -> {}
        }
        return new Layout(spring, vortex, env);
    }

    /**
     * What a fixture does once both servers run and have answered a first request: the Git fixture creates
     * a branch, which Spring Cloud Config sees at once because it fetches on request.
     */
    void afterStart(Path dir) throws Exception {
        if (this == GIT) {
            try (Git git = Git.open(dir.resolve("remote").toFile())) {
                git.checkout().setCreateBranch(true).setName("late").call();
                write(dir.resolve("remote"), "orders.yml", "orders:\n  max-items: 3\n");
                commit(git, "late");
                git.checkout().setName("main").call();
            }
        }
    }

    private static void writeCommonFiles(Path repo) throws IOException {
        write(repo, "application.yml", "shared: from-application\nserver:\n  port: 8080\n");
        write(repo, "application-dev.properties", "shared.dev=from-application-dev\n");
        write(
                repo,
                "orders.yml",
                "server:\n  port: 8081\norders:\n  max-items: 50\n  currencies: [EUR, USD]\n"
                        + "zeta: last-in-file\nalpha: first-after-zeta\n");
        write(repo, "orders-prod.properties", "orders.max-items=500\nbeta=b\nalpha=a\n");
        // Item 1: Spring Boot does not read .json files, so this must not rank above everything.
        write(repo, "orders-dev.json", "{\"server\": {\"port\": 9999}, \"from-json\": true}\n");
        write(repo, "orders-dev.yml", "orders:\n  max-items: 5\n");
        // Item 2: .properties files are ISO-8859-1; one raw byte and one escape of the same letter.
        Files.write(
                repo.resolve("latin.properties"),
                "raw=caf\u00e9\nescaped=caf\\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        // Item 3: a secret encrypted by Spring's own encryptor, among plain values.
        write(
                repo,
                "secrets.yml",
                "before: plain\npassword: '{cipher}" + CIPHER + "'\nbroken: '{cipher}not-hex'\nafter: plain\n");
        // Item 4: a native label is a subdirectory.
        write(repo.resolve("v2"), "orders.yml", "orders:\n  max-items: 2000\n");
        // Items 6 and 7: a plain file with placeholders, one of them escaped.
        write(repo, "notes.txt", "port ${server.port}, escaped \\${server.port}\n");
        write(repo, "escaped.yml", "greeting: \"\\\\${shared}\"\nplain: ${shared}\n");
        // A list of three items overridden by a list of one in a profile file.
        write(repo, "lists.yml", "endpoints: [app-0, app-1, app-2]\n");
        write(repo, "lists-prod.yml", "endpoints: [prod-0]\nthird: ${endpoints[2]}\n");
        write(repo, "endpoints.txt", "${endpoints[0]} ${endpoints[2]}\n");
        // Item 8: YAML documents whose root is not a map.
        write(repo, "scalar.yml", "just a string\n");
        write(repo, "listy.yml", "- a\n- b\n");
    }

    /** Both servers on the Git repository at {@code remote}, default label {@code main}, clones under {@code dir}. */
    private static void gitRemote(Map<String, String> spring, List<String> vortex, Path remote, Path dir) {
        // Without a trailing slash: Spring names sources <uri>/<file>, so "remote/" would give "remote//".
        String uri = "file://" + remote;
        spring.put("spring.cloud.config.server.git.uri", uri);
        spring.put("spring.cloud.config.server.git.default-label", "main");
        spring.put(
                "spring.cloud.config.server.git.basedir",
                dir.resolve("spring-clone").toString());
        vortex.addAll(List.of(
                "--git", uri, "--git-basedir", dir.resolve("vortex-clone").toString()));
    }

    private static void nativeLocations(Map<String, String> spring, List<String> vortex, String... locations) {
        List<String> springLocations = new ArrayList<>();
        for (String location : locations) {
            springLocations.add("file:" + location + "/");
            vortex.addAll(List.of("--native", location));
        }
        spring.put("spring.profiles.active", "native");
        spring.put("spring.cloud.config.server.native.search-locations", String.join(",", springLocations));
    }

    private static void makeKeystore(Path keystore) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        KEYSTORE_ALIAS,
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-dname",
                        "CN=differential",
                        "-validity",
                        "3650",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        keystore.toString(),
                        "-storepass",
                        KEYSTORE_PASSWORD)
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }

    private static void commit(Git git, String message) throws Exception {
        git.add().addFilepattern(".").call();
        git.commit().setMessage(message).setAuthor(AUTHOR).setCommitter(AUTHOR).call();
    }

    static void write(Path root, String relativePath, String content) throws IOException {
        Path file = root.resolve(relativePath);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
