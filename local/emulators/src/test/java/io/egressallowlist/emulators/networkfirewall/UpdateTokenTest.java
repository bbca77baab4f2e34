package io.egressallowlist.emulators.networkfirewall;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.InvalidTokenException;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroupType;
import software.amazon.awssdk.services.networkfirewall.model.TargetType;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static io.egressallowlist.emulators.networkfirewall.EmulatedNetworkFirewall.allowList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpdateTokenTest {

    private final EmulatedNetworkFirewall nfw = EmulatedNetworkFirewall.start();
    private final NetworkFirewallClient client = nfw.client;

    @AfterEach
    void stop() {
        nfw.close();
    }

    @Test
    void staleTokenIsRefusedAndNothingChanges() {
        String first = nfw.createAllowList("stale", 10, List.of("a.example"), TargetType.TLS_SNI).updateToken();
        update("stale", first, List.of("b.example"));

        assertThatThrownBy(() -> update("stale", first, List.of("c.example")))
                .isInstanceOf(InvalidTokenException.class)
                .hasMessageContaining("Call DescribeRuleGroup");
        assertThat(nfw.emulator.targets("stale")).containsExactly("b.example");
        assertThat(nfw.emulator.successfulUpdates("stale")).isEqualTo(1);
    }

    @Test
    void malformedTokenIsRefusedAsAnInvalidToken() {
        nfw.createAllowList("malformed", 10, List.of("a.example"), TargetType.TLS_SNI);

        assertThatThrownBy(() -> update("malformed", "not-a-token", List.of("b.example")))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> update("malformed", "A4648A25-E315-4D17-8553-283C2EB33118", List.of("b.example")))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void wellFormedTokenThatWasNeverIssuedIsRefused() {
        nfw.createAllowList("never-issued", 10, List.of("a.example"), TargetType.TLS_SNI);

        assertThatThrownBy(() -> update("never-issued", "00000000-0000-4000-8000-000000000000", List.of("b.example")))
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    void tokenFromTheLastUpdateIsTheCurrentOne() {
        String token = nfw.createAllowList("chain", 10, List.of("a.example"), TargetType.TLS_SNI).updateToken();
        for (int i = 0; i < 3; i++) {
            token = update("chain", token, List.of("host-" + i + ".example"));
        }

        assertThat(nfw.emulator.successfulUpdates("chain")).isEqualTo(3);
        assertThat(describeToken("chain")).isEqualTo(token);
    }

    @Test
    void forcedTokenRaceMakesTheNextUpdateFailWithContentUnchanged() {
        String token = nfw.createAllowList("race", 10, List.of("a.example"), TargetType.TLS_SNI).updateToken();
        nfw.emulator.forceTokenRace("race", 1);

        assertThatThrownBy(() -> update("race", token, List.of("b.example"))).isInstanceOf(InvalidTokenException.class);

        assertThat(nfw.emulator.targets("race")).containsExactly("a.example");
        String fresh = describeToken("race");
        assertThat(fresh).isNotEqualTo(token);
        update("race", fresh, List.of("b.example"));
        assertThat(nfw.emulator.targets("race")).containsExactly("b.example");
    }

    @Test
    void forcedTokenRaceCanLandTheConcurrentWritersOwnChange() {
        String token = nfw.createAllowList("race-edit", 10, List.of("a.example"), TargetType.TLS_SNI).updateToken();
        nfw.emulator.forceTokenRace("race-edit", 1, TargetEdit.add(List.of("theirs.example")));

        assertThatThrownBy(() -> update("race-edit", token, List.of("a.example", "mine.example")))
                .isInstanceOf(InvalidTokenException.class);

        assertThat(nfw.emulator.targets("race-edit")).containsExactly("a.example", "theirs.example");
        assertThat(nfw.emulator.successfulUpdates("race-edit")).isZero();
    }

    @Test
    void forcedTokenRaceRepeatsForTheGivenNumberOfUpdates() {
        nfw.createAllowList("race-twice", 10, List.of("a.example"), TargetType.TLS_SNI);
        nfw.emulator.forceTokenRace("race-twice", 2);

        assertThatThrownBy(() -> update("race-twice", describeToken("race-twice"), List.of("b.example")))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> update("race-twice", describeToken("race-twice"), List.of("b.example")))
                .isInstanceOf(InvalidTokenException.class);
        update("race-twice", describeToken("race-twice"), List.of("b.example"));

        assertThat(nfw.emulator.successfulUpdates("race-twice")).isEqualTo(1);
    }

    @Test
    void tokenRaceOnOneRuleGroupLeavesOthersAlone() {
        nfw.createAllowList("raced", 10, List.of("a.example"), TargetType.TLS_SNI);
        String other = nfw.createAllowList("calm", 10, List.of("a.example"), TargetType.TLS_SNI).updateToken();
        nfw.emulator.forceTokenRace("raced", 1);

        update("calm", other, List.of("b.example"));

        assertThat(nfw.emulator.targets("calm")).containsExactly("b.example");
    }

    @Test
    void sdkDoesNotRetryAnInvalidToken() {
        String token = nfw.createAllowList("no-retry", 10, List.of("a.example"), TargetType.TLS_SNI).updateToken();
        nfw.emulator.forceTokenRace("no-retry", 1);
        nfw.server.calls().clear();

        assertThatThrownBy(() -> update("no-retry", token, List.of("b.example"))).isInstanceOf(InvalidTokenException.class);

        assertThat(nfw.server.calls().count(NetworkFirewallEmulator.TARGET_PREFIX, "UpdateRuleGroup")).isEqualTo(1);
    }

    @Test
    void ofManyConcurrentUpdatesWithTheSameTokenExactlyOneWins() throws Exception {
        String token = nfw.createAllowList("contended", 100, List.of("a.example"), TargetType.TLS_SNI).updateToken();
        int writers = 16;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < writers; i++) {
                String target = "writer-" + i + ".example";
                outcomes.add(pool.submit(attempt(start, () -> update("contended", token, List.of(target)))));
            }
            start.countDown();
            long winners = 0;
            for (Future<Boolean> outcome : outcomes) {
                winners += outcome.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(nfw.emulator.successfulUpdates("contended")).isEqualTo(1);
        assertThat(nfw.emulator.targets("contended")).hasSize(1).allMatch(t -> t.startsWith("writer-"));
    }

    @Test
    void concurrentWritersThatRetryOnInvalidTokenLoseNoUpdate() throws Exception {
        nfw.createAllowList("retrying", 100, List.of(), TargetType.TLS_SNI);
        int writers = 8;
        int additionsEach = 4;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> IntStream.range(0, additionsEach)
                        .forEach(i -> addWithRetry("retrying", "w" + writer + "-" + i + ".example"))));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(nfw.emulator.targets("retrying")).hasSize(writers * additionsEach).doesNotHaveDuplicates();
        assertThat(nfw.emulator.successfulUpdates("retrying")).isEqualTo(writers * additionsEach);
    }

    @Test
    void outOfBandEditMakesTheTokenACallerReadBeforeItStale() {
        String token = nfw.createAllowList("drifted", 10, List.of("a.example"), TargetType.TLS_SNI).updateToken();

        nfw.emulator.editOutOfBand("drifted", TargetEdit.replaceWith(List.of("console.example")));

        assertThatThrownBy(() -> update("drifted", token, List.of("a.example", "b.example")))
                .isInstanceOf(InvalidTokenException.class);
        assertThat(nfw.emulator.targets("drifted")).containsExactly("console.example");
        assertThat(nfw.emulator.successfulUpdates("drifted")).isZero();
    }

    @Test
    void outOfBandEditBeyondTheCapacityIsRefused() {
        nfw.createAllowList("small", 3, List.of("a.example"), TargetType.TLS_SNI);

        assertThatThrownBy(() -> nfw.emulator.editOutOfBand("small", TargetEdit.add(List.of("b.example", "c.example"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity 3");
        assertThat(nfw.emulator.targets("small")).containsExactly("a.example");
    }

    /** Describe, change, update; on a lost race, read again and re-apply (aws-api-notes §1.2). */
    private void addWithRetry(String name, String target) {
        while (true) {
            var described = client.describeRuleGroup(r -> r.ruleGroupName(name).type(RuleGroupType.STATEFUL));
            List<String> targets = new ArrayList<>(described.ruleGroup().rulesSource().rulesSourceList().targets());
            targets.add(target);
            try {
                update(name, described.updateToken(), targets);
                return;
            } catch (InvalidTokenException lostRace) {
                Thread.onSpinWait();
            }
        }
    }

    private static Callable<Boolean> attempt(CountDownLatch start, Callable<String> update) {
        return () -> {
            start.await();
            try {
                update.call();
                return true;
            } catch (InvalidTokenException lost) {
                return false;
            }
        };
    }

    private String update(String name, String token, List<String> targets) {
        return client.updateRuleGroup(r -> r.ruleGroupName(name).type(RuleGroupType.STATEFUL).updateToken(token)
                .ruleGroup(allowList(targets, TargetType.TLS_SNI))).updateToken();
    }

    private String describeToken(String name) {
        return client.describeRuleGroup(r -> r.ruleGroupName(name).type(RuleGroupType.STATEFUL)).updateToken();
    }
}
