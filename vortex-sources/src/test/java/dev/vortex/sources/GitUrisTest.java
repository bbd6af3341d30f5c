package dev.vortex.sources;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GitUrisTest {

    @Test
    void passwordInAUri_isHidden_butTheUserStays() {
        assertThat(GitUris.redact("https://alice:s3cret@git.example.com/repo.git"))
                .isEqualTo("https://alice:****@git.example.com/repo.git");
    }

    @Test
    void aTokenAsUser_isHidden() {
        assertThat(GitUris.redact("https://ghp_abc123@github.com/org/repo.git"))
                .isEqualTo("https://****@github.com/org/repo.git");
    }

    @Test
    void credentialsInsideAnErrorMessage_areHidden() {
        assertThat(GitUris.redact("https://bob:pw@host/r.git: not authorized; retry https://bob:pw@host/r.git"))
                .isEqualTo("https://bob:****@host/r.git: not authorized; retry https://bob:****@host/r.git");
    }

    @Test
    void uriWithoutCredentials_isUnchanged() {
        assertThat(GitUris.redact("file:///tmp/repo")).isEqualTo("file:///tmp/repo");
        assertThat(GitUris.redact("https://host/a@b")).isEqualTo("https://host/a@b");
    }
}
