package io.egressallowlist.shared.reconcile;

import io.egressallowlist.emulators.junit.MutableClock;
import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.networkfirewall.FirewallSeed;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.firewall.NetworkFirewallRuleGroup;
import io.egressallowlist.shared.store.DynamoAuditTrail;
import io.egressallowlist.shared.store.DynamoRequestStore;
import io.egressallowlist.shared.store.DynamoVersionLog;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.store.TableSchemas;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A reconciler wired to dynalite (fresh tables) and a Network Firewall emulator holding one ALLOWLIST
 * rule group with both target types, all through the real SDK clients.
 */
final class ReconcilerFixture implements AutoCloseable {

    static final String RULE_GROUP = "studio-egress";

    final NetworkFirewallEmulator firewall = new NetworkFirewallEmulator();
    final AwsJsonServer server;
    final NetworkFirewallClient client;
    final DynamoRequestStore requests;
    final DynamoVersionLog versions;
    final DynamoAuditTrail audit;
    final NetworkFirewallRuleGroup ruleGroup;
    final TableNames tables;
    final String ruleGroupArn;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    final List<Duration> sleeps = new ArrayList<>();

    ReconcilerFixture(DynamoDbClient dynamo, int capacity, List<String> initialTargets) throws IOException {
        server = AwsJsonServer.start(0, firewall);
        client = NetworkFirewallClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        String arn = FirewallSeed.domainList(RULE_GROUP, capacity, initialTargets).description("Studio egress allow-list")
                .homeNet("10.0.0.0/16").seed(client).ruleGroupArn();
        tables = TableNames.withPrefix(DynaliteExtension.uniqueName("rec"));
        ruleGroupArn = arn;
        TableSchemas.createAll(dynamo, tables);
        requests = new DynamoRequestStore(dynamo, tables.requests(), clock);
        versions = new DynamoVersionLog(dynamo, tables.versions(), RULE_GROUP);
        audit = new DynamoAuditTrail(dynamo, tables.audit());
        ruleGroup = new NetworkFirewallRuleGroup(client, arn);
    }

    Reconciler reconciler() {
        return reconciler(Reconciler.Settings.defaults(), Reconciler.NONE);
    }

    Reconciler reconciler(Reconciler.Settings settings, Reconciler.Checkpoints checkpoints) {
        return new Reconciler(versions, requests, audit, ruleGroup, clock, settings, sleeps::add, new Random(42),
                checkpoints);
    }

    /** Stores a request and approves it, as the request use cases will. */
    AllowlistRequest approved(String target) {
        return ApprovedRequests.domain(requests, clock, target);
    }

    AllowlistRequest approvedRollback(long toVersion) {
        return ApprovedRequests.rollback(requests, clock, toVersion);
    }

    RequestStatus status(AllowlistRequest request) {
        return requests.find(request.id()).orElseThrow().status();
    }

    List<String> liveTargets() {
        return firewall.targets(RULE_GROUP);
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
