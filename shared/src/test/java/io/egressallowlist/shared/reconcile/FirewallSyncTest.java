package io.egressallowlist.shared.reconcile;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.networkfirewall.TargetEdit;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.FirewallSyncCheck;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.events.EventTypes;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.testing.memory.InMemoryWriterLease;
import io.egressallowlist.shared.notify.RecordingNotifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The firewall-sync invocation over the reconciler (dynalite and the Network Firewall emulator): its passes,
 * the sync check, the once-a-day failure report and what it publishes and tells.
 */
@ExtendWith(DynaliteExtension.class)
class FirewallSyncTest {

    private final RecordingNotifier notifier = new RecordingNotifier();
    private final List<EventPublisher.Event> published = new ArrayList<>();
    private EventPublisher events = published::addAll;
    private ReconcilerFixture fixture;

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    // ---------------------------------------------------------------- passes

    @Test
    void aRunThatAppendsAVersionLooksOnceMoreAndStopsWhenNothingIsNew(DynamoDbClient dynamo) throws IOException {
        fixture = new ReconcilerFixture(dynamo, 30_000, List.of("pypi.org"));
        baseline(sync(Optional.empty()));
        fixture.approved("huggingface.co");

        FirewallSync.Result result = sync(Optional.empty()).run("req-1");

        assertThat(result.passes()).hasSize(2);
        assertThat(result.passes().get(1).changedAnything()).isFalse();
        assertThat(result.versionsCreated()).containsExactly(2L);
        assertThat(result.versionsApplied()).containsExactly(2L);
        assertThat(result.activated()).isEqualTo(1);
        assertThat(result.updateRuleGroupCalls()).isEqualTo(1);
        assertThat(result.failure()).isEmpty();
    }

    @Test
    void aRunWithNothingToDoIsOnePass(DynamoDbClient dynamo) throws IOException {
        fixture = new ReconcilerFixture(dynamo, 30_000, List.of("pypi.org"));
        baseline(sync(Optional.empty()));

        FirewallSync.Result result = sync(Optional.empty()).run("req-1");

        assertThat(result.passes()).hasSize(1);
        assertThat(result.versionsCreated()).isEmpty();
        assertThat(published).isEmpty();
        assertThat(notifier.applied).isEmpty();
    }

    @Test
    void anApprovalArrivingDuringTheFirstPassGoesOutInTheSecondAndAThirdWaitsForTheNextRun(DynamoDbClient dynamo)
            throws IOException {
        fixture = new ReconcilerFixture(dynamo, 30_000, List.of("pypi.org"));
        baseline(sync(Optional.empty()));
        fixture.approved("huggingface.co");
        List<AllowlistRequest> late = new ArrayList<>();
        notifier.onVersionApplied = version -> late.add(fixture.approved("late" + late.size() + ".example.com"));

        FirewallSync.Result result = sync(Optional.empty()).run("req-1");

        assertThat(result.passes()).hasSize(2);
        assertThat(result.versionsApplied()).containsExactly(2L, 3L);
        assertThat(late).hasSize(2);
        assertThat(fixture.status(late.get(0))).isEqualTo(RequestStatus.ACTIVE);
        assertThat(fixture.status(late.get(1))).isEqualTo(RequestStatus.APPROVED);
        assertThat(types()).containsExactly(EventTypes.VERSION_CREATED, EventTypes.VERSION_APPLIED,
                EventTypes.VERSION_CREATED, EventTypes.VERSION_APPLIED);
    }

    @Test
    void anAppliedVersionIsToldWithWhatItChangedAndWhomItActivated(DynamoDbClient dynamo) throws IOException {
        fixture = new ReconcilerFixture(dynamo, 30_000, List.of("pypi.org"));
        baseline(sync(Optional.empty()));
        AllowlistRequest request = fixture.approved("huggingface.co");

        sync(Optional.empty()).run("req-1");

        assertThat(notifier.applied).last().satisfies(told -> {
            assertThat(told.version()).isEqualTo(2);
            assertThat(told.change().added()).containsExactly("huggingface.co");
            assertThat(told.activated()).containsExactly(request.id());
        });
        assertThat(detail(EventTypes.VERSION_APPLIED, 0)).containsEntry("added", 1).containsEntry("parent", 1L)
                .containsEntry("activated", List.of(request.id().value()));
    }

    @Test
    void driftIsToldAndPublishedWithTheMode(DynamoDbClient dynamo) throws IOException {
        fixture = new ReconcilerFixture(dynamo, 30_000, List.of("pypi.org"));
        baseline(sync(Optional.empty()));
        fixture.firewall.editOutOfBand(ReconcilerFixture.RULE_GROUP, TargetEdit.add(List.of("pastebin.com")));

        FirewallSync.Result result = sync(Optional.empty()).run("req-1");

        assertThat(result.driftDetected()).isTrue();
        assertThat(notifier.drifts).singleElement().satisfies(d -> assertThat(d.added()).containsExactly("pastebin.com"));
        assertThat(detail(EventTypes.DRIFT_DETECTED, 0)).containsEntry("added", List.of("pastebin.com"))
                .containsEntry("mode", "ENFORCE");
    }

    // ---------------------------------------------------------------- the sync check

    @Test
    void theSyncCheckRunsAfterAnUpdateOnlyAndItsOutcomeIsAnnounced(DynamoDbClient dynamo) throws IOException {
        fixture = new ReconcilerFixture(dynamo, 30_000, List.of("pypi.org"));
        AtomicInteger checks = new AtomicInteger();
        FirewallSyncCheck check = () -> {
            checks.incrementAndGet();
            return FirewallSyncCheck.Outcome.IN_SYNC;
        };
        FirewallSync sync = sync(Optional.of(check));
        baseline(sync);
        assertThat(checks).hasValue(0);
        fixture.approved("huggingface.co");

        FirewallSync.Result result = sync.run("req-1");
        FirewallSync.Result idle = sync.run("req-2");

        assertThat(checks).hasValue(1);
        assertThat(result.sync()).contains(FirewallSyncCheck.Outcome.IN_SYNC);
        assertThat(idle.sync()).isEmpty();
        assertThat(detail(EventTypes.VERSION_APPLIED, 0)).containsEntry("firewallSync", "IN_SYNC");
    }

    @Test
    void aSyncCheckThatFailsCountsAsStillPendingAndTheEventsStillGoOut(DynamoDbClient dynamo) throws IOException {
        fixture = new ReconcilerFixture(dynamo, 30_000, List.of("pypi.org"));
        FirewallSync sync = sync(Optional.of(() -> {
            throw new IllegalStateException("DescribeFirewall throttled");
        }));
        baseline(sync);
        fixture.approved("huggingface.co");

        FirewallSync.Result result = sync.run("req-1");

        assertThat(result.sync()).contains(FirewallSyncCheck.Outcome.STILL_PENDING);
        assertThat(detail(EventTypes.VERSION_APPLIED, 0)).containsEntry("firewallSync", "STILL_PENDING");
        assertThat(notifier.applied).hasSize(1);
    }

    @Test
    void withoutAFirewallToAskNoSyncStateIsReported(DynamoDbClient dynamo) throws IOException {
        fixture = new ReconcilerFixture(dynamo, 30_000, List.of("pypi.org"));
        baseline(sync(Optional.empty()));
        fixture.approved("huggingface.co");

        FirewallSync.Result result = sync(Optional.empty()).run("req-1");

        assertThat(result.sync()).isEmpty();
        assertThat(detail(EventTypes.VERSION_APPLIED, 0)).doesNotContainKey("firewallSync");
    }

    // ---------------------------------------------------------------- failures

    @Test
    void aCapacityFailureIsReportedOncePerDayAndTheRunSucceeds(DynamoDbClient dynamo) throws IOException {
        // Capacity 8 with two target types holds three targets (n×2 + 2).
        fixture = new ReconcilerFixture(dynamo, 8, List.of("pypi.org"));
        FirewallSync sync = sync(Optional.empty());
        baseline(sync);
        fixture.approved("a.example.com");
        fixture.approved("b.example.com");
        fixture.approved("c.example.com");

        FirewallSync.Result first = sync.run("req-1");
        fixture.clock.advance(Duration.ofHours(1));
        FirewallSync.Result again = sync.run("req-2");

        assertThat(first.failure()).get().asString().contains("capacity");
        assertThat(first.passes()).isEmpty();
        assertThat(again.failure()).isPresent();
        assertThat(notifier.failures).hasSize(1);
        assertThat(details(EventTypes.RECONCILE_FAILED)).singleElement().satisfies(failed -> assertThat(failed)
                .containsEntry("reason", "CAPACITY_EXCEEDED").containsEntry("retried", false)
                .containsEntry("neededCapacity", 10).containsEntry("capacity", 8));
        assertThat(fixture.liveTargets()).containsExactly("pypi.org");

        fixture.clock.advance(Duration.ofDays(1));
        sync.run("req-3");

        assertThat(notifier.failures).hasSize(2);
        assertThat(details(EventTypes.RECONCILE_FAILED)).hasSize(2);
    }

    @Test
    void anotherFailureIsReportedOncePerDayAndRethrownForLambdaToRetry(DynamoDbClient dynamo) throws IOException {
        fixture = new ReconcilerFixture(dynamo, 30_000, List.of("pypi.org"));
        FirewallSync sync = sync(Optional.empty());
        baseline(sync);
        AllowlistRequest request = fixture.approved("huggingface.co");
        fixture.firewall.forceTokenRace(ReconcilerFixture.RULE_GROUP, 40);

        assertThatThrownBy(() -> sync.run("req-1")).isInstanceOf(ReconcileException.class).hasMessageContaining("token");
        assertThatThrownBy(() -> sync.run("req-2")).isInstanceOf(ReconcileException.class);

        assertThat(notifier.failures).hasSize(1);
        assertThat(details(EventTypes.RECONCILE_FAILED)).singleElement().satisfies(failed -> assertThat(failed)
                .containsEntry("reason", "RECONCILE_FAILED").containsEntry("retried", true)
                .doesNotContainKey("neededCapacity"));
        assertThat(fixture.requests.find(request.id()).orElseThrow().intent()).isNotNull();
    }

    @Test
    void aFailureReportTheBusRefusesIsLoggedAndTheRunStillEndsWithTheFailure(DynamoDbClient dynamo) throws IOException {
        fixture = new ReconcilerFixture(dynamo, 8, List.of("pypi.org"));
        baseline(sync(Optional.empty()));
        fixture.approved("a.example.com");
        fixture.approved("b.example.com");
        fixture.approved("c.example.com");
        events = sent -> {
            throw new EventPublisher.EventPublishException("bus unavailable");
        };

        FirewallSync.Result result = sync(Optional.empty()).run("req-1");

        assertThat(result.failure()).isPresent();
        assertThat(notifier.failures).hasSize(1);
    }

    @Test
    void whenTheBusRefusesTheVersionEventsTheRunFailsAfterTheFirewallIsUpdated(DynamoDbClient dynamo) throws IOException {
        fixture = new ReconcilerFixture(dynamo, 30_000, List.of("pypi.org"));
        baseline(sync(Optional.empty()));
        AllowlistRequest request = fixture.approved("huggingface.co");
        events = sent -> {
            throw new EventPublisher.EventPublishException("bus unavailable");
        };

        assertThatThrownBy(() -> sync(Optional.empty()).run("req-1"))
                .isInstanceOf(EventPublisher.EventPublishException.class);

        assertThat(fixture.liveTargets()).contains("huggingface.co");
        assertThat(fixture.status(request)).isEqualTo(RequestStatus.ACTIVE);
    }

    // ---------------------------------------------------------------- helpers

    private FirewallSync sync(Optional<FirewallSyncCheck> check) {
        return new FirewallSync(fixture.reconciler(), fixture.requests, fixture.versions, fixture.audit, events, notifier,
                check, DriftMode.ENFORCE, fixture.clock, JsonLog.of(FirewallSyncTest.class), new InMemoryWriterLease(),
                () -> "run");
    }

    /** The first run takes the rule group's content as version 1; what it published and told is forgotten. */
    private void baseline(FirewallSync sync) {
        sync.run("baseline");
        published.clear();
        notifier.applied.clear();
    }

    private List<String> types() {
        return published.stream().map(EventPublisher.Event::detailType).toList();
    }

    private List<Map<String, Object>> details(String detailType) {
        return published.stream().filter(event -> event.detailType().equals(detailType))
                .map(EventPublisher.Event::detail).toList();
    }

    private Map<String, Object> detail(String detailType, int index) {
        List<Map<String, Object>> found = details(detailType);
        assertThat(found).as("events of type " + detailType).hasSizeGreaterThan(index);
        return found.get(index);
    }
}
