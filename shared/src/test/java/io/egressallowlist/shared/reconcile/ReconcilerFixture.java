package io.egressallowlist.shared.reconcile;

import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.networkfirewall.FirewallSeed;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RuleGroupGateway;
import io.egressallowlist.shared.domain.VersionLog;
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
import java.util.List;

/**
 * A reconciler wired to dynalite (fresh tables) and a Network Firewall emulator holding one ALLOWLIST
 * rule group with both target types, all through the real SDK clients.
 */
final class ReconcilerFixture extends ReconcilerWiring implements AutoCloseable {

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

    @Override
    RequestRepository requestPort() {
        return requests;
    }

    @Override
    VersionLog versionPort() {
        return versions;
    }

    @Override
    AuditTrail auditPort() {
        return audit;
    }

    @Override
    RuleGroupGateway ruleGroupPort() {
        return ruleGroup;
    }

    @Override
    List<String> liveTargets() {
        return firewall.targets(RULE_GROUP);
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
