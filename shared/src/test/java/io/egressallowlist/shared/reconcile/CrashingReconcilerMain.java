package io.egressallowlist.shared.reconcile;

import io.egressallowlist.shared.firewall.NetworkFirewallRuleGroup;
import io.egressallowlist.shared.store.DynamoAuditTrail;
import io.egressallowlist.shared.store.DynamoRequestStore;
import io.egressallowlist.shared.store.DynamoVersionLog;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;

import java.net.URI;
import java.time.Clock;
import java.util.Random;

/**
 * A reconciler in its own process that dies at a chosen step boundary the way a killed Lambda does:
 * {@link Runtime#halt} — no finally blocks, no shutdown hooks, nothing flushed.
 *
 * <p>Arguments: dynamo endpoint, firewall endpoint, requests table, versions table, audit table, log
 * name, rule group ARN, step.
 */
public final class CrashingReconcilerMain {

    static final int KILLED = 137;

    private CrashingReconcilerMain() {
    }

    public static void main(String[] args) {
        StaticCredentialsProvider credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(URI.create(args[0])).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create()).build();
        NetworkFirewallClient firewall = NetworkFirewallClient.builder().endpointOverride(URI.create(args[1]))
                .region(Region.US_EAST_1).credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                .build();
        ReconcileStep killAt = ReconcileStep.valueOf(args[7]);
        Reconciler reconciler = new Reconciler(new DynamoVersionLog(dynamo, args[3], args[5]),
                new DynamoRequestStore(dynamo, args[2]), new DynamoAuditTrail(dynamo, args[4]),
                new NetworkFirewallRuleGroup(firewall, args[6]), Clock.systemUTC(), Reconciler.Settings.defaults(),
                d -> { }, new Random(1), step -> {
                    if (step == killAt) {
                        Runtime.getRuntime().halt(KILLED);
                    }
                });
        reconciler.run();
        System.exit(0); // reaching here means the step was never reached
    }
}
