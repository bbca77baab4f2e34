package io.egressallowlist.shared.reconcile;

import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.core.CallLog;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.networkfirewall.FirewallSeed;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.ApplyStatus;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.PolicyParser;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.domain.VersionLog.VersionSummary;
import io.egressallowlist.shared.domain.VersionNumber;
import io.egressallowlist.shared.firewall.NetworkFirewallRuleGroup;
import io.egressallowlist.shared.requests.Actor;
import io.egressallowlist.shared.requests.DecisionOutcome;
import io.egressallowlist.shared.requests.RequestService;
import io.egressallowlist.shared.requests.SubmitOutcome;
import io.egressallowlist.shared.store.DynamoAuditTrail;
import io.egressallowlist.shared.store.DynamoRequestStore;
import io.egressallowlist.shared.store.DynamoVersionLog;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.store.TableSchemas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100 approvals in parallel while one reconciler (the holder of the writer lease) runs continuously against a
 * Network Firewall that throttles 20 % of calls, fails 5 % with InternalServerError and loses token
 * races. Afterwards nothing is lost: the rule group holds exactly the approved set, the version log is
 * gapless, every request is ACTIVE with the version that activated it, and the audit trail has each
 * event once.
 */
@ExtendWith(DynaliteExtension.class)
class ConcurrencyUnderFaultsTest {

    private static final List<String> BASELINE = List.of(".amazonaws.com", "pypi.org");
    private static final int APPROVALS = 100;

    @Test
    void approvalsUnderThrottlingErrorsAndTokenRacesConvergeWithNothingLost(DynamoDbClient dynamo) throws Exception {
        NetworkFirewallEmulator firewall = new NetworkFirewallEmulator();
        try (AwsJsonServer server = AwsJsonServer.start(0, firewall);
             NetworkFirewallClient client = fastRetryingClient(server)) {
            String arn = FirewallSeed.domainList("studio", 30_000, BASELINE).seed(client).ruleGroupArn();
            TableNames tables = TableNames.withPrefix(DynaliteExtension.uniqueName("faults"));
            TableSchemas.createAll(dynamo, tables);
            DynamoRequestStore requests = new DynamoRequestStore(dynamo, tables.requests());
            DynamoVersionLog versions = new DynamoVersionLog(dynamo, tables.versions(), "studio");
            DynamoAuditTrail audit = new DynamoAuditTrail(dynamo, tables.audit());
            RequestService service = new RequestService(requests, versions, audit,
                    ((PolicyParser.Parsed) PolicyParser.parse("default-duration = P30D\nmax-duration = P90D\n"
                            + "quorum = 1\napprovers = U0APPROVE1, U0APPROVE2\n")).policy(),
                    Duration.ofDays(7), Clock.systemUTC(), new Random(5));
            Reconciler reconciler = new Reconciler(versions, requests, audit, new NetworkFirewallRuleGroup(client, arn),
                    Clock.systemUTC(), Reconciler.Settings.defaults(), d -> Thread.sleep(Math.min(d.toMillis(), 20)),
                    new Random(9), Reconciler.NONE);
            reconciler.run(); // baseline, before any fault

            List<AllowlistRequest> submitted = submitAll(service);
            server.faults(NetworkFirewallEmulator.TARGET_PREFIX).seed(42).throttleFraction(0.20).internalErrorFraction(0.05)
                    .throttleNext(2).internalErrorNext(2);

            AtomicBoolean approving = new AtomicBoolean(true);
            AtomicInteger failedRuns = new AtomicInteger();
            AtomicInteger racesForced = new AtomicInteger();
            ExecutorService reconcilerThread = Executors.newSingleThreadExecutor();
            Future<?> loop = reconcilerThread.submit(() -> {
                int run = 0;
                while (approving.get()) {
                    if (run++ % 3 == 0) {
                        firewall.forceTokenRace("studio", 1);
                        racesForced.incrementAndGet();
                    }
                    runOnce(reconciler, failedRuns);
                }
            });
            approveInParallel(service, submitted);
            approving.set(false);
            loop.get(60, TimeUnit.SECONDS);
            reconcilerThread.shutdown();

            int extraRuns = 0;
            while (!converged(requests, versions) && extraRuns++ < 40) {
                runOnce(reconciler, failedRuns);
            }

            Set<String> expected = new TreeSet<>(BASELINE);
            submitted.forEach(r -> expected.add(r.target().value()));
            assertThat(new TreeSet<>(firewall.targets("studio"))).isEqualTo(expected);
            assertGaplessAndApplied(versions, expected);
            for (AllowlistRequest request : submitted) {
                AllowlistRequest now = requests.find(request.id()).orElseThrow();
                assertThat(now.status()).as(request.target().value()).isEqualTo(RequestStatus.ACTIVE);
                AllowlistVersion activatedBy = versions.find(now.version()).orElseThrow();
                assertThat(activatedBy.applyStatus()).isEqualTo(ApplyStatus.APPLIED);
                assertThat(activatedBy.targets()).contains(request.target().value());
                List<AuditEvent> trail = audit.forRequest(request.id());
                assertThat(trail).extracting(AuditEvent::eventId).doesNotHaveDuplicates();
                assertThat(trail).filteredOn(e -> e.action().equals("REQUEST_CREATED")).hasSize(1);
                assertThat(trail).filteredOn(e -> e.action().equals("REQUEST_APPROVED")).hasSize(1);
                assertThat(trail).filteredOn(e -> e.action().equals("REQUEST_ACTIVATED")).hasSize(1);
                // Both approvers may have voted before the first vote completed the quorum; each vote is recorded once.
                assertThat(trail).filteredOn(e -> e.action().equals("APPROVAL_RECORDED")).hasSizeBetween(1, 2);
            }
            CallLog calls = server.calls();
            System.out.printf("load: %d approvals; NFW calls %s; throttled %d, internal errors %d, token races forced %d;"
                            + " failed reconcile runs %d; versions %d%n", APPROVALS, calls.summary(),
                    calls.calls().stream().filter(c -> "ThrottlingException".equals(c.errorName())).count(),
                    calls.calls().stream().filter(c -> "InternalServerError".equals(c.errorName())).count(),
                    racesForced.get(), failedRuns.get(), versions.head().orElseThrow().number());
            assertThat(calls.calls()).anyMatch(c -> "ThrottlingException".equals(c.errorName()));
            assertThat(calls.calls()).anyMatch(c -> "InternalServerError".equals(c.errorName()));
            assertThat(calls.calls()).anyMatch(c -> "InvalidTokenException".equals(c.errorName()));
        }
    }

    private static List<AllowlistRequest> submitAll(RequestService service) {
        List<AllowlistRequest> submitted = new ArrayList<>();
        for (int i = 0; i < APPROVALS; i++) {
            Requester requester = new Requester("arn:aws:sts::123456789012:assumed-role/Studio/user" + i,
                    String.format("U0USER%04d", i), null);
            SubmitOutcome outcome = service.submit("host" + i + ".example.com", "needed for project " + i,
                    Optional.empty(), requester, Actor.api(requester.principal(), null), null);
            submitted.add(((SubmitOutcome.Submitted) outcome).request());
        }
        return submitted;
    }

    private static void approveInParallel(RequestService service, List<AllowlistRequest> submitted) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<DecisionOutcome>> clicks = new ArrayList<>();
            for (AllowlistRequest request : submitted) {
                // Both approvers click: one approval counts, the other learns it was already decided.
                clicks.add(() -> service.approve(request.id(), Actor.slack(new SlackUserId("U0APPROVE1"), Set.of())));
                clicks.add(() -> service.approve(request.id(), Actor.slack(new SlackUserId("U0APPROVE2"), Set.of())));
            }
            for (Future<DecisionOutcome> click : pool.invokeAll(clicks)) {
                click.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void runOnce(Reconciler reconciler, AtomicInteger failedRuns) {
        try {
            reconciler.run();
        } catch (RuntimeException transientFailure) {
            // Retries exhausted under injected faults: the next run continues from the log.
            failedRuns.incrementAndGet();
        }
    }

    private static boolean converged(DynamoRequestStore requests, DynamoVersionLog versions) {
        return requests.withIntent().isEmpty() && versions.head().map(AllowlistVersion::isApplied).orElse(false);
    }

    private static void assertGaplessAndApplied(DynamoVersionLog versions, Set<String> expected) {
        List<VersionSummary> log = new ArrayList<>();
        VersionNumber before = null;
        List<VersionSummary> page;
        do {
            page = versions.list(before, 100);
            log.addAll(page);
            before = page.isEmpty() ? null : page.get(page.size() - 1).versionNumber();
        } while (page.size() == 100);
        Set<Long> numbers = new HashSet<>();
        log.forEach(v -> numbers.add(v.number()));
        long head = log.get(0).number();
        assertThat(numbers).hasSize((int) head);
        for (long n = 1; n <= head; n++) {
            assertThat(numbers).contains(n);
        }
        assertThat(log).allMatch(v -> v.applyStatus() == ApplyStatus.APPLIED || v.applyStatus() == ApplyStatus.SUPERSEDED);
        AllowlistVersion last = versions.head().orElseThrow();
        assertThat(last.isApplied()).isTrue();
        assertThat(new TreeSet<>(last.targets())).isEqualTo(expected);
    }

    private static NetworkFirewallClient fastRetryingClient(AwsJsonServer server) {
        // The SDK's own retries, with short waits so the test stays quick; the circuit breaker is off so
        // retries are not refused after many injected failures.
        return NetworkFirewallClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(5), Duration.ofMillis(50)))
                        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(5), Duration.ofMillis(50)))
                        .circuitBreakerEnabled(false)
                        .build()))
                .build();
    }
}
