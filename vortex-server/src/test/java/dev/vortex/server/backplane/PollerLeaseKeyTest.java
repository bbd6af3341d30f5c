package dev.vortex.server.backplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PollerLeaseKeyTest {

    @Test
    void theKeyNamesNoCredentials_andInstancesWithDifferentOnesShareIt() {
        String withPassword =
                PollerLease.key("vortex:changes", List.of("https://deploy:s3cret@git.example.com/org/config.git"));
        String withToken =
                PollerLease.key("vortex:changes", List.of("https://x-token:ghp_abc@git.example.com/org/config.git"));
        String bare = PollerLease.key("vortex:changes", List.of("https://git.example.com/org/config.git"));

        assertThat(withPassword).startsWith("vortex:changes:git-poller:").doesNotContain("s3cret", "deploy");
        assertThat(withPassword).isEqualTo(withToken).isEqualTo(bare);
    }

    @Test
    void otherRemotesOrStreams_getOtherKeys_andTheOrderOfRemotesDoesNotMatter() {
        String one = PollerLease.key("s", List.of("file:///repo/a", "file:///repo/b"));

        assertThat(PollerLease.key("s", List.of("file:///repo/b", "file:///repo/a")))
                .isEqualTo(one);
        assertThat(PollerLease.key("s", List.of("file:///repo/a"))).isNotEqualTo(one);
        assertThat(PollerLease.key("t", List.of("file:///repo/a", "file:///repo/b")))
                .isNotEqualTo(one);
    }
}
