package io.egressallowlist.emulators.networkfirewall;

import io.egressallowlist.emulators.core.CallLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.InternalServerErrorException;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroupType;
import software.amazon.awssdk.services.networkfirewall.model.TargetType;
import software.amazon.awssdk.services.networkfirewall.model.ThrottlingException;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import static io.egressallowlist.emulators.networkfirewall.EmulatedNetworkFirewall.allowList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultInjectionTest {

    private static final String PREFIX = NetworkFirewallEmulator.TARGET_PREFIX;

    private final EmulatedNetworkFirewall nfw = EmulatedNetworkFirewall.start();
    private final NetworkFirewallClient client = nfw.client;

    @BeforeEach
    void ruleGroup() {
        nfw.createAllowList("faulty", 10, List.of("a.example"), TargetType.TLS_SNI);
        nfw.server.calls().clear();
    }

    @AfterEach
    void stop() {
        nfw.close();
    }

    @Test
    void throttledCallsAreRetriedByTheSdkUntilTheySucceed() {
        nfw.faults().throttleNext(2);

        describe(client);

        assertThat(nfw.server.calls().calls()).extracting(CallLog.Call::errorName)
                .containsExactly("ThrottlingException", "ThrottlingException", null);
    }

    @Test
    void throttlingThatOutlastsTheRetriesReachesTheCaller() {
        nfw.faults().throttleNext(3);

        assertThatThrownBy(() -> describe(client))
                .isInstanceOfSatisfying(ThrottlingException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
        assertThat(nfw.server.calls().count(PREFIX, "DescribeRuleGroup")).isEqualTo(3);
    }

    @Test
    void throttledUpdateThatTheSdkRetriesIsAppliedExactlyOnce() {
        String token = nfw.emulator.updateToken("faulty");
        nfw.faults().throttleNext(1).onlyOperation("UpdateRuleGroup");

        client.updateRuleGroup(r -> r.ruleGroupName("faulty").type(RuleGroupType.STATEFUL).updateToken(token)
                .ruleGroup(allowList(List.of("b.example"), TargetType.TLS_SNI)));

        assertThat(nfw.emulator.successfulUpdates("faulty")).isEqualTo(1);
        assertThat(nfw.server.calls().countSucceeded(PREFIX, "UpdateRuleGroup")).isEqualTo(1);
    }

    @Test
    void seededThrottleFractionThrottlesTheSameCallsEveryRun() {
        NetworkFirewallClient noRetries = nfw.client(1);

        nfw.faults().seed(42).throttleFraction(0.5);
        List<Boolean> firstRun = IntStream.range(0, 20).mapToObj(i -> throttled(noRetries)).toList();
        nfw.faults().seed(42);
        List<Boolean> secondRun = IntStream.range(0, 20).mapToObj(i -> throttled(noRetries)).toList();

        assertThat(secondRun).isEqualTo(firstRun);
        assertThat(firstRun).contains(true, false);
    }

    @Test
    void internalErrorIsAFaultTheSdkRetries() {
        nfw.faults().internalErrorNext(1);

        describe(client);

        assertThat(nfw.server.calls().calls()).extracting(CallLog.Call::errorName).containsExactly("InternalServerError", null);
    }

    @Test
    void internalErrorWithoutRetriesReachesTheCallerAsA500() {
        nfw.faults().internalErrorNext(1);

        assertThatThrownBy(() -> describe(nfw.client(1)))
                .isInstanceOfSatisfying(InternalServerErrorException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
    }

    @Test
    void latencyDelaysEveryCall() {
        nfw.faults().latencyMillis(150);

        long started = System.nanoTime();
        describe(client);

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void faultsLimitedToOneOperationLeaveTheOthersAlone() {
        nfw.faults().throttleNext(5).onlyOperation("UpdateRuleGroup");

        describe(nfw.client(1));

        assertThat(nfw.server.calls().countSucceeded(PREFIX, "DescribeRuleGroup")).isEqualTo(1);
    }

    private static void describe(NetworkFirewallClient someClient) {
        someClient.describeRuleGroup(r -> r.ruleGroupName("faulty").type(RuleGroupType.STATEFUL));
    }

    private static boolean throttled(NetworkFirewallClient someClient) {
        try {
            describe(someClient);
            return false;
        } catch (ThrottlingException e) {
            return true;
        }
    }
}
