package dev.vortex.server.realtime;

import static dev.vortex.server.realtime.TestConfigs.BILLING;
import static dev.vortex.server.realtime.TestConfigs.ORDERS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vortex.server.config.ConfigKey;
import dev.vortex.server.config.KeyPattern;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three indexes of open sessions, with real sessions over embedded channels. */
class ConnectionRegistryTest {
    private static final ConfigKey UNFOLLOWED = new ConfigKey("inventory", "prod", "main");

    @TempDir
    Path emptySource;

    private SessionHarness sessions;
    private ConnectionRegistry registry;
    private SessionHarness.Client ordersClient;
    private Session orders;
    private Session billing;

    @BeforeEach
    void open() {
        sessions = new SessionHarness(RealtimeSettings.DEFAULTS, emptySource);
        registry = sessions.registry;
        sessions.resolve(ORDERS, Map.of("a", 1));
        sessions.resolve(BILLING, Map.of("b", 1));
        ordersClient = sessions.open(ORDERS, null);
        orders = ordersClient.session;
        billing = sessions.open(BILLING, null).session;
    }

    @AfterEach
    void close() {
        sessions.close();
    }

    @Test
    void recipients_ofAKey_areTheSessionsConnectedToIt() {
        assertThat(registry.recipients(ORDERS, true)).containsExactly(orders);
        assertThat(registry.recipients(BILLING, true)).containsExactly(billing);
        assertThat(registry.recipients(UNFOLLOWED, true)).isEmpty();
    }

    @Test
    void recipients_includeEverySessionWhosePatternMatches_once() {
        registry.addPattern(KeyPattern.parse("orders:*:*"), billing);
        registry.addPattern(KeyPattern.parse("*:prod:main"), billing);
        registry.addPattern(KeyPattern.parse("*:*:*"), orders);

        assertThat(registry.recipients(ORDERS, true)).containsExactlyInAnyOrder(orders, billing);
        assertThat(registry.recipients(UNFOLLOWED, true)).containsExactlyInAnyOrder(orders, billing);

        registry.removePattern(KeyPattern.parse("*:*:*"), orders);
        assertThat(registry.recipients(UNFOLLOWED, true)).containsExactly(billing);
    }

    @Test
    void aPatternThatDoesNotMatch_bringsNothing() {
        registry.addPattern(KeyPattern.parse("orders:dev:*"), billing);

        assertThat(registry.recipients(ORDERS, true)).containsExactly(orders);
    }

    @Test
    void remove_takesTheSessionOutOfEveryIndex() {
        KeyPattern everything = KeyPattern.parse("*:*:*");
        registry.addPattern(everything, orders);

        sessions.onLoop(() -> {
            registry.remove(orders, List.of(everything));
            return null;
        });

        assertThat(registry.recipients(ORDERS, true)).isEmpty();
        assertThat(registry.recipients(UNFOLLOWED, true)).isEmpty();
        assertThat(registry.followedKeys(List.of(UNFOLLOWED))).containsExactly(BILLING);
    }

    @Test
    void followedKeys_areTheConnectedKeys_andTheKnownKeysAPatternMatches() {
        ConfigKey inventoryDev = new ConfigKey("inventory", "dev", "main");
        registry.addPattern(KeyPattern.parse("inventory:prod:*"), orders);

        assertThat(registry.followedKeys(List.of(UNFOLLOWED, inventoryDev)))
                .containsExactlyInAnyOrder(ORDERS, BILLING, UNFOLLOWED);
    }

    @Test
    void aSessionClosingWhileItsLoopDelivers_leavesTheIndex_andTheOthersAreStillReached() {
        SessionHarness.Client second = sessions.open(ORDERS, null);
        SessionHarness.Client third = sessions.open(ORDERS, null);
        List<Session> reached = new ArrayList<>();

        int count = sessions.onLoop(() -> {
            int total = 0;
            for (ConnectionRegistry.EventLoopSessions loop : registry.eventLoops()) {
                total += loop.forEachFollower(ORDERS, true, true, session -> {
                    if (reached.isEmpty()) {
                        // As a heartbeat timeout or a failed write would: the session leaves the set being walked.
                        findClient(session, ordersClient, second, third).channel.close();
                    }
                    reached.add(session);
                });
            }
            return total;
        });

        assertThat(count).isEqualTo(3);
        assertThat(reached).containsExactlyInAnyOrder(orders, second.session, third.session);
        assertThat(registry.recipients(ORDERS, true)).hasSize(2).doesNotContain(reached.get(0));
    }

    @Test
    void sessionsOfAKey_leavingFromAnySlot_leaveExactlyTheOthers_andNewOnesJoinThem() {
        List<SessionHarness.Client> clients = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            clients.add(sessions.open(ORDERS, null));
        }
        List<Session> expected = new ArrayList<>(List.of(orders));
        for (int i = 0; i < clients.size(); i++) {
            SessionHarness.Client client = clients.get(i);
            // The first, the last, and every third in between: slots at the start, middle and end of the array.
            if (i == 0 || i == clients.size() - 1 || i % 3 == 0) {
                sessions.onLoop(() -> client.channel.close());
            } else {
                expected.add(client.session);
            }
        }
        SessionHarness.Client late = sessions.open(ORDERS, null);
        expected.add(late.session);

        assertThat(registry.recipients(ORDERS, false)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(registry.recipients(BILLING, false)).containsExactly(billing);
    }

    @Test
    void aVisitThatMakesAnUnvisitedSessionLeave_stillReachesEveryoneElse() {
        List<SessionHarness.Client> clients = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            clients.add(sessions.open(ORDERS, null));
        }
        SessionHarness.Client leaving = clients.get(1);
        List<Session> reached = new ArrayList<>();

        sessions.onLoop(() -> {
            for (ConnectionRegistry.EventLoopSessions loop : registry.eventLoops()) {
                loop.forEachFollower(ORDERS, true, false, session -> {
                    if (reached.isEmpty()) {
                        // Not the session being visited: one the walk has not reached yet.
                        leaving.channel.close();
                    }
                    reached.add(session);
                });
            }
            return null;
        });

        List<Session> others = new ArrayList<>(List.of(orders));
        clients.stream().filter(client -> client != leaving).forEach(client -> others.add(client.session));
        // Every session still there is reached (one may be reached twice, which a visit does not mind).
        assertThat(reached).containsAll(others);
        assertThat(registry.recipients(ORDERS, false)).containsExactlyInAnyOrderElementsOf(others);
    }

    private static SessionHarness.Client findClient(Session session, SessionHarness.Client... clients) {
        return Arrays.stream(clients)
                .filter(client -> client.session == session)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void forEachSession_runsOnEverySession_andCompletesWhenAllHave() throws Exception {
        Set<Session> visited = ConcurrentHashMap.newKeySet();

        registry.forEachSession(session -> {
                    visited.add(session);
                    return Future.succeededFuture();
                })
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        assertThat(visited).containsExactlyInAnyOrder(orders, billing);
    }
}
