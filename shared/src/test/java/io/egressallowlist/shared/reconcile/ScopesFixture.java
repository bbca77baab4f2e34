package io.egressallowlist.shared.reconcile;

import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.networkfirewall.FirewallSeed;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.ApplyStatus;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestRepository.Change;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.VersionLog.VersionSummary;
import io.egressallowlist.shared.domain.VersionNumber;
import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.firewall.NetworkFirewallRuleGroup;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.notify.RecordingNotifier;
import io.egressallowlist.shared.store.DynamoAuditTrail;
import io.egressallowlist.shared.store.DynamoRequestStore;
import io.egressallowlist.shared.store.DynamoVersionLog;
import io.egressallowlist.shared.store.DynamoWriterLease;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.store.TableSchemas;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Several scopes over one requests table, one audit trail and one Network Firewall (emulator, through the real SDK
 * client with quick retries): each scope with its own rule group (named after the scope), version log, writer lease,
 * reconciler and firewall-sync, as {@code config.ScopedParts} builds them.
 */
final class ScopesFixture implements AutoCloseable {

    static final List<String> BASELINE = List.of(".amazonaws.com", "pypi.org");
    private static final AtomicLong IDS = new AtomicLong();

    final NetworkFirewallEmulator firewall = new NetworkFirewallEmulator();
    final AwsJsonServer server;
    final NetworkFirewallClient client;
    final DynamoRequestStore requests;
    final DynamoAuditTrail audit;
    final RecordingNotifier notifier = new RecordingNotifier();
    final List<EventPublisher.Event> published = Collections.synchronizedList(new ArrayList<>());
    final Map<ScopeName, DynamoVersionLog> versions = new LinkedHashMap<>();
    final Map<ScopeName, FirewallSync> syncs = new LinkedHashMap<>();
    final Map<ScopeName, Reconciler> reconcilers = new LinkedHashMap<>();
    final Map<ScopeName, NetworkFirewallRuleGroup> ruleGroups = new LinkedHashMap<>();

    ScopesFixture(DynamoDbClient dynamo, List<ScopeName> scopes, Map<ScopeName, Reconciler.Checkpoints> checkpoints)
            throws IOException {
        this(dynamo, scopes, checkpoints, Map.of());
    }

    /** @param initialModes the mode each scope starts in; {@code enforce} for those not named */
    ScopesFixture(DynamoDbClient dynamo, List<ScopeName> scopes, Map<ScopeName, Reconciler.Checkpoints> checkpoints,
                  Map<ScopeName, ScopeMode> initialModes) throws IOException {
        server = AwsJsonServer.start(0, firewall);
        client = fastRetryingClient(server);
        TableNames tables = TableNames.withPrefix(DynaliteExtension.uniqueName("scopes"));
        TableSchemas.createAll(dynamo, tables);
        requests = new DynamoRequestStore(dynamo, tables.requests());
        audit = new DynamoAuditTrail(dynamo, tables.audit());
        for (ScopeName scope : scopes) {
            String group = ruleGroup(scope);
            String arn = FirewallSeed.domainList(group, 30_000, BASELINE).seed(client).ruleGroupArn();
            DynamoVersionLog log = new DynamoVersionLog(dynamo, tables.versions(), group);
            ruleGroups.put(scope, new NetworkFirewallRuleGroup(client, arn));
            Reconciler reconciler = new Reconciler(log, requests, audit, ruleGroups.get(scope), Clock.systemUTC(),
                    Reconciler.Settings.defaults().withScope(scope, initialModes.getOrDefault(scope, ScopeMode.ENFORCE)),
                    d -> Thread.sleep(Math.min(d.toMillis(), 20)), new Random(scope.hashCode()),
                    checkpoints.getOrDefault(scope, Reconciler.NONE));
            versions.put(scope, log);
            reconcilers.put(scope, reconciler);
            syncs.put(scope, new FirewallSync(reconciler, requests, log, audit, published::addAll, notifier,
                    java.util.Optional.empty(), DriftMode.ENFORCE, Clock.systemUTC(), JsonLog.of(ScopesFixture.class),
                    new DynamoWriterLease(dynamo, tables.versions(), group), () -> "run-" + UUID.randomUUID()));
        }
    }

    static String ruleGroup(ScopeName scope) {
        return "egress-" + scope.value();
    }

    ScopeSyncs scopeSyncs() {
        return new ScopeSyncs(syncs);
    }

    /** The Suricata rules of {@code scope}'s group; empty while it is a domain list. */
    String rulesOf(ScopeName scope) {
        return firewall.rulesString(ruleGroup(scope));
    }

    List<String> live(ScopeName scope) {
        return firewall.targets(ruleGroup(scope));
    }

    /** A DOMAIN request of {@code scope}, stored and approved with an ADD intent, as the request use cases leave it. */
    AllowlistRequest approved(ScopeName scope, String target) {
        AllowlistRequest request = AllowlistRequest.newDomainRequest(nextId(), new FirewallTarget(target),
                Requester.of("arn:aws:iam::123456789012:user/" + scope.value()), "needed", Duration.ofDays(30),
                Clock.systemUTC().instant(), Duration.ofDays(7), false, null).inScope(scope);
        return approve(request, Intent.ADD);
    }

    /** A ROLLBACK request of {@code scope} to {@code version}, stored and approved. */
    AllowlistRequest approvedRollback(ScopeName scope, long version) {
        AllowlistRequest request = AllowlistRequest.newRollbackRequest(nextId(), new VersionNumber(version),
                Requester.of("arn:aws:iam::123456789012:user/operator"), "bad change", Clock.systemUTC().instant(),
                Duration.ofDays(7), null).inScope(scope);
        return approve(request, Intent.ROLLBACK);
    }

    /** A MODE request switching {@code scope} to {@code mode}, stored and approved as RequestService approves one. */
    AllowlistRequest approvedMode(ScopeName scope, ScopeMode mode) {
        AllowlistRequest request = AllowlistRequest.newModeRequest(nextId(), scope, mode,
                Requester.of("arn:aws:iam::123456789012:user/lead"), "the list is learnt", Clock.systemUTC().instant(),
                Duration.ofDays(7), null);
        return approve(request, Intent.ADD);
    }

    private AllowlistRequest approve(AllowlistRequest request, Intent intent) {
        requests.create(request);
        requests.change(request.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.APPROVED,
                Clock.systemUTC().instant()).decidedBy("U0APPROVER").intent(intent));
        return request;
    }

    AllowlistRequest now(AllowlistRequest request) {
        return requests.find(request.id()).orElseThrow();
    }

    /** Every version of {@code scope}'s log, newest first, without their targets. */
    List<VersionSummary> log(ScopeName scope) {
        List<VersionSummary> all = new ArrayList<>();
        VersionNumber before = null;
        List<VersionSummary> page;
        do {
            page = versions.get(scope).list(before, 100);
            all.addAll(page);
            before = page.isEmpty() ? null : page.get(page.size() - 1).versionNumber();
        } while (page.size() == 100);
        return all;
    }

    boolean converged() {
        return versions.keySet().stream().allMatch(scope -> requests.withIntent(scope).isEmpty())
                && versions.values().stream().allMatch(log -> log.head().map(AllowlistVersion::isApplied).orElse(false));
    }

    static boolean gapless(List<VersionSummary> log) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).number() != log.size() - i) {
                return false;
            }
        }
        return log.stream().allMatch(v -> v.applyStatus() == ApplyStatus.APPLIED
                || v.applyStatus() == ApplyStatus.SUPERSEDED);
    }

    private static RequestId nextId() {
        return new RequestId(String.format("01SCP%021d", IDS.incrementAndGet()));
    }

    private static NetworkFirewallClient fastRetryingClient(AwsJsonServer server) {
        return NetworkFirewallClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .backoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(5), Duration.ofMillis(50)))
                        .throttlingBackoffStrategy(BackoffStrategy.exponentialDelay(Duration.ofMillis(5),
                                Duration.ofMillis(50)))
                        .circuitBreakerEnabled(false)
                        .build()))
                .build();
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
