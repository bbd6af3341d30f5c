package dev.vortex.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.vortex.core.Environment;
import dev.vortex.core.PropertySource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * Runs the Git source against a real repository made with JGit: {@code main} (two commits), {@code
 * feature/x} branched from the first and given its own commit, and an annotated tag {@code v1} on the first
 * commit of main.
 */
@Timeout(60)
class GitConfigSourceTest {

    @TempDir
    Path root;

    GitRemote remote;
    RevCommit first;
    RevCommit second;
    RevCommit feature;
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
    List<GitConfigSource> sources = new ArrayList<>();

    @BeforeEach
    void createRemote() throws IOException, GitAPIException {
        remote = GitRemote.create(root.resolve("remote"), "main");
        first = remote.commit(
                "first",
                Map.of(
                        "application.yml", "greeting: hello\nwhere: main-1\n",
                        "myapp.yml", "server:\n  port: 8080\n",
                        "myapp-prod.yml", "server:\n  port: 9090\n",
                        "nginx/nginx.conf", "plain",
                        "nginx/nginx-prod.conf", "for prod"));
        remote.tag("v1");
        remote.createBranch("feature/x");
        feature = remote.commit("feature", Map.of("application.yml", "greeting: hello\nwhere: feature\n"));
        remote.checkout("main");
        second = remote.commit("second", Map.of("application.yml", "greeting: hello\nwhere: main-2\n"));
    }

    @AfterEach
    void closeAll() {
        sources.forEach(GitConfigSource::close);
        remote.close();
    }

    @Test
    void find_onMain_readsTheBranchTip_namesSourcesByUri_andVersionsByCommit() {
        Environment environment = source().find("myapp", "prod", "main");

        assertThat(environment.propertySources())
                .extracting(PropertySource::name)
                .containsExactly(
                        remote.uri() + "/myapp-prod.yml",
                        remote.uri() + "/myapp.yml",
                        remote.uri() + "/application.yml");
        assertThat(environment.mergedProperties())
                .containsEntry("server.port", 9090)
                .containsEntry("where", "main-2");
        assertThat(environment.label()).isEqualTo("main");
        assertThat(environment.version()).isEqualTo(second.name()).hasSize(40);
    }

    @Test
    void find_withoutLabel_servesTheDefaultLabel_main() {
        GitConfigSource source = source();

        Environment environment = source.find("myapp", "default", null);

        assertThat(source.defaultLabel()).isEqualTo("main");
        assertThat(environment.label()).isEqualTo("main");
        assertThat(environment.version()).isEqualTo(second.name());
    }

    @Test
    void find_onABranchWithASlash() {
        Environment environment = source().find("myapp", "default", "feature/x");

        assertThat(environment.mergedProperties()).containsEntry("where", "feature");
        assertThat(environment.label()).isEqualTo("feature/x");
        assertThat(environment.version()).isEqualTo(feature.name());
    }

    @Test
    void find_onAnAnnotatedTag_readsTheTaggedCommit() {
        Environment environment = source().find("myapp", "default", "v1");

        assertThat(environment.mergedProperties()).containsEntry("where", "main-1");
        assertThat(environment.label()).isEqualTo("v1");
        assertThat(environment.version()).isEqualTo(first.name());
    }

    @Test
    void find_onAFullCommitId() {
        Environment environment = source().find("myapp", "default", first.name());

        assertThat(environment.mergedProperties()).containsEntry("where", "main-1");
        assertThat(environment.version()).isEqualTo(first.name());
        assertThat(environment.label()).isEqualTo(first.name());
    }

    @Test
    void find_onAnAbbreviatedCommitId() {
        Environment environment =
                source().find("myapp", "default", feature.name().substring(0, 7));

        assertThat(environment.mergedProperties()).containsEntry("where", "feature");
        assertThat(environment.version()).isEqualTo(feature.name());
    }

    @Test
    void find_onHead_fullRefNames_andShortCommitIds_likeSpringCloudConfigServer() {
        GitConfigSource source = source();

        Environment head = source.find("myapp", "default", "HEAD");
        assertThat(head.label()).isEqualTo("HEAD");
        assertThat(head.version()).isEqualTo(second.name());
        assertThat(source.find("myapp", "default", "refs/heads/main").version()).isEqualTo(second.name());
        assertThat(source.find("myapp", "default", "refs/heads/feature/x").version())
                .isEqualTo(feature.name());
        assertThat(source.find("myapp", "default", "refs/tags/v1").version()).isEqualTo(first.name());
        assertThat(source.find("myapp", "default", feature.name().substring(0, 4))
                        .version())
                .isEqualTo(feature.name());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "nope",
                "feature",
                "0000000",
                "HEAD~1",
                "main^",
                "main~1",
                "@{-1}",
                "main@{0}",
                "refs/heads/nope",
                "refs/tags/main",
                "refs/remotes/origin/main",
                "0"
            })
    void find_onAnythingButABranchTagOrCommitId_throwsNoSuchLabel(String label) {
        GitConfigSource source = source();

        assertThatThrownBy(() -> source.find("myapp", "default", label))
                .isInstanceOf(NoSuchLabelException.class)
                .extracting(e -> ((NoSuchLabelException) e).label())
                .isEqualTo(label);
    }

    @Test
    void find_onAnUpperCaseCommitId_throwsNoSuchLabel() {
        GitConfigSource source = source();
        String upper = first.name().toUpperCase(java.util.Locale.ROOT);

        assertThatThrownBy(() -> source.find("myapp", "default", upper)).isInstanceOf(NoSuchLabelException.class);
    }

    @Test
    void defaultLabel_fallsBackToMaster_whenTheRepositoryHasNoMain() throws IOException, GitAPIException {
        try (GitRemote legacy = GitRemote.create(root.resolve("legacy"), "master")) {
            legacy.commit("only", Map.of("myapp.yml", "where: master\n"));
            GitConfigSource source = track(GitConfigSource.builder()
                    .uri(legacy.uri())
                    .basedir(root.resolve("legacy-clone"))
                    .build());

            Environment environment = source.find("myapp", "default", null);

            assertThat(source.defaultLabel()).isEqualTo("master");
            assertThat(environment.label()).isEqualTo("master");
            assertThat(environment.mergedProperties()).containsEntry("where", "master");
        }
    }

    @Test
    void defaultLabel_configured_isServedWhenNoLabelIsRequested() {
        GitConfigSource source = track(builder().defaultLabel("feature/x").build());

        assertThat(source.defaultLabel()).isEqualTo("feature/x");
        assertThat(source.find("myapp", "default", null).mergedProperties()).containsEntry("where", "feature");
    }

    @Test
    void sourceNames_haveNoDoubleSlash_whenTheUriEndsWithASlash() {
        GitConfigSource source = track(builder().uri(remote.uri() + "/").build());

        assertThat(source.find("myapp", "default", "main").propertySources())
                .extracting(PropertySource::name)
                .contains(remote.uri() + "/myapp.yml");
    }

    @Test
    void searchPaths_readFoldersInsideTheRepository_afterTheRoot_laterFoldersWin() throws IOException, GitAPIException {
        remote.commit(
                "folders",
                Map.of(
                        "base/myapp.yml", "where: base\nonly.base: true\n",
                        "overrides/myapp.yml", "where: overrides\n"));
        GitConfigSource source =
                track(builder().searchPaths("base", "overrides/").build());

        Environment environment = source.find("myapp", "default", "main");

        assertThat(environment.propertySources())
                .extracting(PropertySource::name)
                .containsExactly(
                        remote.uri() + "/overrides/myapp.yml",
                        remote.uri() + "/base/myapp.yml",
                        remote.uri() + "/myapp.yml",
                        remote.uri() + "/application.yml");
        assertThat(environment.mergedProperties())
                .containsEntry("where", "overrides")
                .containsEntry("only.base", true);
    }

    @Test
    void searchPaths_refuseTraversal() {
        assertThatThrownBy(() -> builder().searchPaths("../elsewhere"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("../elsewhere");
    }

    @Test
    void findFile_readsTheProfileVariantFromTheLabelsCommit() {
        GitConfigSource source = source();

        Optional<SourceFile> file = source.findFile("myapp", "prod", "v1", "nginx/nginx.conf");

        assertThat(file).map(SourceFile::name).contains(remote.uri() + "/nginx/nginx-prod.conf");
        assertThat(file)
                .map(f -> new String(f.content(), StandardCharsets.UTF_8))
                .contains("for prod");
        assertThat(source.findFile("myapp", "dev", "v1", "nginx/nginx.conf"))
                .map(f -> new String(f.content(), StandardCharsets.UTF_8))
                .contains("plain");
        assertThat(source.findFile("myapp", "dev", "v1", "nginx/missing.conf")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../remote/myapp.yml", "nginx/../../x", "/etc/passwd", "nginx\\nginx.conf"})
    void findFile_refusesTraversalSpellings(String path) {
        GitConfigSource source = source();

        assertThatThrownBy(() -> source.findFile("myapp", "default", "main", path))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid path");
    }

    @Test
    void findFile_onAnUnknownLabel_throwsNoSuchLabel() {
        GitConfigSource source = source();

        assertThatThrownBy(() -> source.findFile("myapp", "default", "nope", "nginx/nginx.conf"))
                .isInstanceOf(NoSuchLabelException.class);
    }

    @Test
    void aBranchThatMoved_isReadAtItsNewCommit_notFromTheTreeKeptForTheOldOne() throws IOException, GitAPIException {
        GitConfigSource source = source();
        String before = source.find("myapp", "default", "main").version();
        RevCommit next = remote.commit("next", Map.of("application.yml", "where: moved\n"));

        source.refresh();
        Environment moved = source.find("myapp", "default", "main");

        assertThat(moved.version()).isEqualTo(next.name()).isNotEqualTo(before);
        assertThat(moved.mergedProperties()).containsEntry("where", "moved");
        assertThat(source.find("myapp", "default", before).mergedProperties()).doesNotContainEntry("where", "moved");
    }

    @Test
    void refresh_picksUpANewCommit_reportsItsBranch_andFindServesIt() throws IOException, GitAPIException {
        GitConfigSource source = source();
        RevCommit third = remote.commit("third", Map.of("application.yml", "where: main-3\n"));

        SourceChange change = source.refresh();

        assertThat(change)
                .isEqualTo(SourceChange.of(
                                Set.of("main"), Map.of("main", new ChangedFiles(Set.of("application.yml"), false)))
                        .alsoSpelled(Map.of("HEAD", "main", "refs/heads/main", "main", "refs/tags/main", "main")));
        Environment environment = source.find("myapp", "default", "main");
        assertThat(environment.version()).isEqualTo(third.name());
        assertThat(environment.mergedProperties()).containsEntry("where", "main-3");
    }

    @Test
    void refresh_namesTheFilesTheNewCommitsChanged_andWhichApplicationsTheyReach() throws Exception {
        GitConfigSource source = source();
        remote.commit("billing", Map.of("billing.yml", "b: 1\n"));
        remote.commit("prod", Map.of("myapp-prod.yml", "server:\n  port: 9191\n"));

        SourceChange change = source.refresh();

        assertThat(change.labels()).containsExactly("main");
        assertThat(change.files("main")).contains(new ChangedFiles(Set.of("billing.yml", "myapp-prod.yml"), true));
        assertThat(change.affects("myapp", "prod", "main")).isTrue();
        assertThat(change.affects("billing", "prod", "main")).isTrue();
        assertThat(change.affects("shipping", "prod", "main")).isFalse();
        assertThat(change.affects("myapp", "prod", "feature/x")).isFalse();

        remote.commit("billing again", Map.of("billing.yml", "b: 2\n"));
        SourceChange modified = source.refresh();

        assertThat(modified.files("main")).contains(new ChangedFiles(Set.of("billing.yml"), false));
        assertThat(modified.affects("myapp", "prod", "main")).isFalse();
        assertThat(modified.mayHaveChangedFileNames()).isFalse();
    }

    @Test
    void refresh_reachesEverySpellingOfAMovedLabel_withItsFiles_butNotCommitIds() throws Exception {
        GitConfigSource source = source();
        remote.commit("billing", Map.of("billing.yml", "b: 1\n"));
        remote.tag("v2");

        SourceChange change = source.refresh();

        for (String mainSpelling : List.of("main", "HEAD", "refs/heads/main")) {
            assertThat(change.affects(mainSpelling)).as(mainSpelling).isTrue();
            assertThat(change.files(mainSpelling)).as(mainSpelling).isEqualTo(change.files("main"));
            assertThat(change.affects("billing", "prod", mainSpelling))
                    .as(mainSpelling)
                    .isTrue();
            assertThat(change.affects("myapp", "prod", mainSpelling))
                    .as(mainSpelling)
                    .isFalse();
        }
        assertThat(change.affects("refs/tags/v2")).isTrue();
        assertThat(change.affects("myapp", "prod", "refs/tags/v2"))
                .as("a created tag: files unknown")
                .isTrue();
        assertThat(change.affects("refs/heads/feature/x")).isFalse();
        assertThat(change.affects("refs/tags/v1")).isFalse();
        assertThat(change.affects(second.name())).isFalse();
        assertThat(change.affects(second.name().substring(0, 7))).isFalse();
        assertThat(change.labels()).as("as the source names them").containsExactlyInAnyOrder("main", "v2");

        remote.checkout("feature/x");
        remote.commit("feature again", Map.of("myapp.yml", "server:\n  port: 8081\n"));
        SourceChange onFeature = source.refresh();

        assertThat(onFeature.affects("myapp", "prod", "refs/heads/feature/x")).isTrue();
        assertThat(onFeature.affects("HEAD")).as("HEAD is main").isFalse();
    }

    @Test
    void refresh_afterAForcePush_namesWhatDiffersBetweenTheOldAndTheNewTip() throws Exception {
        GitConfigSource source = source();
        // main is reset to its first commit and given another history: a rewritten branch, as after a force push.
        remote.resetHard(first);
        RevCommit rewritten = remote.commit("rewritten", Map.of("billing.yml", "b: 1\n"));

        SourceChange change = source.refresh();

        // The first commit's application.yml differs from the second's; billing.yml is new; myapp files are equal.
        assertThat(change.files("main")).contains(new ChangedFiles(Set.of("application.yml", "billing.yml"), true));
        assertThat(source.find("myapp", "default", "main").version()).isEqualTo(rewritten.name());

        remote.resetHard(first);
        SourceChange back = source.refresh();

        assertThat(back.files("main")).contains(new ChangedFiles(Set.of("billing.yml"), true));
        assertThat(back.affects("myapp", "prod", "main")).isFalse();
        assertThat(back.affects("billing", "prod", "main")).isTrue();
    }

    @Test
    void refresh_namesTheFilesOfAFolderThatCameOrWent() throws Exception {
        GitConfigSource source = source();
        remote.commit("folder", Map.of("teams/orders/orders-prod.yml", "o: 1\n", "teams/billing.yml", "b: 1\n"));

        assertThat(source.refresh().files("main"))
                .contains(new ChangedFiles(Set.of("teams/orders/orders-prod.yml", "teams/billing.yml"), true));

        remote.commit("gone", java.util.Collections.singletonMap("teams/orders/orders-prod.yml", null));
        SourceChange gone = source.refresh();

        assertThat(gone.files("main")).contains(new ChangedFiles(Set.of("teams/orders/orders-prod.yml"), true));
        assertThat(gone.affects("orders", "prod", "main")).isTrue();
        assertThat(gone.affects("orders", "dev", "main"))
                .as("another profile's file")
                .isFalse();
        assertThat(gone.affects("billing", "prod", "main")).isFalse();
    }

    @Test
    void movesBetweenTwoReports_addUp() throws Exception {
        GitConfigSource source = source();
        remote.commit("billing", Map.of("billing.yml", "b: 1\n"));
        remote.createBranch("release/3");
        remote.checkout("main");
        // The fetch for an unknown label moves main too; what it moved is reported by the next refresh.
        source.find("myapp", "default", "release/3");
        remote.commit("orders", Map.of("orders.yml", "o: 1\n"));

        SourceChange change = source.refresh();

        assertThat(change.files("main")).contains(new ChangedFiles(Set.of("billing.yml", "orders.yml"), true));
        // A created label has no earlier commit to compare with: anything in it may have changed.
        assertThat(change.files("release/3")).isEmpty();
        assertThat(change.affects("shipping", "prod", "release/3")).isTrue();
    }

    @Test
    void find_onABranchCreatedSinceTheLastFetch_fetchesAtOnce_andTheNextRefreshReportsWhatMoved()
            throws IOException, GitAPIException {
        GitConfigSource source = source();
        RevCommit third = remote.commit("third", Map.of("application.yml", "where: main-3\n"));
        remote.createBranch("release/3");
        remote.checkout("main");

        Environment environment = source.find("myapp", "default", "release/3");

        assertThat(environment.version()).isEqualTo(third.name());
        assertThat(source.find("myapp", "default", "main").version()).isEqualTo(third.name());
        // main moved in that fetch too: the server must still hear of it to reload what it cached.
        assertThat(source.refresh().labels()).containsExactlyInAnyOrder("main", "release/3");
        assertThat(source.refresh()).isEqualTo(SourceChange.none());
    }

    @Test
    void unknownLabels_fetchAtMostOncePerInterval() throws GitAPIException {
        GitConfigSource source = track(builder()
                .unknownLabelFetchInterval(java.time.Duration.ofSeconds(5))
                .build());
        assertThatThrownBy(() -> source.find("myapp", "default", "later")).isInstanceOf(NoSuchLabelException.class);
        remote.createBranch("later");
        remote.checkout("main");

        clock.set(clock.instant().plusSeconds(4));
        assertThatThrownBy(() -> source.find("myapp", "default", "later")).isInstanceOf(NoSuchLabelException.class);
        clock.set(clock.instant().plusSeconds(1));
        assertThat(source.find("myapp", "default", "later").version()).isEqualTo(second.name());
    }

    @Test
    void refresh_reportsNothing_whenTheRemoteDidNotChange() {
        GitConfigSource source = source();

        assertThat(source.refresh()).isEqualTo(SourceChange.none());
    }

    @Test
    void refresh_reportsCreatedAndDeletedBranchesAndTags() throws GitAPIException {
        GitConfigSource source = source();
        remote.createBranch("release/2");
        remote.tag("v2");
        remote.checkout("main");
        remote.deleteBranch("feature/x");

        SourceChange change = source.refresh();

        assertThat(change.labels()).containsExactlyInAnyOrder("release/2", "v2", "feature/x");
        assertThatThrownBy(() -> source.find("myapp", "default", "feature/x")).isInstanceOf(NoSuchLabelException.class);
        assertThat(source.find("myapp", "default", "v2").version()).isEqualTo(second.name());
    }

    @Test
    void refresh_whenTheRemoteIsUnreachable_keepsServing_andHealthIsDown_untilItIsBack()
            throws IOException, GitAPIException {
        GitConfigSource source = source();
        assertThat(source.health().up()).isTrue();
        Path moved = root.resolve("remote-moved");
        Files.move(remote.directory(), moved);
        clock.set(Instant.parse("2026-01-01T11:00:00Z"));

        SourceChange change = source.refresh();

        assertThat(change).isEqualTo(SourceChange.none());
        assertThat(source.find("myapp", "default", "main").version()).isEqualTo(second.name());
        SourceHealth down = source.health();
        assertThat(down.up()).isFalse();
        assertThat(down.details())
                .containsEntry("uri", remote.uri())
                .containsEntry("defaultLabel", "main")
                .containsEntry("lastSuccessfulRefresh", "2026-01-01T10:00:00Z")
                .containsKey("lastError");

        Files.move(moved, remote.directory());
        clock.set(Instant.parse("2026-01-01T12:00:00Z"));
        source.refresh();

        SourceHealth up = source.health();
        assertThat(up.up()).isTrue();
        assertThat(up.details())
                .containsEntry("lastSuccessfulRefresh", "2026-01-01T12:00:00Z")
                .doesNotContainKey("lastError");
    }

    @Test
    void refresh_whenTheRemoteIsUnreachable_logsOneWarnLine_namingTheUri() throws IOException {
        GitConfigSource source = source();
        Files.move(remote.directory(), root.resolve("remote-moved"));
        ListAppender<ILoggingEvent> logged = captureLogs();
        try {
            source.refresh();
        } finally {
            stopCapturing(logged);
        }

        assertThat(logged.list)
                .filteredOn(event -> event.getLevel() == Level.WARN)
                .singleElement()
                .satisfies(event -> assertThat(event.getFormattedMessage())
                        .contains(remote.uri())
                        .contains((String) source.health().details().get("lastError")));
    }

    @Test
    void build_withAnUnreachableRemote_andNoClone_failsNamingTheUri() {
        String missing = "file://" + root.resolve("no-such-remote").toAbsolutePath();

        assertThatThrownBy(() -> GitConfigSource.builder()
                        .uri(missing)
                        .basedir(root.resolve("clone-of-nothing"))
                        .build())
                .isInstanceOf(ConfigSourceException.class)
                .hasMessageContaining(missing);
    }

    @Test
    void build_withoutUri_fails() {
        assertThatThrownBy(() -> GitConfigSource.builder().build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("uri");
    }

    @Test
    void build_reusesTheCloneInBasedir_andFetchesWhatIsNew() throws IOException, GitAPIException {
        Path basedir = root.resolve("clone");
        source().close();
        RevCommit third = remote.commit("third", Map.of("application.yml", "where: main-3\n"));

        GitConfigSource restarted = track(builder().basedir(basedir).build());

        assertThat(restarted.find("myapp", "default", "main").version()).isEqualTo(third.name());
        assertThat(restarted.health().up()).isTrue();
    }

    @Test
    void build_withAnUnreachableRemote_servesTheExistingClone_withHealthDown() throws IOException {
        source().close();
        Files.move(remote.directory(), root.resolve("remote-moved"));
        ListAppender<ILoggingEvent> logged = captureLogs();
        GitConfigSource restarted;
        try {
            restarted = track(builder().build());
        } finally {
            stopCapturing(logged);
        }

        assertThat(restarted.find("myapp", "default", null).version()).isEqualTo(second.name());
        assertThat(restarted.health().up()).isFalse();
        assertThat(restarted.health().details()).containsKey("lastError").doesNotContainKey("lastSuccessfulRefresh");
        assertThat(logged.list)
                .filteredOn(event -> event.getLevel() == Level.WARN)
                .singleElement()
                .satisfies(event -> assertThat(event.getFormattedMessage()).contains(remote.uri()));
    }

    @Test
    void build_refusesABasedirThatHoldsSomethingElse() throws IOException {
        Path occupied = Files.createDirectories(root.resolve("occupied"));
        Files.writeString(occupied.resolve("precious.txt"), "keep me");

        assertThatThrownBy(() -> builder().basedir(occupied).build())
                .isInstanceOf(ConfigSourceException.class)
                .hasMessageContaining(occupied.toString());
        assertThat(occupied.resolve("precious.txt")).hasContent("keep me");
    }

    @Test
    void build_refusesABasedirHoldingACloneOfAnotherRemote() throws IOException, GitAPIException {
        try (GitRemote other = GitRemote.create(root.resolve("other"), "main")) {
            other.commit("other", Map.of("myapp.yml", "a: 1\n"));
            track(GitConfigSource.builder()
                            .uri(other.uri())
                            .basedir(root.resolve("clone"))
                            .build())
                    .close();

            assertThatThrownBy(() -> builder().build())
                    .isInstanceOf(ConfigSourceException.class)
                    .hasMessageContaining(other.uri());
        }
    }

    @Test
    void concurrentFinds_onDifferentLabels_whileRefreshing_seeConsistentCommits() throws Exception {
        GitConfigSource source = source();
        RevCommit third = remote.commit("third", Map.of("application.yml", "where: main-3\n"));
        Map<String, String> whereByCommit = new HashMap<>(Map.of(
                first.name(), "main-1",
                second.name(), "main-2",
                third.name(), "main-3",
                feature.name(), "feature"));
        List<String> labels = List.of("main", "feature/x", "v1", first.name().substring(0, 10));
        ExecutorService executor = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String label = labels.get(i % labels.size());
                running.add(executor.submit((Callable<Void>) () -> {
                    Environment environment = source.find("myapp", "prod", label);
                    assertThat(environment.mergedProperties())
                            .containsEntry("where", whereByCommit.get(environment.version()))
                            .containsEntry("server.port", 9090);
                    return null;
                }));
                if (i == 50) {
                    running.add(executor.submit(source::refresh));
                }
            }
            for (Future<?> future : running) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            executor.shutdownNow();
            assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }

        assertThat(source.find("myapp", "prod", "main").version()).isEqualTo(third.name());
    }

    private GitConfigSource.Builder builder() {
        return GitConfigSource.builder()
                .uri(remote.uri())
                .basedir(root.resolve("clone"))
                .clock(clock);
    }

    private GitConfigSource source() {
        return track(builder().build());
    }

    private GitConfigSource track(GitConfigSource source) {
        sources.add(source);
        return source;
    }

    private static ListAppender<ILoggingEvent> captureLogs() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(GitConfigSource.class)).addAppender(appender);
        return appender;
    }

    private static void stopCapturing(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(GitConfigSource.class)).detachAppender(appender);
        appender.stop();
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
