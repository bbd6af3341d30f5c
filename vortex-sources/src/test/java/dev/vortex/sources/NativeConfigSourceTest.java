package dev.vortex.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vortex.core.ConfigFormatException;
import dev.vortex.core.Environment;
import dev.vortex.core.PropertySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NativeConfigSourceTest {

    @TempDir
    Path root;

    Path config;
    Path outside;

    @BeforeEach
    void createDirectories() throws IOException {
        config = Files.createDirectories(root.resolve("config"));
        outside = Files.createDirectories(root.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "top secret");
    }

    @Test
    void find_readsFilesOfTheDirectory_namedAsFileUris() throws IOException {
        write("myapp.yml", "server:\n  port: 8081\n");
        write("application.properties", "greeting=hello\n");

        Environment environment = NativeConfigSource.of(config).find("myapp", "default", "main");

        assertThat(environment.propertySources())
                .extracting(PropertySource::name)
                .containsExactly(
                        "file:" + config.toAbsolutePath() + "/myapp.yml",
                        "file:" + config.toAbsolutePath() + "/application.properties");
        assertThat(environment.mergedProperties())
                .containsEntry("server.port", 8081)
                .containsEntry("greeting", "hello");
    }

    @Test
    void find_echoesTheRequestedLabel_andHasNoVersion() throws IOException {
        write("myapp.yml", "a: 1\n");
        NativeConfigSource source = NativeConfigSource.of(config);

        assertThat(source.find("myapp", "default", "feature/x").label()).isEqualTo("feature/x");
        assertThat(source.find("myapp", "default", null).label()).isNull();
        assertThat(source.find("myapp", "default", null).version()).isNull();
        assertThat(source.defaultLabel()).isNull();
    }

    @Test
    void find_readsTheFilesAgainOnEveryCall() throws IOException {
        write("myapp.yml", "a: 1\n");
        NativeConfigSource source = NativeConfigSource.of(config);
        assertThat(source.find("myapp", "default", null).mergedProperties()).containsEntry("a", 1);

        write("myapp.yml", "a: 2\n");

        assertThat(source.find("myapp", "default", null).mergedProperties()).containsEntry("a", 2);
    }

    @Test
    void find_withBrokenYaml_failsNamingTheFile() throws IOException {
        write("myapp.yml", "a: [unclosed\n");
        NativeConfigSource source = NativeConfigSource.of(config);

        assertThatThrownBy(() -> source.find("myapp", "default", null))
                .isInstanceOf(ConfigFormatException.class)
                .hasMessageContaining(
                        config.resolve("myapp.yml").toAbsolutePath().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../outside/secret", "a/b", "a\\b"})
    void find_refusesApplicationNamesThatAreNotPlainNames(String application) {
        NativeConfigSource source = NativeConfigSource.of(config);

        assertThatThrownBy(() -> source.find(application, "default", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(application);
    }

    @Test
    void find_refusesProfilesThatAreNotPlainNames() {
        NativeConfigSource source = NativeConfigSource.of(config);

        assertThatThrownBy(() -> source.find("myapp", "prod,../../outside/secret", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("../../outside/secret");
    }

    @Test
    void findFile_prefersTheFirstProfileVariant_thenLaterProfiles_thenThePlainFile_asSpringCloudConfigServer()
            throws IOException {
        write("nginx/nginx.conf", "plain");
        write("nginx/nginx-a.conf", "for a");
        write("nginx/nginx-b.conf", "for b");
        write(".bashrc", "dot");
        write("-prod.bashrc", "dot prod");
        NativeConfigSource source = NativeConfigSource.of(config);

        assertThat(content(source.findFile("myapp", "a,b", null, "nginx/nginx.conf")))
                .isEqualTo("for a");
        assertThat(content(source.findFile("myapp", "b,a", null, "nginx/nginx.conf")))
                .isEqualTo("for b");
        assertThat(content(source.findFile("myapp", "c", null, "nginx/nginx.conf")))
                .isEqualTo("plain");
        // "default" stands for the plain file itself.
        assertThat(content(source.findFile("myapp", "default,a", null, "nginx/nginx.conf")))
                .isEqualTo("plain");
        assertThat(content(source.findFile("myapp", "prod", null, ".bashrc"))).isEqualTo("dot prod");
    }

    @Test
    void findFile_namesTheFileItRead() throws IOException {
        write("nginx/nginx-prod.conf", "for prod");

        Optional<SourceFile> file = NativeConfigSource.of(config).findFile("myapp", "prod", null, "nginx/nginx.conf");

        assertThat(file).map(SourceFile::name).contains("file:" + config.toAbsolutePath() + "/nginx/nginx-prod.conf");
    }

    @Test
    void findFile_theFirstLocationWithAnyCandidateWins() throws IOException {
        Path second = Files.createDirectories(root.resolve("second"));
        write("nginx.conf", "first plain");
        Files.writeString(second.resolve("nginx.conf"), "second plain");
        Files.writeString(second.resolve("nginx-prod.conf"), "second prod");
        Files.writeString(second.resolve("only-second.conf"), "second only");
        NativeConfigSource source = NativeConfigSource.of(config, second);

        assertThat(content(source.findFile("myapp", "prod", null, "nginx.conf")))
                .isEqualTo("first plain");
        assertThat(content(source.findFile("myapp", "dev", null, "only-second.conf")))
                .isEqualTo("second only");
    }

    @Test
    void findFile_withoutExtension_appendsTheProfile() throws IOException {
        write("conf.d/Dockerfile-prod", "prod");

        assertThat(content(NativeConfigSource.of(config).findFile("myapp", "prod", null, "conf.d/Dockerfile")))
                .isEqualTo("prod");
    }

    @Test
    void findFile_isEmpty_whenNoVariantExists() {
        assertThat(NativeConfigSource.of(config).findFile("myapp", "prod", null, "missing.txt"))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../outside/secret.txt", "a/../../outside/secret.txt", "./x.txt", "a//b.txt", "a\\b.txt"})
    void findFile_refusesTraversalSpellings_beforeReadingAnything(String path) {
        NativeConfigSource source = NativeConfigSource.of(config);

        assertThatThrownBy(() -> source.findFile("myapp", "default", null, path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid path");
    }

    @Test
    void findFile_refusesAnAbsolutePath() {
        NativeConfigSource source = NativeConfigSource.of(config);
        String absolute = outside.resolve("secret.txt").toAbsolutePath().toString();

        assertThatThrownBy(() -> source.findFile("myapp", "default", null, absolute))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be relative");
    }

    @Test
    void findFile_refusesNul() {
        NativeConfigSource source = NativeConfigSource.of(config);

        assertThatThrownBy(() -> source.findFile("myapp", "default", null, "x.txt\0.yml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NUL");
    }

    @Test
    void findFile_doesNotFollowASymlinkPointingOutsideTheDirectory() throws IOException {
        Files.createSymbolicLink(config.resolve("leak.txt"), outside.resolve("secret.txt"));
        Files.createSymbolicLink(config.resolve("leakdir"), outside);
        NativeConfigSource source = NativeConfigSource.of(config);

        assertThat(source.findFile("myapp", "default", null, "leak.txt")).isEmpty();
        assertThat(source.findFile("myapp", "default", null, "leakdir/secret.txt"))
                .isEmpty();
    }

    @Test
    void findFile_followsASymlinkThatStaysInsideTheDirectory() throws IOException {
        // The shape of a Kubernetes ConfigMap mount: files are links into a ..data directory.
        write("..data/app.conf", "mounted");
        Files.createSymbolicLink(config.resolve("app.conf"), Path.of("..data/app.conf"));

        assertThat(content(NativeConfigSource.of(config).findFile("myapp", "default", null, "app.conf")))
                .isEqualTo("mounted");
    }

    @Test
    void find_doesNotReadAConfigFileLinkedFromOutside() throws IOException {
        Files.writeString(outside.resolve("myapp.yml"), "stolen: true\n");
        Files.createSymbolicLink(config.resolve("myapp.yml"), outside.resolve("myapp.yml"));

        assertThat(NativeConfigSource.of(config).find("myapp", "default", null).propertySources())
                .isEmpty();
    }

    @Test
    void refresh_reportsNothing_whenNothingChanged() throws IOException {
        write("myapp.yml", "a: 1\n");
        NativeConfigSource source = NativeConfigSource.of(config);

        assertThat(source.refresh()).isEqualTo(SourceChange.none());
        assertThat(source.refresh()).isEqualTo(SourceChange.none());
    }

    @Test
    void refresh_namesACreatedFile_asANewName_thenNothing() throws IOException {
        NativeConfigSource source = NativeConfigSource.of(config);

        write("nested/dir/myapp.yml", "a: 1\n");

        assertThat(source.refresh()).isEqualTo(changed(true, "nested/dir/myapp.yml"));
        assertThat(source.refresh()).isEqualTo(SourceChange.none());
    }

    @Test
    void refresh_namesAModifiedFile_evenWithTheSameSize_asNoNewName() throws IOException {
        Path file = write("myapp.yml", "a: 1\n");
        write("other.yml", "b: 1\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000));
        NativeConfigSource source = NativeConfigSource.of(config);

        Files.writeString(file, "a: 2\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(2_000_000));

        SourceChange change = source.refresh();
        assertThat(change).isEqualTo(changed(false, "myapp.yml"));
        assertThat(change.mayHaveChangedFileNames()).isFalse();
        assertThat(change.affects("myapp", "prod", null)).isTrue();
        assertThat(change.affects("other", "prod", null)).isFalse();
        assertThat(source.refresh()).isEqualTo(SourceChange.none());
    }

    /**
     * File times move in clock ticks (a few milliseconds on Linux, a second or two on some file systems): two writes
     * of the same size within one tick leave size, time and file key as they were. A scan or a read between them
     * must not take the second for the first.
     */
    @Test
    void refresh_namesAFileRewrittenWithinOneClockTick_withTheSameSize() throws IOException {
        Path file = write("myapp.yml", "a: 1\n");
        NativeConfigSource source = NativeConfigSource.of(config);
        FileTime tick = Files.getLastModifiedTime(file);

        Files.writeString(file, "a: 2\n");
        Files.setLastModifiedTime(file, tick);

        assertThat(source.refresh()).isEqualTo(changed(false, "myapp.yml"));
        assertThat(source.refresh()).isEqualTo(SourceChange.none());
    }

    @Test
    void find_readsAFileRewrittenWithinOneClockTick_withTheSameSize() throws IOException {
        Path file = write("myapp.yml", "a: 1\n");
        NativeConfigSource source = NativeConfigSource.of(config);
        assertThat(source.find("myapp", "default", null).mergedProperties()).containsEntry("a", 1);
        FileTime tick = Files.getLastModifiedTime(file);

        Files.writeString(file, "a: 2\n");
        Files.setLastModifiedTime(file, tick);

        assertThat(source.find("myapp", "default", null).mergedProperties()).containsEntry("a", 2);
    }

    /**
     * Files recent at the last reported scan and old by the next change: the settle rounds between must keep what
     * that comparison needs, or every such file is reported changed (and every key re-resolved).
     */
    @Test
    void refresh_namesOnlyTheEditedFile_whenTheOthersStoppedBeingRecentSinceTheLastScan() throws IOException {
        write("application.yml", "shared: 1\n");
        write("orders.yml", "a: 1\n");
        Path ordersProd = write("orders-prod.yml", "b: 1\n");
        long[] now = {System.currentTimeMillis()};
        NativeConfigSource source = NativeConfigSource.of(List.of(config), () -> now[0]);
        now[0] += RecentFileTimes.RECENT.toMillis() + 2_000;

        Files.writeString(ordersProd, "b: 22\n");
        Files.setLastModifiedTime(ordersProd, FileTime.fromMillis(now[0]));

        assertThat(source.refresh()).isEqualTo(changed(false, "orders-prod.yml"));
        assertThat(source.refresh()).isEqualTo(SourceChange.none());
    }

    @Test
    void refresh_andFind_trustTheFileTime_onceTheFileIsOlderThanAClockTickCanBe() throws IOException {
        // Written long ago: a rewrite would have a new time, so nothing is read to compare contents (the same
        // size and time here can only be this test setting them).
        Path file = write("myapp.yml", "a: 1\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000));
        NativeConfigSource source = NativeConfigSource.of(config);
        assertThat(source.find("myapp", "default", null).mergedProperties()).containsEntry("a", 1);

        Files.writeString(file, "a: 2\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000));

        assertThat(source.refresh()).isEqualTo(SourceChange.none());
        assertThat(source.find("myapp", "default", null).mergedProperties()).containsEntry("a", 1);
    }

    /**
     * A rewrite in place truncates, then writes: a writer that stalls in between must not have the empty file
     * reported (every client would lose each setting of the file until the write lands).
     */
    @Test
    void refresh_waitsForAConfigFileCaughtEmpty_toBeWritten() throws Exception {
        Path file = write("myapp.yml", "a: 1\n");
        NativeConfigSource source = NativeConfigSource.of(config);
        Files.write(file, new byte[0]);
        Thread writer = new Thread(() -> {
            try {
                Thread.sleep(200);
                Files.writeString(file, "a: 2\n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        writer.start();

        SourceChange change = source.refresh();
        writer.join();

        assertThat(change).isEqualTo(changed(false, "myapp.yml"));
        assertThat(source.refresh())
                .as("the first refresh saw the written file")
                .isEqualTo(SourceChange.none());
    }

    @Test
    void refresh_reportsAConfigFileEmptiedOnPurpose_afterItsWait() throws IOException {
        Path file = write("myapp.yml", "a: 1\n");
        NativeConfigSource source = NativeConfigSource.of(config);

        Files.write(file, new byte[0]);

        assertThat(source.refresh()).isEqualTo(changed(false, "myapp.yml"));
        assertThat(source.find("myapp", "default", null).mergedProperties()).doesNotContainKey("a");
    }

    @Test
    void refresh_namesADeletedFile() throws IOException {
        Path file = write("myapp.yml", "a: 1\n");
        write("application.yml", "b: 2\n");
        NativeConfigSource source = NativeConfigSource.of(config);

        Files.delete(file);

        assertThat(source.refresh()).isEqualTo(changed(true, "myapp.yml"));
    }

    @Test
    void refresh_namesBothNamesOfARenamedFile() throws IOException {
        Path file = write("orders-prod.yml", "a: 1\n");
        write("application.yml", "b: 2\n");
        NativeConfigSource source = NativeConfigSource.of(config);

        Files.move(file, config.resolve("billing-prod.yml"));

        SourceChange change = source.refresh();
        assertThat(change).isEqualTo(changed(true, "orders-prod.yml", "billing-prod.yml"));
        assertThat(change.affects("orders", "prod", null)).isTrue();
        assertThat(change.affects("billing", "prod", null)).isTrue();
        assertThat(change.affects("shipping", "prod", null)).isFalse();
        assertThat(change.affects("orders", "dev", null))
                .as("another profile's files")
                .isFalse();
    }

    @Test
    void refresh_namesAFileOfALabelFolder_withItsFolder_andItAffectsItsApplicationOnly() throws IOException {
        Path file = write("release/orders.yml", "a: 1\n");
        write("billing.yml", "b: 2\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_000_000));
        NativeConfigSource source = NativeConfigSource.of(config);

        Files.writeString(file, "a: 2\n");
        Files.setLastModifiedTime(file, FileTime.fromMillis(2_000_000));

        SourceChange change = source.refresh();
        assertThat(change).isEqualTo(changed(false, "release/orders.yml"));
        assertThat(change.affects("orders", "prod", "release")).isTrue();
        assertThat(change.affects("billing", "prod", "release")).isFalse();
    }

    /**
     * An atomic replacement (write a temporary file, rename it over the old one) may keep the size and, within the
     * clock's resolution, the modification time: the file key (inode) still tells the new file from the old.
     */
    @Test
    void refresh_seesAFileReplacedByAnotherOfTheSameSizeAndTime() throws IOException {
        Path file = write("myapp.yml", "a: 1\n");
        FileTime time = FileTime.fromMillis(1_000_000);
        Files.setLastModifiedTime(file, time);
        NativeConfigSource source = NativeConfigSource.of(config);
        Path replacement = Files.writeString(root.resolve("myapp.yml.tmp"), "a: 2\n");
        Files.setLastModifiedTime(replacement, time);

        Files.move(replacement, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

        assertThat(source.refresh()).isEqualTo(changed(false, "myapp.yml"));
        assertThat(source.find("myapp", "default", null).mergedProperties()).containsEntry("a", 2);
    }

    /**
     * A recent config file is hashed while its time is recent, once more when it is not (to compare with the scan
     * that found it recent), and then no more: config files edited once are not read on every scan forever.
     */
    @Test
    void fingerprint_hashesARecentFile_untilItsTimeIsOldEnough_thenOnceMore_thenNoMore() throws IOException {
        write("myapp.yml", "a: 1\n");
        write("notes.txt", "not a config file\n");
        long[] now = {System.currentTimeMillis()};
        DirectoryFingerprint fingerprint =
                new DirectoryFingerprint(List.of(config), DirectoryFingerprint.MAX_FILES, () -> now[0]);
        DirectoryFingerprint.Entry myapp = new DirectoryFingerprint.Entry(0, "myapp.yml");
        DirectoryFingerprint.Entry notes = new DirectoryFingerprint.Entry(0, "notes.txt");

        DirectoryFingerprint.Scan recent = fingerprint.compute();
        assertThat(recent.versions().get(myapp).recent()).isTrue();
        assertThat(recent.versions().get(myapp).content()).isNotNull();
        assertThat(recent.versions().get(notes).content())
                .as("not a config file")
                .isNull();

        now[0] += RecentFileTimes.RECENT.toMillis() + 1_000;
        DirectoryFingerprint.Scan last = fingerprint.compute(recent);
        assertThat(last.versions().get(myapp).recent()).isFalse();
        assertThat(last.versions().get(myapp).content())
                .isEqualTo(recent.versions().get(myapp).content());
        assertThat(last.unchangedSince(recent)).isTrue();

        DirectoryFingerprint.Scan after = fingerprint.compute(last);
        assertThat(after.versions().get(myapp).content()).isNull();
        assertThat(after.unchangedSince(last)).isTrue();
    }

    @Test
    void aScanCutOffByTheFileLimit_reportsEverything_whenItDiffers() throws IOException {
        Path a = write("a.yml", "a: 1\n");
        Path b = write("b.yml", "b: 1\n");
        DirectoryFingerprint bounded = new DirectoryFingerprint(List.of(config), 1);
        DirectoryFingerprint.Scan before = bounded.compute();

        Files.setLastModifiedTime(a, FileTime.fromMillis(3_000_000));
        Files.setLastModifiedTime(b, FileTime.fromMillis(3_000_000));

        assertThat(bounded.compute().complete()).isFalse();
        assertThat(bounded.compute().changesSince(before)).isEqualTo(SourceChange.all());
    }

    private static SourceChange changed(boolean namesChanged, String... paths) {
        return SourceChange.inEveryLabel(new ChangedFiles(Set.of(paths), namesChanged));
    }

    @Test
    void aSearchLocationThatVanishes_isAFailure_notAChange_untilItIsBack() throws IOException {
        write("myapp.yml", "a: 1\n");
        NativeConfigSource source = NativeConfigSource.of(config);
        Path away = root.resolve("away");

        Files.move(config, away);

        assertThat(source.refresh()).isEqualTo(SourceChange.none());
        assertThat(source.health().up()).isFalse();
        assertThat(source.health().details().get("error").toString()).contains(config.toString());
        assertThatThrownBy(() -> source.find("myapp", "default", null))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("does not exist");

        Files.move(away, config);

        assertThat(source.refresh()).isEqualTo(SourceChange.none());
        assertThat(source.health().up()).isTrue();
    }

    @Test
    void aSearchLocationEmptiedAfterHoldingFiles_isAFailure() throws IOException {
        Path file = write("myapp.yml", "a: 1\n");
        NativeConfigSource source = NativeConfigSource.of(config);

        Files.delete(file);

        assertThat(source.refresh()).isEqualTo(SourceChange.none());
        assertThat(source.health().up()).isFalse();
        assertThat(source.health().details().get("error").toString()).contains("is empty");
    }

    /**
     * A resolution lists only the locations it read no file from (a listing costs far more than the stat): one whose
     * files are all gone by the next resolution reads nothing there, lists it, and fails.
     */
    @Test
    void aSearchLocationEmptiedBetweenTwoResolutions_failsTheSecond() throws IOException {
        Path file = write("myapp.yml", "a: 1\n");
        NativeConfigSource source = NativeConfigSource.of(config);
        assertThat(source.find("myapp", "default", null).mergedProperties()).containsEntry("a", 1);

        Files.delete(file);

        assertThatThrownBy(() -> source.find("myapp", "default", null))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining("is empty although it held files");
    }

    /** The same per location: a file read from the first does not vouch for the second. */
    @Test
    void aSecondSearchLocationEmptied_failsAResolutionThatReadTheFirst() throws IOException {
        write("myapp.yml", "a: 1\n");
        Path second = Files.createDirectories(root.resolve("second"));
        Path other = Files.writeString(second.resolve("other.yml"), "b: 1\n");
        NativeConfigSource source = NativeConfigSource.of(List.of(config, second));
        assertThat(source.find("myapp", "default", null).mergedProperties()).containsEntry("a", 1);

        Files.delete(other);

        assertThatThrownBy(() -> source.find("myapp", "default", null))
                .isInstanceOf(SourceUnavailableException.class)
                .hasMessageContaining(second.toString())
                .hasMessageContaining("is empty although it held files");
    }

    @Test
    void fingerprint_seesNoFilePastItsLimit() throws IOException {
        write("a.yml", "a: 1\n");
        DirectoryFingerprint bounded = new DirectoryFingerprint(List.of(config), 0);
        DirectoryFingerprint unbounded = new DirectoryFingerprint(List.of(config));
        DirectoryFingerprint.Scan boundedBefore = bounded.compute();
        DirectoryFingerprint.Scan unboundedBefore = unbounded.compute();

        write("b.yml", "b: 1\n");

        assertThat(bounded.compute()).isEqualTo(boundedBefore);
        assertThat(unbounded.compute()).isNotEqualTo(unboundedBefore);
    }

    @Test
    void of_refusesAMissingDirectory_namingIt() {
        Path missing = root.resolve("missing");

        assertThatThrownBy(() -> NativeConfigSource.of(missing))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toAbsolutePath().toString())
                .hasMessageContaining("does not exist");
    }

    @Test
    void of_refusesAFile_namingIt() throws IOException {
        Path file = write("not-a-dir.txt", "x");

        assertThatThrownBy(() -> NativeConfigSource.of(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toAbsolutePath().toString())
                .hasMessageContaining("not a directory");
    }

    @Test
    void health_isUp_withTheDirectories() {
        NativeConfigSource source = NativeConfigSource.of(config);

        assertThat(source.health())
                .isEqualTo(new SourceHealth(
                        true,
                        Map.of("directories", List.of(config.toAbsolutePath().toString()))));
        assertThat(source.description()).contains(config.toAbsolutePath().toString());
    }

    private Path write(String relative, String content) throws IOException {
        Path path = config.resolve(relative);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, content, StandardCharsets.UTF_8);
    }

    @Test
    void labelAndTemplateValues_thatCouldLeaveTheLocation_areRefused_namingThem() throws IOException {
        NativeConfigSource source = NativeConfigSource.of(config, root.resolve("config/{label}"));

        assertThatThrownBy(() -> source.find("myapp", "default", "../outside"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'../outside'");
        assertThatThrownBy(() -> source.find("myapp", "default", "a//b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a//b'");
    }

    @Test
    void templateLocation_whoseFixedDirectoryIsMissing_isRefusedAtStart_namingIt() {
        Path missing = root.resolve("missing");

        assertThatThrownBy(() -> NativeConfigSource.of(missing.resolve("{application}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing + " (the fixed part of " + missing + "/{application})")
                .hasMessageContaining("does not exist");
    }

    @Test
    void fileColonPrefix_ofSpringCloudConfigSearchLocations_isAccepted() throws IOException {
        write("myapp.yml", "a: 1\n");

        Environment environment =
                NativeConfigSource.of(Path.of("file:" + config)).find("myapp", "default", null);

        assertThat(environment.propertySources()).hasSize(1);
    }

    private static String content(Optional<SourceFile> file) {
        assertThat(file).isPresent();
        return new String(file.get().content(), StandardCharsets.UTF_8);
    }
}
