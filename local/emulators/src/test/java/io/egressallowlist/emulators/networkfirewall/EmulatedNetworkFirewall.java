package io.egressallowlist.emulators.networkfirewall;

import io.egressallowlist.emulators.junit.MutableClock;
import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.core.FaultInjector;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.CreateRuleGroupResponse;
import software.amazon.awssdk.services.networkfirewall.model.GeneratedRulesType;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroup;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroupType;
import software.amazon.awssdk.services.networkfirewall.model.StatefulRuleGroupReference;
import software.amazon.awssdk.services.networkfirewall.model.TargetType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One emulator on its own loopback server with a manual clock, and real SDK clients pointed at it. Each
 * test starts its own, so tests share nothing and can run in parallel.
 */
final class EmulatedNetworkFirewall implements AutoCloseable {

    static final Instant START = Instant.parse("2026-01-15T10:00:00Z");
    static final String ACCOUNT = "111122223333";
    static final String REGION = "us-west-2";

    final MutableClock clock = new MutableClock(START);
    final NetworkFirewallEmulator emulator;
    final AwsJsonServer server;
    final NetworkFirewallClient client;
    private final List<NetworkFirewallClient> clients = new ArrayList<>();

    private EmulatedNetworkFirewall(Duration syncDelay) {
        emulator = NetworkFirewallEmulator.builder()
                .account(ACCOUNT)
                .region(REGION)
                .clock(clock)
                .syncDelay(syncDelay)
                .build();
        try {
            server = AwsJsonServer.start(0, emulator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        client = client(3);
    }

    static EmulatedNetworkFirewall start() {
        return new EmulatedNetworkFirewall(Duration.ZERO);
    }

    static EmulatedNetworkFirewall startWithSyncDelay(Duration syncDelay) {
        return new EmulatedNetworkFirewall(syncDelay);
    }

    /** A client that makes at most {@code maxAttempts} attempts per call, retrying at once so tests stay fast. */
    NetworkFirewallClient client(int maxAttempts) {
        NetworkFirewallClient newClient = NetworkFirewallClient.builder()
                .endpointOverride(server.endpoint())
                .region(Region.of(REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(maxAttempts)
                        .backoffStrategy(BackoffStrategy.retryImmediately())
                        .throttlingBackoffStrategy(BackoffStrategy.retryImmediately())
                        .circuitBreakerEnabled(false)
                        .build()))
                .build();
        clients.add(newClient);
        return newClient;
    }

    FaultInjector faults() {
        return server.faults(NetworkFirewallEmulator.TARGET_PREFIX);
    }

    String arn(String resourceType, String name) {
        return "arn:aws:network-firewall:" + REGION + ":" + ACCOUNT + ":" + resourceType + "/" + name;
    }

    static RuleGroup domainList(GeneratedRulesType kind, List<String> targets, TargetType... types) {
        return RuleGroup.builder()
                .rulesSource(s -> s.rulesSourceList(l -> l.targets(targets).targetTypes(types).generatedRulesType(kind)))
                .build();
    }

    static RuleGroup allowList(List<String> targets, TargetType... types) {
        return domainList(GeneratedRulesType.ALLOWLIST, targets, types);
    }

    CreateRuleGroupResponse createAllowList(String name, int capacity, List<String> targets, TargetType... types) {
        return client.createRuleGroup(r -> r.ruleGroupName(name)
                .type(RuleGroupType.STATEFUL)
                .capacity(capacity)
                .ruleGroup(allowList(targets, types)));
    }

    /** A policy in default rule order referencing the given rule group ARNs, returning the policy ARN. */
    String createPolicy(String name, String... statefulRuleGroupArns) {
        return client.createFirewallPolicy(r -> r.firewallPolicyName(name).firewallPolicy(p -> p
                        .statelessDefaultActions("aws:forward_to_sfe")
                        .statelessFragmentDefaultActions("aws:forward_to_sfe")
                        .statefulRuleGroupReferences(references(statefulRuleGroupArns))))
                .firewallPolicyResponse().firewallPolicyArn();
    }

    private static List<StatefulRuleGroupReference> references(String... arns) {
        return Arrays.stream(arns).map(arn -> StatefulRuleGroupReference.builder().resourceArn(arn).build()).toList();
    }

    @Override
    public void close() {
        clients.forEach(NetworkFirewallClient::close);
        server.close();
    }
}
