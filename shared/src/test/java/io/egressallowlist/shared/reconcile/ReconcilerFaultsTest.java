package io.egressallowlist.shared.reconcile;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.ApplyStatus;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.VersionLog.VersionSummary;
import io.egressallowlist.shared.domain.VersionNumber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.networkfirewall.model.DescribeRuleGroupResponse;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The reconciler through the real SDK clients on dynalite and the Network Firewall emulator: what only the
 * real API shows (the rest of the rule group kept), token races, SDK retries, outages and a stopped run.
 */
@ExtendWith(DynaliteExtension.class)
class ReconcilerFaultsTest {

    private ReconcilerFixture fixture;

    @BeforeEach
    void setUp(DynamoDbClient dynamo) throws IOException {
        fixture = new ReconcilerFixture(dynamo, 30_000, List.of(".amazonaws.com", "pypi.org"));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void anUpdatePreservesEveryOtherPartOfTheRuleGroup() {
        fixture.reconciler().run();
        fixture.approved("example.com");

        fixture.reconciler().run();

        DescribeRuleGroupResponse described = fixture.client.describeRuleGroup(b -> b
                .ruleGroupName(ReconcilerFixture.RULE_GROUP).type("STATEFUL"));
        assertThat(described.ruleGroupResponse().description()).isEqualTo("Studio egress allow-list");
        assertThat(described.ruleGroup().ruleVariables().ipSets().get("HOME_NET").definition()).containsExactly("10.0.0.0/16");
        assertThat(described.ruleGroup().rulesSource().rulesSourceList().targetTypesAsStrings())
                .containsExactly("TLS_SNI", "HTTP_HOST");
        assertThat(described.ruleGroup().rulesSource().rulesSourceList().generatedRulesTypeAsString()).isEqualTo("ALLOWLIST");
    }

    @Test
    void aTokenRaceIsRetriedWithBackoff() {
        fixture.reconciler().run();
        fixture.approved("example.com");
        fixture.firewall.forceTokenRace(ReconcilerFixture.RULE_GROUP, 2);

        ReconcileReport report = fixture.reconciler().run();

        assertThat(report.updateRuleGroupCalls()).isEqualTo(3);
        assertThat(fixture.sleeps).hasSize(2);
        assertThat(fixture.liveTargets()).contains("example.com");
        assertThat(fixture.versions.head().orElseThrow().isApplied()).isTrue();
    }

    @Test
    void anEndlessTokenRaceGivesUpAndTheNextRunFinishesTheSameVersion() {
        fixture.reconciler().run();
        AllowlistRequest request = fixture.approved("example.com");
        fixture.firewall.forceTokenRace(ReconcilerFixture.RULE_GROUP, 6);

        assertThatThrownBy(() -> fixture.reconciler().run())
                .isInstanceOf(ReconcileException.class)
                .hasMessageContaining("gave up writing version 2 after 6 token conflicts");
        assertThat(fixture.versions.head().orElseThrow().applyStatus()).isEqualTo(ApplyStatus.PENDING);
        assertThat(fixture.status(request)).isEqualTo(RequestStatus.APPLYING);

        fixture.reconciler().run();

        assertThat(fixture.versions.list(null, 10)).extracting(VersionSummary::number).containsExactly(2L, 1L);
        assertThat(fixture.versions.head().orElseThrow().isApplied()).isTrue();
        assertThat(fixture.status(request)).isEqualTo(RequestStatus.ACTIVE);
    }

    @Test
    void throttlingAndServerErrorsAreRetriedBySdk() {
        fixture.reconciler().run();
        fixture.approved("example.com");
        fixture.server.faults(NetworkFirewallEmulator.TARGET_PREFIX).throttleNext(1).internalErrorNext(1);

        fixture.reconciler().run();

        assertThat(fixture.liveTargets()).contains("example.com");
    }

    @Test
    void approvalsArrivingWhileAVersionIsUnappliedAreFoldedIntoTheNextWithoutLoss() {
        fixture.reconciler().run();
        AllowlistRequest early = fixture.approved("early.example.com");
        assertThatThrownBy(() -> fixture.reconciler(Reconciler.Settings.defaults(), step -> {
            if (step == ReconcileStep.AFTER_REQUESTS_MARKED_APPLYING) {
                throw new IllegalStateException("crash");
            }
        }).run()).hasMessage("crash");
        AllowlistRequest late = fixture.approved("late.example.com");

        fixture.reconciler().run();

        assertThat(fixture.versions.find(new VersionNumber(2)).orElseThrow().applyStatus()).isEqualTo(ApplyStatus.SUPERSEDED);
        AllowlistVersion applied = fixture.versions.find(new VersionNumber(3)).orElseThrow();
        assertThat(applied.isApplied()).isTrue();
        assertThat(applied.targets()).contains("early.example.com", "late.example.com");
        assertThat(fixture.requests.find(early.id()).orElseThrow().version()).isEqualTo(new VersionNumber(3));
        assertThat(fixture.status(late)).isEqualTo(RequestStatus.ACTIVE);
    }

    @Test
    void anUnavailableFirewallApiFailsTheRunWithoutHalfWritesAndTheNextRunRecovers() {
        fixture.reconciler().run();
        AllowlistRequest request = fixture.approved("outage.example.com");
        fixture.server.faults(NetworkFirewallEmulator.TARGET_PREFIX).internalErrorFraction(1.0);

        assertThatThrownBy(() -> fixture.reconciler().run())
                .isInstanceOf(software.amazon.awssdk.core.exception.SdkException.class);
        assertThat(fixture.versions.head().orElseThrow().number()).as("nothing appended").isEqualTo(1);
        assertThat(fixture.status(request)).isEqualTo(RequestStatus.APPROVED);

        fixture.server.faults(NetworkFirewallEmulator.TARGET_PREFIX).reset();
        fixture.reconciler().run();

        assertThat(fixture.liveTargets()).contains("outage.example.com");
        assertThat(fixture.status(request)).isEqualTo(RequestStatus.ACTIVE);
        assertThat(fixture.versions.list(null, 10)).extracting(VersionSummary::number).containsExactly(2L, 1L);
    }

    @Test
    void anOutageAfterTheVersionIsAppendedIsCompletedByTheNextRun() {
        fixture.reconciler().run();
        AllowlistRequest request = fixture.approved("late-outage.example.com");
        fixture.server.faults(NetworkFirewallEmulator.TARGET_PREFIX).onlyOperation("UpdateRuleGroup").internalErrorFraction(1.0);

        assertThatThrownBy(() -> fixture.reconciler().run())
                .isInstanceOf(software.amazon.awssdk.core.exception.SdkException.class);
        assertThat(fixture.versions.head().orElseThrow().applyStatus()).isEqualTo(ApplyStatus.PENDING);

        fixture.server.faults(NetworkFirewallEmulator.TARGET_PREFIX).reset();
        fixture.reconciler().run();

        assertThat(fixture.versions.list(null, 10)).extracting(VersionSummary::number).containsExactly(2L, 1L);
        assertThat(fixture.versions.head().orElseThrow().isApplied()).isTrue();
        assertThat(fixture.status(request)).isEqualTo(RequestStatus.ACTIVE);
    }
}
