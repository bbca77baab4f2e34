package io.egressallowlist.shared.reconcile;

import io.egressallowlist.emulators.core.CallLog;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.VersionLog.VersionSummary;
import io.egressallowlist.shared.domain.VersionNumber;
import io.egressallowlist.shared.events.EventTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One writer per scope (dynalite and the Network Firewall emulator, through the real clients): each scope's
 * reconcile reads only its own requests and writes only its own rule group and version log, scopes run side by side
 * without waiting on one another, and one that fails or stalls holds no other back.
 */
@ExtendWith(DynaliteExtension.class)
class ScopesReconcileTest {

    private static final ScopeName RISK = ScopeName.of("risk");
    private static final ScopeName RESEARCH = ScopeName.of("research");
    private static final int APPROVALS_PER_SCOPE = 30;

    private ScopesFixture fixture;

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void approvalsInTwoScopesAtOnceUnderThrottlingAndTokenRacesEndWithEachRuleGroupHoldingItsScopesApprovedSet(
            DynamoDbClient dynamo) throws Exception {
        fixture = new ScopesFixture(dynamo, List.of(RISK, RESEARCH), Map.of());
        ScopeSyncs syncs = fixture.scopeSyncs();
        syncs.runAll("baseline", Duration.ofMinutes(1));
        fixture.server.faults(NetworkFirewallEmulator.TARGET_PREFIX).seed(42).throttleFraction(0.20)
                .internalErrorFraction(0.05).throttleNext(2).internalErrorNext(2);

        AtomicBoolean approving = new AtomicBoolean(true);
        AtomicInteger failedRuns = new AtomicInteger();
        ExecutorService syncThread = Executors.newSingleThreadExecutor();
        Future<?> loop = syncThread.submit(() -> {
            int run = 0;
            while (approving.get()) {
                if (run++ % 3 == 0) {
                    fixture.firewall.forceTokenRace(ScopesFixture.ruleGroup(RISK), 1);
                    fixture.firewall.forceTokenRace(ScopesFixture.ruleGroup(RESEARCH), 1);
                }
                runAll(syncs, failedRuns);
            }
        });
        Map<ScopeName, List<AllowlistRequest>> approved = approveInParallel();
        approving.set(false);
        loop.get(60, TimeUnit.SECONDS);
        syncThread.shutdown();
        for (int extra = 0; !fixture.converged() && extra < 40; extra++) {
            runAll(syncs, failedRuns);
        }

        for (ScopeName scope : List.of(RISK, RESEARCH)) {
            List<AllowlistRequest> own = approved.get(scope);
            Set<String> expected = new TreeSet<>(ScopesFixture.BASELINE);
            own.forEach(request -> expected.add(request.target().value()));
            assertThat(new TreeSet<>(fixture.live(scope))).as("rule group of %s", scope).isEqualTo(expected);
            List<VersionSummary> log = fixture.log(scope);
            assertThat(ScopesFixture.gapless(log)).as("versions of %s gapless, each applied or superseded: %s", scope,
                    log).isTrue();
            AllowlistVersion head = fixture.versions.get(scope).head().orElseThrow();
            assertThat(head.isApplied()).isTrue();
            assertThat(new TreeSet<>(head.targets())).isEqualTo(expected);
            Set<RequestId> ownIds = own.stream().map(AllowlistRequest::id).collect(Collectors.toSet());
            assertThat(log).as("no version of %s carries another scope's request", scope)
                    .allSatisfy(version -> assertThat(ownIds).containsAll(version.cause().requestIds()));
            for (AllowlistRequest request : own) {
                AllowlistRequest now = fixture.now(request);
                assertThat(now.status()).as(request.target().value()).isEqualTo(RequestStatus.ACTIVE);
                assertThat(fixture.versions.get(scope).find(now.version()).orElseThrow().targets())
                        .contains(request.target().value());
            }
        }
        assertThat(fixture.audit.forVersion(new VersionNumber(2))).extracting(AuditEvent::eventId)
                .contains("version:risk:2:CREATED", "version:research:2:CREATED", "version:risk:2:APPLIED");
        assertThat(fixture.audit.forVersion(new VersionNumber(2))).filteredOn(e -> e.eventId().startsWith("version:risk:"))
                .allSatisfy(event -> assertThat(event.scope()).isEqualTo(RISK));
        CallLog calls = fixture.server.calls();
        System.out.printf("two scopes: %d approvals each; NFW calls %s; failed scope runs %d; versions risk %d,"
                        + " research %d%n", APPROVALS_PER_SCOPE, calls.summary(), failedRuns.get(),
                fixture.log(RISK).size(), fixture.log(RESEARCH).size());
        assertThat(calls.calls()).anyMatch(c -> "ThrottlingException".equals(c.errorName()));
        assertThat(calls.calls()).anyMatch(c -> "InvalidTokenException".equals(c.errorName()));
    }

    @Test
    void approvalsInManyScopesInOneBatchBecomeOneUpdateRuleGroupPerScope(DynamoDbClient dynamo) throws Exception {
        List<ScopeName> scopes = List.of(RISK, RESEARCH, ScopeName.of("platform"));
        fixture = new ScopesFixture(dynamo, scopes, Map.of());
        ScopeSyncs syncs = fixture.scopeSyncs();
        syncs.runAll("baseline", Duration.ofMinutes(1));
        for (ScopeName scope : scopes) {
            for (int i = 0; i < 10; i++) {
                fixture.approved(scope, scope.value() + i + ".example.com");
            }
        }

        ScopeSyncs.Report report = syncs.runAll("batch", Duration.ofMinutes(1));

        assertThat(report.outcomes().keySet()).containsExactlyElementsOf(scopes);
        assertThat(report.firstFailure()).isEmpty();
        for (ScopeName scope : scopes) {
            FirewallSync.Result result = ran(report, scope);
            assertThat(result.updateRuleGroupCalls()).as(scope.value()).isEqualTo(1);
            assertThat(result.versionsApplied()).containsExactly(2L);
            assertThat(result.activated()).isEqualTo(10);
            assertThat(fixture.live(scope)).hasSize(ScopesFixture.BASELINE.size() + 10)
                    .allMatch(target -> ScopesFixture.BASELINE.contains(target) || target.startsWith(scope.value()));
        }
        assertThat(fixture.published).filteredOn(e -> e.detailType().equals(EventTypes.VERSION_APPLIED))
                .extracting(e -> e.detail().get("scope")).containsExactlyInAnyOrder("risk", "research", "platform");
    }

    @Test
    void aRollbackInOneScopeNeverTouchesAnotherScopesRuleGroupOrLog(DynamoDbClient dynamo) throws Exception {
        fixture = new ScopesFixture(dynamo, List.of(RISK, RESEARCH), Map.of());
        ScopeSyncs syncs = fixture.scopeSyncs();
        syncs.runAll("baseline", Duration.ofMinutes(1));
        AllowlistRequest riskGrant = fixture.approved(RISK, "risk-data.example.com");
        AllowlistRequest riskShared = fixture.approved(RISK, "huggingface.co");
        AllowlistRequest researchGrant = fixture.approved(RESEARCH, "huggingface.co");
        syncs.runAll("approvals", Duration.ofMinutes(1));
        AllowlistVersion researchBefore = fixture.versions.get(RESEARCH).head().orElseThrow();
        long researchUpdates = fixture.firewall.successfulUpdates(ScopesFixture.ruleGroup(RESEARCH));

        AllowlistRequest rollback = fixture.approvedRollback(RISK, 1);
        ScopeSyncs.Report report = syncs.runAll("rollback", Duration.ofMinutes(1));

        assertThat(ran(report, RISK).versionsApplied()).containsExactly(3L);
        assertThat(fixture.live(RISK)).containsExactlyInAnyOrderElementsOf(ScopesFixture.BASELINE);
        assertThat(fixture.now(riskGrant).status()).isEqualTo(RequestStatus.REVOKED);
        assertThat(fixture.now(riskShared).status()).isEqualTo(RequestStatus.REVOKED);
        assertThat(fixture.now(rollback).status()).isEqualTo(RequestStatus.ACTIVE);
        assertThat(ran(report, RESEARCH).passes()).allMatch(pass -> !pass.changedAnything());
        assertThat(fixture.live(RESEARCH)).contains("huggingface.co");
        assertThat(fixture.firewall.successfulUpdates(ScopesFixture.ruleGroup(RESEARCH))).isEqualTo(researchUpdates);
        assertThat(fixture.versions.get(RESEARCH).head()).contains(researchBefore);
        assertThat(fixture.now(researchGrant).status()).isEqualTo(RequestStatus.ACTIVE);
    }

    @Test
    void aScopeWhoseReconcileStallsDelaysNoOtherScope(DynamoDbClient dynamo) throws Exception {
        CountDownLatch riskStalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Reconciler.Checkpoints stall = step -> {
            if (step == ReconcileStep.AFTER_VERSION_APPEND) {
                riskStalled.countDown();
                await(release);
            }
        };
        fixture = new ScopesFixture(dynamo, List.of(RISK, RESEARCH), Map.of(RISK, stall));
        ScopeSyncs syncs = fixture.scopeSyncs();
        syncs.runAll("baseline", Duration.ofMinutes(1));
        AllowlistRequest riskGrant = fixture.approved(RISK, "risk-data.example.com");
        AllowlistRequest researchGrant = fixture.approved(RESEARCH, "huggingface.co");

        ExecutorService invocation = Executors.newSingleThreadExecutor();
        Future<ScopeSyncs.Report> running = invocation.submit(() -> syncs.runAll("both", Duration.ofMinutes(1)));
        try {
            assertThat(riskStalled.await(20, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (fixture.now(researchGrant).status() != RequestStatus.ACTIVE && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(fixture.now(researchGrant).status()).as("research done while risk is stalled")
                    .isEqualTo(RequestStatus.ACTIVE);
            assertThat(fixture.live(RESEARCH)).contains("huggingface.co");
            assertThat(running).isNotDone();
            assertThat(fixture.live(RISK)).doesNotContain("risk-data.example.com");
        } finally {
            release.countDown();
        }
        ScopeSyncs.Report report = running.get(30, TimeUnit.SECONDS);
        invocation.shutdown();
        assertThat(report.firstFailure()).isEmpty();
        assertThat(fixture.now(riskGrant).status()).isEqualTo(RequestStatus.ACTIVE);
        assertThat(fixture.live(RISK)).contains("risk-data.example.com");
    }

    @Test
    void aScopeThatFailsStopsNoOtherAndTheReportListsEach(DynamoDbClient dynamo) throws Exception {
        fixture = new ScopesFixture(dynamo, List.of(RISK, RESEARCH), Map.of());
        ScopeSyncs syncs = fixture.scopeSyncs();
        syncs.runAll("baseline", Duration.ofMinutes(1));
        fixture.approved(RISK, "risk-data.example.com");
        AllowlistRequest researchGrant = fixture.approved(RESEARCH, "huggingface.co");
        fixture.firewall.forceTokenRace(ScopesFixture.ruleGroup(RISK), 50);

        ScopeSyncs.Report report = syncs.runAll("both", Duration.ofMinutes(1));

        assertThat(report.outcomes().get(RISK)).isInstanceOf(ScopeSyncs.Failed.class);
        assertThat(report.firstFailure()).containsInstanceOf(ReconcileException.class);
        assertThat(ran(report, RESEARCH).versionsApplied()).containsExactly(2L);
        assertThat(fixture.now(researchGrant).status()).isEqualTo(RequestStatus.ACTIVE);
        assertThat(fixture.published).filteredOn(e -> e.detailType().equals(EventTypes.RECONCILE_FAILED))
                .singleElement().satisfies(failed -> assertThat(failed.detail()).containsEntry("scope", "risk"));
        assertThat(fixture.audit.between(java.time.Instant.now().minus(Duration.ofHours(1)),
                java.time.Instant.now().plus(Duration.ofHours(1))))
                .filteredOn(e -> e.action().equals("RECONCILE_FAILED"))
                .singleElement().satisfies(e -> {
                    assertThat(e.eventId()).startsWith("reconcile-failed:risk:");
                    assertThat(e.scope()).isEqualTo(RISK);
                });
    }

    @Test
    void oneScopeRunsOnTheCallersThreadAndItsFailureIsThrown(DynamoDbClient dynamo) throws Exception {
        fixture = new ScopesFixture(dynamo, List.of(ScopeName.DEFAULT), Map.of());
        ScopeSyncs syncs = fixture.scopeSyncs();
        syncs.runAll("baseline", Duration.ofMinutes(1));
        fixture.approved(ScopeName.DEFAULT, "huggingface.co");
        fixture.firewall.forceTokenRace(ScopesFixture.ruleGroup(ScopeName.DEFAULT), 50);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> syncs.runAll("one", Duration.ofMinutes(1)))
                .isInstanceOf(ReconcileException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> syncs.of(RISK))
                .hasMessageContaining("there is no scope risk").hasMessageContaining("default");
    }

    private Map<ScopeName, List<AllowlistRequest>> approveInParallel() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<AllowlistRequest>> risk = new ArrayList<>();
            List<Future<AllowlistRequest>> research = new ArrayList<>();
            long start = System.nanoTime();
            for (int i = 0; i < APPROVALS_PER_SCOPE; i++) {
                int n = i;
                // Spread over about a second, so approvals keep arriving while both scopes reconcile.
                risk.add(pool.submit(() -> {
                    sleepUntil(start, n * 35L);
                    return fixture.approved(RISK, "risk" + n + ".example.com");
                }));
                research.add(pool.submit(() -> {
                    sleepUntil(start, n * 35L + 15);
                    return fixture.approved(RESEARCH, "research" + n + ".example.com");
                }));
            }
            return Map.of(RISK, results(risk), RESEARCH, results(research));
        } finally {
            pool.shutdownNow();
        }
    }

    private static void sleepUntil(long start, long millisAfter) throws InterruptedException {
        long wait = millisAfter - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private static List<AllowlistRequest> results(List<Future<AllowlistRequest>> futures) throws Exception {
        List<AllowlistRequest> done = new ArrayList<>();
        for (Future<AllowlistRequest> future : futures) {
            done.add(future.get(30, TimeUnit.SECONDS));
        }
        return done;
    }

    private static void runAll(ScopeSyncs syncs, AtomicInteger failedRuns) {
        ScopeSyncs.Report report = syncs.runAll("loop", Duration.ofMinutes(1));
        report.outcomes().values().forEach(outcome -> outcome.match(ran -> null, failed -> failedRuns.incrementAndGet()));
    }

    private static FirewallSync.Result ran(ScopeSyncs.Report report, ScopeName scope) {
        return report.outcomes().get(scope).match(ScopeSyncs.Ran::result, failed -> {
            throw new AssertionError(scope + " failed", failed.error());
        });
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
