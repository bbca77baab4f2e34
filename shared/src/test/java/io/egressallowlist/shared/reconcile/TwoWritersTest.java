package io.egressallowlist.shared.reconcile;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.RuleGroupGateway;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.VersionNumber;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.notify.RecordingNotifier;
import io.egressallowlist.shared.store.DynamoWriterLease;
import io.egressallowlist.shared.testing.memory.RecordingEventPublisher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two firewall-sync invocations at once, as Lambda runs them without reserved concurrency: each its own
 * {@link FirewallSync}, reconciler and lease client over the same tables (dynalite) and rule group (the
 * Network Firewall emulator, slowed and throttling). Every approval is followed by one event, handled by
 * whichever writer takes it; no run after the last event is needed for everything to be applied.
 */
@ExtendWith(DynaliteExtension.class)
class TwoWritersTest {

    private static final List<String> BASELINE = List.of(".pypi.org", "files.pythonhosted.org");
    private static final int APPROVALS = 24;

    private ReconcilerFixture fixture;
    private DynamoDbClient dynamo;
    private InFlight gateway;

    @BeforeEach
    void setUp(DynamoDbClient dynamo) throws Exception {
        this.dynamo = dynamo;
        fixture = new ReconcilerFixture(dynamo, 3000, BASELINE);
        gateway = new InFlight(fixture.ruleGroup);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void twoWritersAtOnceApplyEveryApprovalInGaplessVersionsWithOneUpdateInFlightAndNoFailure() throws Exception {
        writer(Reconciler.NONE, 0).run("baseline");
        fixture.server.faults(NetworkFirewallEmulator.TARGET_PREFIX).seed(3).latencyMillis(100).throttleNext(3);
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<FirewallSync.Result> results = new CopyOnWriteArrayList<>();
        List<AllowlistRequest> approved = new CopyOnWriteArrayList<>();

        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 1; w <= 2; w++) {
                FirewallSync sync = writer(Reconciler.NONE, w);
                String name = "writer-" + w;
                AtomicInteger invocation = new AtomicInteger();
                writers.add(threads.submit(() -> {
                    for (String event = take(events); !event.equals("stop"); event = take(events)) {
                        try {
                            results.add(sync.run(name + "-" + invocation.incrementAndGet()));
                        } catch (Throwable failed) {
                            failures.add(failed);
                        }
                    }
                }));
            }
            threads.submit(() -> {
                for (int i = 0; i < APPROVALS; i++) {
                    approved.add(fixture.approved("host" + i + ".example.com"));
                    events.add("Request Approved");
                    pause(40);
                }
                events.add("stop");
                events.add("stop");
            }).get(120, TimeUnit.SECONDS);
            for (Future<?> writer : writers) {
                writer.get(120, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(failures).as("runs that failed").isEmpty();
        assertThat(gateway.maxInFlight()).as("UpdateRuleGroup calls in flight at once").isEqualTo(1);
        assertThat(results).as("runs that found the lease held and left the work to its holder")
                .anyMatch(result -> result.deferredTo().isPresent());
        TreeSet<String> expected = new TreeSet<>(BASELINE);
        approved.forEach(request -> expected.add(request.target().value()));
        assertThat(new TreeSet<>(fixture.liveTargets())).isEqualTo(expected);
        for (AllowlistRequest request : approved) {
            assertThat(fixture.status(request)).as(request.target().value()).isEqualTo(RequestStatus.ACTIVE);
        }
        long head = assertGaplessAndApplied();
        assertThat(fixture.server.calls().countSucceeded(NetworkFirewallEmulator.TARGET_PREFIX, "UpdateRuleGroup"))
                .as("one successful UpdateRuleGroup per version after the baseline").isEqualTo(head - 1);
        assertThat(results.stream().mapToInt(FirewallSync.Result::updateRuleGroupCalls).sum())
                .isGreaterThanOrEqualTo((int) (head - 1));
    }

    @Test
    void aHolderThatDiesMidRunKeepsTheLeaseUntilItsExpiryAfterWhichTheNextRunCompletesItsVersion() {
        writer(Reconciler.NONE, 0).run("baseline");
        AllowlistRequest request = fixture.approved("huggingface.co");
        FirewallSync dying = writer(afterVersionAppend(() -> {
            throw new ProcessDeath();
        }), 1);

        try {
            dying.run("dying-run", Duration.ofMinutes(5));
        } catch (ProcessDeath expected) {
            // the process is gone: nothing released the lease
        }
        assertThat(fixture.versions.head().orElseThrow().isApplied()).isFalse();

        FirewallSync next = writer(Reconciler.NONE, 2);
        FirewallSync.Result early = next.run("early-run");
        assertThat(early.deferredTo()).contains("dying-run");
        assertThat(early.passes()).isEmpty();
        assertThat(fixture.status(request)).isNotEqualTo(RequestStatus.ACTIVE);

        fixture.clock.advance(Duration.ofMinutes(5).plus(FirewallSync.LEASE_MARGIN).plusSeconds(1));
        FirewallSync.Result after = next.run("after-expiry");

        assertThat(after.deferredTo()).isEmpty();
        assertThat(after.versionsCreated()).isEmpty();
        assertThat(after.versionsApplied()).containsExactly(2L);
        assertThat(fixture.status(request)).isEqualTo(RequestStatus.ACTIVE);
        assertThat(fixture.liveTargets()).contains("huggingface.co");
        assertThat(assertGaplessAndApplied()).isEqualTo(2);
        assertThat(fixture.server.calls().countSucceeded(NetworkFirewallEmulator.TARGET_PREFIX, "UpdateRuleGroup"))
                .isEqualTo(1);
    }

    @Test
    void aRunThatFailsLetsGoOfTheLeaseSoTheRetryNeedNotWaitForTheExpiry() {
        writer(Reconciler.NONE, 0).run("baseline");
        AllowlistRequest request = fixture.approved("huggingface.co");
        FirewallSync failing = writer(afterVersionAppend(() -> {
            throw new IllegalStateException("DynamoDB unavailable");
        }), 1);
        try {
            failing.run("failing-run");
        } catch (IllegalStateException expected) {
            // Lambda retries the event
        }

        FirewallSync.Result retry = writer(Reconciler.NONE, 2).run("retry");

        assertThat(retry.deferredTo()).isEmpty();
        assertThat(fixture.status(request)).isEqualTo(RequestStatus.ACTIVE);
        assertThat(assertGaplessAndApplied()).isEqualTo(2);
    }

    // ---------------------------------------------------------------- helpers

    /** One function container: its own reconciler and lease client over the shared tables and rule group. */
    /** Checkpoints that run {@code crash} once the new version is appended, before the firewall is written. */
    private static Reconciler.Checkpoints afterVersionAppend(Runnable crash) {
        return step -> {
            if (step == ReconcileStep.AFTER_VERSION_APPEND) {
                crash.run();
            }
        };
    }

    private FirewallSync writer(Reconciler.Checkpoints checkpoints, int seed) {
        Reconciler reconciler = new Reconciler(fixture.versions, fixture.requests, fixture.audit, gateway, fixture.clock,
                Reconciler.Settings.defaults(), duration -> Thread.sleep(Math.min(duration.toMillis(), 20)),
                new Random(seed), checkpoints);
        return new FirewallSync(reconciler, fixture.requests, fixture.versions, fixture.audit,
                new RecordingEventPublisher(), new RecordingNotifier(), Optional.empty(), DriftMode.ENFORCE,
                fixture.clock, JsonLog.of(TwoWritersTest.class),
                new DynamoWriterLease(dynamo, fixture.tables.versions(), ReconcilerFixture.RULE_GROUP),
                () -> "run-" + seed);
    }

    /** Versions 1..head, each applied; returns head. */
    private long assertGaplessAndApplied() {
        long head = fixture.versions.head().orElseThrow().number();
        for (long number = 1; number <= head; number++) {
            AllowlistVersion version = fixture.versions.find(new VersionNumber(number)).orElseThrow();
            assertThat(version.isApplied()).as("version " + number).isTrue();
        }
        return head;
    }

    private static String take(BlockingQueue<String> events) {
        try {
            return events.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "stop";
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A process killed mid-run: not an exception the run could catch and clean up after. */
    private static final class ProcessDeath extends Error {
        ProcessDeath() {
            super("process killed", null, false, false);
        }
    }

    /** The real gateway, counting how many UpdateRuleGroup calls are in flight at once. */
    private static final class InFlight implements RuleGroupGateway {
        private final RuleGroupGateway real;
        private final AtomicInteger now = new AtomicInteger();
        private final AtomicInteger max = new AtomicInteger();

        InFlight(RuleGroupGateway real) {
            this.real = real;
        }

        @Override
        public LiveRuleGroup describe() {
            return real.describe();
        }

        @Override
        public String replace(String updateToken, List<String> targets, ScopeMode mode) {
            max.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                return real.replace(updateToken, targets, mode);
            } finally {
                now.decrementAndGet();
            }
        }

        int maxInFlight() {
            return max.get();
        }
    }
}
