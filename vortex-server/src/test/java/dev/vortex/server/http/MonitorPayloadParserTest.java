package dev.vortex.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.MultiMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Push payloads of each Git host, cut down from real ones, read by {@link PushPayloadParser}. */
class MonitorPayloadParserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** GitHub's push event; Gitea and Gogs send the same shape. */
    static final String GITHUB_PUSH = """
            {
              "ref": "refs/heads/main",
              "before": "6113728f27ae82c7b1a177c8d03f9e96e0adf246",
              "after": "0000000000000000000000000000000000000001",
              "repository": {"id": 186853002, "name": "config-repo", "full_name": "acme/config-repo"},
              "pusher": {"name": "alice", "email": "alice@example.com"},
              "commits": [
                {
                  "id": "0000000000000000000000000000000000000002",
                  "message": "Raise the order limit in prod",
                  "timestamp": "2025-01-30T10:15:00+01:00",
                  "author": {"name": "Alice", "email": "alice@example.com"},
                  "added": [],
                  "removed": [],
                  "modified": ["config/orders-prod.yml"]
                },
                {
                  "id": "0000000000000000000000000000000000000001",
                  "message": "Payments get their own file",
                  "added": ["config/payments.yml"],
                  "removed": ["config/legacy.properties"],
                  "modified": ["config/orders-prod.yml"]
                }
              ],
              "head_commit": {"id": "0000000000000000000000000000000000000001", "modified": []}
            }
            """;

    static final String GITLAB_PUSH = """
            {
              "object_kind": "push",
              "event_name": "push",
              "before": "95790bf891e76fee5e1747ab589903a6a1f80f22",
              "after": "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
              "ref": "refs/heads/main",
              "user_username": "alice",
              "project": {"id": 15, "name": "config-repo", "path_with_namespace": "acme/config-repo"},
              "commits": [
                {
                  "id": "da1560886d4f094c3e6c9ef40349f7d38b5d27d7",
                  "message": "Shared timeout for everyone",
                  "added": ["application.yml"],
                  "modified": ["orders.yml"],
                  "removed": []
                }
              ],
              "total_commits_count": 1
            }
            """;

    static final String BITBUCKET_CLOUD_PUSH = """
            {
              "actor": {"display_name": "Alice", "type": "user"},
              "repository": {"full_name": "acme/config-repo", "type": "repository"},
              "push": {
                "changes": [
                  {
                    "new": {"type": "branch", "name": "main", "target": {"hash": "709d658dc5b6d6afcd46049c2f332ee3f515a67d"}},
                    "old": {"type": "branch", "name": "main", "target": {"hash": "1e65c05c1d5171631d92438a13901ca7dae9618c"}},
                    "created": false, "forced": false, "closed": false
                  }
                ]
              }
            }
            """;

    static final String BITBUCKET_SERVER_REFS_CHANGED = """
            {
              "eventKey": "repo:refs_changed",
              "date": "2025-01-30T10:15:00+0100",
              "actor": {"name": "alice", "displayName": "Alice"},
              "repository": {"slug": "config-repo", "project": {"key": "ACME"}},
              "changes": [
                {
                  "ref": {"id": "refs/heads/main", "displayId": "main", "type": "BRANCH"},
                  "refId": "refs/heads/main",
                  "fromHash": "ecddabb624f6f5ba43816f5926e580a5f680a932",
                  "toHash": "178864a7d521b6f5e720b386b2c2b0ef8563e0dc",
                  "type": "UPDATE"
                }
              ]
            }
            """;

    static final String GITHUB_PING = """
            {"zen": "Keep it logically awesome.", "hook_id": 109948940, "hook": {"type": "Repository", "events": ["push"]}}
            """;

    @Test
    void githubPush_namesTheFilesAddedModifiedAndRemoved_onceEach() {
        Optional<PushNotification> notification = parse(headers("X-GitHub-Event", "push"), GITHUB_PUSH);

        assertThat(notification).hasValueSatisfying(push -> assertThat(push.paths())
                .containsExactlyInAnyOrder(
                        "config/orders-prod.yml", "config/payments.yml", "config/legacy.properties"));
    }

    @Test
    void githubPush_headerNameIsCaseInsensitive_asHttpHeadersAre() {
        assertThat(parse(headers("x-github-event", "push"), GITHUB_PUSH)).isPresent();
    }

    @Test
    void githubPing_isNotAPush() {
        assertThat(parse(headers("X-GitHub-Event", "ping"), GITHUB_PING)).isEmpty();
    }

    @Test
    void githubIssueEvent_isNotAPush_evenWithCommitsInTheBody() {
        assertThat(parse(headers("X-GitHub-Event", "issues"), GITHUB_PUSH)).isEmpty();
    }

    @Test
    void gitlabPushHook_namesTheChangedFiles() {
        Optional<PushNotification> notification = parse(headers("X-Gitlab-Event", "Push Hook"), GITLAB_PUSH);

        assertThat(notification)
                .hasValueSatisfying(push -> assertThat(push.paths()).containsExactly("application.yml", "orders.yml"));
    }

    @Test
    void gitlabTagPushHook_isNotAPush() {
        assertThat(parse(headers("X-Gitlab-Event", "Tag Push Hook"), GITLAB_PUSH))
                .isEmpty();
    }

    @Test
    void giteaPush_withItsThreeEventHeaders_namesTheChangedFiles() {
        MultiMap headers =
                headers("X-Gitea-Event", "push").add("X-Gogs-Event", "push").add("X-GitHub-Event", "push");

        assertThat(parse(headers, GITHUB_PUSH))
                .hasValueSatisfying(push -> assertThat(push.paths()).contains("config/payments.yml"));
    }

    @Test
    void giteaPush_withOnlyItsOwnHeader_namesTheChangedFiles() {
        assertThat(parse(headers("X-Gitea-Event", "push"), GITHUB_PUSH))
                .hasValueSatisfying(push -> assertThat(push.origin()).isEqualTo("Gitea push"))
                .hasValueSatisfying(push -> assertThat(push.paths()).contains("config/orders-prod.yml"));
    }

    @Test
    void gogsPush_namesTheChangedFiles() {
        assertThat(parse(headers("X-Gogs-Event", "push"), GITHUB_PUSH))
                .hasValueSatisfying(push -> assertThat(push.paths()).hasSize(3));
    }

    @Test
    void giteePushHook_namesTheChangedFiles() {
        assertThat(parse(headers("X-Gitee-Event", "Push Hook"), GITLAB_PUSH))
                .hasValueSatisfying(push -> assertThat(push.paths()).containsExactly("application.yml", "orders.yml"));
    }

    @Test
    void bitbucketCloudPush_meansEverything_asItNamesNoFiles() {
        MultiMap headers = headers("X-Event-Key", "repo:push").add("X-Hook-UUID", "b3e0e7b2-0000");

        assertThat(parse(headers, BITBUCKET_CLOUD_PUSH))
                .hasValueSatisfying(push -> assertThat(push.everything()).isTrue());
    }

    @Test
    void bitbucketServerRefsChanged_meansEverything() {
        MultiMap headers = headers("X-Event-Key", "repo:refs_changed").add("X-Request-Id", "d8f1-0000");

        assertThat(parse(headers, BITBUCKET_SERVER_REFS_CHANGED))
                .hasValueSatisfying(push -> assertThat(push.everything()).isTrue());
    }

    @Test
    void bitbucketCommentEvent_isNotAPush() {
        assertThat(parse(headers("X-Event-Key", "pullrequest:comment_created"), "{}"))
                .isEmpty();
    }

    @Test
    void pushWithoutCommits_meansEverything_becauseAForcedPushCanChangeAnyFile() {
        String forcedPush = """
                {"ref": "refs/heads/main", "forced": true, "commits": [], "head_commit": null}
                """;

        assertThat(parse(headers("X-GitHub-Event", "push"), forcedPush))
                .hasValueSatisfying(push -> assertThat(push.everything()).isTrue());
    }

    @Test
    void plainPathNotification_withoutEventHeader_namesItsPaths() {
        assertThat(parse(MultiMap.caseInsensitiveMultiMap(), "{\"path\": \"orders.yml\"}"))
                .hasValueSatisfying(push -> assertThat(push.paths()).containsExactly("orders.yml"));
        assertThat(parse(MultiMap.caseInsensitiveMultiMap(), "{\"path\": [\"a.yml\", \"b.yml\", 3]}"))
                .hasValueSatisfying(push -> assertThat(push.paths()).containsExactly("a.yml", "b.yml"));
    }

    @Test
    void plainPathNotification_withNoPaths_isNothingToDo() {
        assertThat(parse(MultiMap.caseInsensitiveMultiMap(), "{\"path\": []}")).isEmpty();
    }

    @Test
    void unknownSender_isNotAPush() {
        assertThat(parse(MultiMap.caseInsensitiveMultiMap(), GITHUB_PUSH)).isEmpty();
    }

    @Test
    void commitFieldsOfUnexpectedTypes_areIgnored_notFatal() {
        String odd = """
                {"commits": [{"added": "not-a-list", "modified": [1, null, "orders.yml"]}, "not-a-commit"]}
                """;

        assertThat(parse(headers("X-GitHub-Event", "push"), odd))
                .hasValueSatisfying(push -> assertThat(push.paths()).containsExactly("orders.yml"));
    }

    @Test
    void form_namesItsPaths() {
        assertThat(PushPayloadParser.fromForm(List.of("orders.yml", "application.yml"))
                        .paths())
                .containsExactly("orders.yml", "application.yml");
    }

    private static MultiMap headers(String name, String value) {
        return MultiMap.caseInsensitiveMultiMap().add(name, value);
    }

    private static Optional<PushNotification> parse(MultiMap headers, String json) {
        try {
            JsonNode body = JSON.readTree(json);
            return PushPayloadParser.fromJson(headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
