package io.egressallowlist.shared.cleanup;

import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.config.EnvKey;
import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.events.EventTypes;
import io.egressallowlist.shared.slack.BlockKitMessages;
import io.egressallowlist.emulators.eventbridge.EventBridgeEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.networkfirewall.model.EnabledAnalysisType;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.egressallowlist.shared.cleanup.CleanupFixture.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Cleanup on the in-memory ports, its traffic evidence from the Network Firewall emulator's reports; a bus
 * that fails is proven through the real SDK clients on dynalite and the emulators.
 */
@ExtendWith(DynaliteExtension.class)
class CleanupServiceTest {

    private static final List<String> BASELINE = List.of(".amazonaws.com", "pypi.org", "legacy.example.net");
    private static final EnabledAnalysisType[] BOTH = {EnabledAnalysisType.TLS_SNI, EnabledAnalysisType.HTTP_HOST};

    private CleanupFixture fixture;

    @AfterEach
    void tearDown() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** Baseline and two 90-day grants applied 45 days ago; traffic for everything but two entries. */
    private void estateWatchedForFortyFiveDays(EnabledAnalysisType... analysed) throws IOException {
        fixture = CleanupFixture.inMemory(BASELINE, analysed);
        fixture.reconciler.run();
        fixture.approved("huggingface.co", Optional.empty());
        fixture.approved("unused.example.org", Optional.empty());
        fixture.reconciler.run();
        fixture.clock.advance(Duration.ofDays(45));
        fixture.traffic("s3.eu-west-1.amazonaws.com", "TLS_SNI", Duration.ofDays(2));
        fixture.traffic("PyPI.org.", "TLS_SNI", Duration.ofDays(10));
        fixture.traffic("huggingface.co:80", "HTTP_HOST", Duration.ofDays(1));
    }

    private AllowlistRequest grant(String target) {
        return fixture.requests.activeFor(new FirewallTarget(target)).get(0);
    }

    // ---------------------------------------------------------------- unused entries

    @Test
    void entriesWithoutTrafficAreFlaggedAndNothingChangesWhenTheActionIsFlag() throws IOException {
        estateWatchedForFortyFiveDays(BOTH);

        CleanupReport report = fixture.cleanup(StaleAction.FLAG).run();

        assertThat(report.stale()).containsExactlyInAnyOrder("legacy.example.net", "unused.example.org");
        assertThat(report.removedUnused()).isEmpty();
        assertThat(report.staleCheckSkipped()).isEmpty();
        assertThat(grant("unused.example.org").status()).isEqualTo(RequestStatus.ACTIVE);
        assertThat(fixture.notifier.flagged).singleElement().satisfies(targets ->
                assertThat(targets).containsExactlyInAnyOrder("legacy.example.net", "unused.example.org"));
        JsonNode found = fixture.published(EventTypes.STALE_ENTRIES_FOUND).get(0);
        assertThat(texts(found.path("targets"))).containsExactlyInAnyOrder("legacy.example.net", "unused.example.org");
        assertThat(found.path("action").asText()).isEqualTo("FLAG");
        assertThat(texts(found.path("reportIds"))).hasSize(2);
        assertThat(fixture.published(EventTypes.GRANT_EXPIRED)).isEmpty();
    }

    @Test
    void removingExpiresTheUnusedGrantForTheReconcilerAndOnlyFlagsTheBaselineEntry() throws IOException {
        estateWatchedForFortyFiveDays(BOTH);
        AllowlistRequest unused = grant("unused.example.org");

        CleanupReport report = fixture.cleanup(StaleAction.REMOVE).run();

        assertThat(report.removedUnused()).containsExactly(unused.id().value());
        AllowlistRequest after = fixture.requests.find(unused.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(RequestStatus.EXPIRED);
        assertThat(after.intent()).isEqualTo(Intent.REMOVE);
        assertThat(fixture.audit.forRequest(unused.id())).extracting(AuditEvent::action).contains("GRANT_EXPIRED_UNUSED");
        assertThat(fixture.notifier.removed).containsExactly(List.of("unused.example.org"));
        assertThat(fixture.notifier.flagged).containsExactly(List.of("legacy.example.net"));
        assertThat(fixture.notifier.decided).extracting(AllowlistRequest::id).containsExactly(unused.id());
        JsonNode expired = fixture.published(EventTypes.GRANT_EXPIRED).get(0);
        assertThat(expired.path("requestId").asText()).isEqualTo(unused.id().value());
        assertThat(expired.path("reason").asText()).isEqualTo("UNUSED");
        assertThat(fixture.enforcedTargets()).as("cleanup never writes the firewall")
                .contains("unused.example.org");

        fixture.reconciler.run();
        assertThat(fixture.enforcedTargets()).doesNotContain("unused.example.org")
                .contains("legacy.example.net");
    }

    @Test
    void aRemovalForLackOfTrafficSaysWhenTheEntryWasLastSeenNotTheGrantsExpiry() throws IOException {
        estateWatchedForFortyFiveDays(BOTH);
        fixture.traffic("Unused.Example.org", "HTTP_HOST", Duration.ofDays(20));
        AllowlistRequest unused = grant("unused.example.org");
        Instant now = fixture.clock.instant();

        fixture.cleanup(CleanupService.Settings.of(Duration.ofDays(3), Duration.ofDays(14), StaleAction.REMOVE)).run();

        AllowlistRequest after = fixture.requests.find(unused.id()).orElseThrow();
        assertThat(after.endedUnused()).isTrue();
        assertThat(after.unusedEvidence()).hasValueSatisfying(evidence -> assertThat(evidence)
                .startsWith("no traffic to unused.example.org since " + now.minus(Duration.ofDays(14)))
                .contains("last seen " + now.minus(Duration.ofDays(20)), "up to " + now)
                .doesNotContain(after.expiresAt().toString()));
        String told = BlockKitMessages.requesterOutcome(after).text();
        assertThat(told).contains("was removed as unused", "last seen " + now.minus(Duration.ofDays(20)))
                .doesNotContain("expired");
        assertThat(BlockKitMessages.decidedCard(after).text() + BlockKitMessages.decidedCard(after).blocks())
                .contains("Removed as unused").doesNotContain("Grant expired");

        fixture.reconciler.run();
        assertThat(fixture.versions.lastApplied().orElseThrow().cause().describe()).isEqualTo("unused " + unused.id());
    }

    @Test
    void anEntryNeverSeenIsRemovedSayingSinceWhenTheEvidenceShowsNothing() throws IOException {
        estateWatchedForFortyFiveDays(BOTH);
        AllowlistRequest unused = grant("unused.example.org");
        Instant now = fixture.clock.instant();

        fixture.cleanup(StaleAction.REMOVE).run();

        assertThat(fixture.requests.find(unused.id()).orElseThrow().unusedEvidence()).hasValueSatisfying(evidence ->
                assertThat(evidence).startsWith("no traffic to unused.example.org since " + now.minus(Duration.ofDays(30)))
                        .contains("not seen at all since " + now.minus(Duration.ofDays(30)) + ", where the traffic"
                                + " evidence starts"));
    }

    @Test
    void aSecondRunOnTheSameReportsReportsNothingNew() throws IOException {
        estateWatchedForFortyFiveDays(BOTH);
        fixture.cleanup(StaleAction.FLAG).run();
        fixture.clock.advance(Duration.ofDays(1));

        CleanupReport second = fixture.cleanup(StaleAction.FLAG).run();

        assertThat(second.stale()).containsExactlyInAnyOrder("legacy.example.net", "unused.example.org");
        assertThat(second.newlyFlagged()).isEmpty();
        assertThat(fixture.notifier.flagged).hasSize(1);
        assertThat(fixture.published(EventTypes.STALE_ENTRIES_FOUND)).hasSize(1);
    }

    @Test
    void aReusedReportOlderThanTwoDaysOnlyFlagsEvenWhenTheActionIsRemove() throws IOException {
        estateWatchedForFortyFiveDays(BOTH);
        fixture.cleanup(StaleAction.FLAG).run(); // generates this month's reports
        fixture.clock.advance(Duration.ofDays(5));

        CleanupReport report = fixture.cleanup(StaleAction.REMOVE).run();

        assertThat(report.stale()).contains("unused.example.org");
        assertThat(report.removedUnused()).isEmpty();
        assertThat(grant("unused.example.org").status()).isEqualTo(RequestStatus.ACTIVE);
    }

    @Test
    void anEntryAddedDuringTheWindowIsNotJudged() throws IOException {
        estateWatchedForFortyFiveDays(BOTH);
        fixture.approved("new.example.com", Optional.empty());
        fixture.reconciler.run();

        CleanupReport report = fixture.cleanup(StaleAction.REMOVE).run();

        assertThat(report.stale()).doesNotContain("new.example.com");
        assertThat(grant("new.example.com").status()).isEqualTo(RequestStatus.ACTIVE);
    }

    @Test
    void withoutAnalysisOfBothTrafficTypesNothingIsJudgedAndTheReasonIsGiven() throws IOException {
        estateWatchedForFortyFiveDays(EnabledAnalysisType.TLS_SNI);

        CleanupReport report = fixture.cleanup(StaleAction.REMOVE).run();

        assertThat(report.stale()).isEmpty();
        assertThat(report.staleCheckSkipped()).hasValueSatisfying(reason -> assertThat(reason).contains("HTTP_HOST"));
        assertThat(fixture.published(EventTypes.STALE_ENTRIES_FOUND)).isEmpty();
        assertThat(grant("unused.example.org").status()).isEqualTo(RequestStatus.ACTIVE);
    }

    @Test
    void whileTheFirstReportsAreStillRunningNothingIsJudged() throws IOException {
        estateWatchedForFortyFiveDays(BOTH);
        fixture.firewall.syncDelay(Duration.ofMinutes(10));

        CleanupReport report = fixture.cleanup(StaleAction.REMOVE).run();

        assertThat(report.staleCheckSkipped()).hasValueSatisfying(reason -> assertThat(reason).contains("no completed"));
        assertThat(report.stale()).isEmpty();
    }

    @Test
    void aWindowLongerThanTheReportsCoverIsNotGuessed() throws IOException {
        estateWatchedForFortyFiveDays(BOTH);

        CleanupReport report = fixture.cleanup(CleanupService.Settings.of(Duration.ofDays(3), Duration.ofDays(60),
                StaleAction.REMOVE)).run();

        assertThat(report.staleCheckSkipped()).hasValueSatisfying(reason -> assertThat(reason).contains(EnvKey.STALE_AFTER.name()));
        assertThat(grant("unused.example.org").status()).isEqualTo(RequestStatus.ACTIVE);
    }

    @Test
    void theDefaultWindowIsJudgedWhenTheTwoReportsWereMadeADayApart() throws IOException {
        estateWatchedForFortyFiveDays(BOTH);
        fixture.nfw.startAnalysisReport(b -> b.firewallName(CleanupFixture.FIREWALL)
                .analysisType(EnabledAnalysisType.TLS_SNI));
        fixture.clock.advance(Duration.ofDays(1));

        CleanupReport judged = fixture.cleanup(CleanupService.Settings.of(Duration.ofDays(3),
                ControlPlaneConfig.DEFAULT_STALE_AFTER, StaleAction.FLAG)).run();
        CleanupReport thirtyDays = fixture.cleanup(CleanupService.Settings.of(Duration.ofDays(3), Duration.ofDays(30),
                StaleAction.FLAG)).run();

        assertThat(judged.staleCheckSkipped()).as("the reports cover 29 days together").isEmpty();
        assertThat(judged.stale()).containsExactlyInAnyOrder("legacy.example.net", "unused.example.org");
        assertThat(thirtyDays.staleCheckSkipped()).as("30 days is more than both reports cover")
                .hasValueSatisfying(reason -> assertThat(reason).contains(EnvKey.STALE_AFTER.name()));
    }

    @Test
    void aControlPlaneYoungerThanTheWindowJudgesNothing() throws IOException {
        fixture = CleanupFixture.inMemory(BASELINE, BOTH);
        fixture.reconciler.run();
        fixture.clock.advance(Duration.ofDays(10));

        CleanupReport report = fixture.cleanup(StaleAction.FLAG).run();

        assertThat(report.staleCheckSkipped()).hasValueSatisfying(reason -> assertThat(reason).contains("version log"));
        assertThat(fixture.notifier.flagged).isEmpty();
    }

    // ---------------------------------------------------------------- expiry and reminders

    @Test
    void grantsPastTheirExpiryAreExpiredAndTheReconcilerIsWoken() throws IOException {
        fixture = CleanupFixture.inMemory(BASELINE, BOTH);
        fixture.reconciler.run();
        AllowlistRequest shortGrant = fixture.approved("kaggle.com", Optional.of(Duration.ofDays(2)));
        fixture.reconciler.run();
        fixture.clock.advance(Duration.ofDays(3));

        CleanupReport report = fixture.cleanup(StaleAction.FLAG).run();

        assertThat(report.expiredGrants()).containsExactly(shortGrant.id().value());
        assertThat(fixture.requests.find(shortGrant.id()).orElseThrow().intent()).isEqualTo(Intent.REMOVE);
        JsonNode event = fixture.published(EventTypes.GRANT_EXPIRED).get(0);
        assertThat(event.path("requestId").asText()).isEqualTo(shortGrant.id().value());
        assertThat(event.path("reason").asText()).isEqualTo("EXPIRED");
        assertThat(fixture.notifier.decided).extracting(AllowlistRequest::id).containsExactly(shortGrant.id());

        CleanupReport again = fixture.cleanup(StaleAction.FLAG).run();
        assertThat(again.expiredGrants()).isEmpty();
        assertThat(fixture.published(EventTypes.GRANT_EXPIRED)).hasSize(1);

        AllowlistRequest expired = fixture.requests.find(shortGrant.id()).orElseThrow();
        assertThat(expired.endedUnused()).isFalse();
        assertThat(BlockKitMessages.requesterOutcome(expired).text()).contains("expired")
                .doesNotContain("unused");
        fixture.reconciler.run();
        assertThat(fixture.versions.lastApplied().orElseThrow().cause().describe()).isEqualTo("expired " + shortGrant.id());
    }

    @Test
    void requestsLeftUndecidedPastTheirDeadlineExpire() throws IOException {
        fixture = CleanupFixture.inMemory(BASELINE, BOTH);
        fixture.reconciler.run();
        AllowlistRequest pending = fixture.submitted("forgotten.example.com", Optional.empty());
        fixture.clock.advance(Duration.ofDays(8));

        CleanupReport report = fixture.cleanup(StaleAction.FLAG).run();

        assertThat(report.expiredPending()).containsExactly(pending.id().value());
        assertThat(fixture.requests.find(pending.id()).orElseThrow().status()).isEqualTo(RequestStatus.EXPIRED);
        assertThat(fixture.notifier.decided).extracting(AllowlistRequest::id).containsExactly(pending.id());
    }

    @Test
    void aGrantIsRemindedOnceBeforeItExpiresAndAgainAfterARenewal() throws IOException {
        fixture = CleanupFixture.inMemory(BASELINE, BOTH);
        fixture.reconciler.run();
        AllowlistRequest grant = fixture.approved("kaggle.com", Optional.of(Duration.ofDays(10)));
        fixture.reconciler.run();
        fixture.clock.advance(Duration.ofDays(8));

        assertThat(fixture.cleanup(StaleAction.FLAG).run().reminded()).containsExactly(grant.id().value());
        assertThat(fixture.cleanup(StaleAction.FLAG).run().reminded()).isEmpty();
        fixture.requestService.renew(grant.id(), CleanupFixture.APPROVER);
        fixture.clock.advance(Duration.ofDays(8)); // renewed for 10 days from day 8: expires on day 18
        assertThat(fixture.cleanup(StaleAction.FLAG).run().reminded()).containsExactly(grant.id().value());

        assertThat(fixture.notifier.reminded).hasSize(2);
    }

    @Test
    void whenTheBusFailsEveryChangeIsStillMadeAndTheRunFails(DynamoDbClient dynamo) throws IOException {
        fixture = CleanupFixture.onDynaliteAndEmulators(dynamo, BASELINE, BOTH);
        fixture.reconciler.run();
        AllowlistRequest shortGrant = fixture.approved("kaggle.com", Optional.of(Duration.ofDays(2)));
        fixture.reconciler.run();
        fixture.clock.advance(Duration.ofDays(3));
        fixture.aws.faults(EventBridgeEmulator.TARGET_PREFIX).internalErrorNext(50);

        assertThatThrownBy(() -> fixture.cleanup(StaleAction.FLAG).run()).isInstanceOf(RuntimeException.class);

        fixture.aws.faults(EventBridgeEmulator.TARGET_PREFIX).reset();
        assertThat(fixture.requests.find(shortGrant.id()).orElseThrow().status()).isEqualTo(RequestStatus.EXPIRED);
        fixture.reconciler.run();
        assertThat(fixture.enforcedTargets()).as("the reconcile schedule heals a lost event")
                .doesNotContain("kaggle.com");
    }
}
