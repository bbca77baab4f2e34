package io.egressallowlist.shared.config;

import io.egressallowlist.shared.cleanup.StaleAction;
import io.egressallowlist.shared.reconcile.DriftMode;
import io.egressallowlist.shared.store.TableNames;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Writes a function environment from typed values, in the form {@link ControlPlaneConfig} reads it: the CDK
 * stack (whose values may be CloudFormation tokens), the sandbox, the bench and the tests all build their
 * environment here, so a variable is named only in {@link EnvKey}. Mutable, like the map it produces: a test
 * starts from a complete environment and changes one value, or removes one, to see what the function does.
 */
public final class ControlPlaneEnvironment {

    private final EnumMap<EnvKey, String> values = new EnumMap<>(EnvKey.class);

    private ControlPlaneEnvironment() {
    }

    public static ControlPlaneEnvironment create() {
        return new ControlPlaneEnvironment();
    }

    public ControlPlaneEnvironment region(String region) {
        return set(EnvKey.AWS_REGION, region);
    }

    public ControlPlaneEnvironment tables(TableNames tables) {
        return set(EnvKey.REQUESTS_TABLE, tables.requests()).set(EnvKey.VERSIONS_TABLE, tables.versions())
                .set(EnvKey.AUDIT_TABLE, tables.audit()).set(EnvKey.BLOCKED_TABLE, tables.blocked());
    }

    /** How long blocked attempts and the API callers' source addresses are kept. */
    public ControlPlaneEnvironment blockedRetention(Duration retention) {
        return set(EnvKey.BLOCKED_RETENTION, retention.toString());
    }

    /** At most one digest of blocked attempts per person per {@code interval}. */
    public ControlPlaneEnvironment digestInterval(Duration interval) {
        return set(EnvKey.DIGEST_INTERVAL, interval.toString());
    }

    /** The subnets of each Studio domain: subnet id → domain id. */
    public ControlPlaneEnvironment studioSubnets(Map<String, String> subnetToDomain) {
        return set(EnvKey.STUDIO_SUBNETS, subnetToDomain.entrySet().stream()
                .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(",")));
    }

    public ControlPlaneEnvironment eventBus(String name) {
        return set(EnvKey.EVENT_BUS_NAME, name);
    }

    /** AWS: the approval policy file the stack ships to the function (a layer, under {@code /opt}). */
    public ControlPlaneEnvironment policyFile(String path) {
        return set(EnvKey.POLICY_FILE, path);
    }

    /** The scopes file ({@code ScopesParser}); its policy files are named relative to it. */
    public ControlPlaneEnvironment scopesFile(String path) {
        return set(EnvKey.SCOPES_FILE, path);
    }

    /** The sandbox, the bench and the tests: the approval policy text itself, as {@code PolicyParser} reads it. */
    public ControlPlaneEnvironment policy(String text) {
        return set(EnvKey.POLICY, text);
    }

    public ControlPlaneEnvironment ruleGroupArn(String arn) {
        return set(EnvKey.RULE_GROUP_ARN, arn);
    }

    /** The rule group's capacity units (the stack's {@code ruleGroupCapacity}), for the warnings of new requests. */
    public ControlPlaneEnvironment ruleGroupCapacity(int capacity) {
        return set(EnvKey.RULE_GROUP_CAPACITY, Integer.toString(capacity));
    }

    public ControlPlaneEnvironment firewallName(String name) {
        return set(EnvKey.FIREWALL_NAME, name);
    }

    public ControlPlaneEnvironment driftMode(DriftMode mode) {
        return set(EnvKey.DRIFT_MODE, mode.name());
    }

    public ControlPlaneEnvironment pendingTimeout(Duration timeout) {
        return set(EnvKey.PENDING_TIMEOUT, timeout.toString());
    }

    public ControlPlaneEnvironment reminderBefore(Duration before) {
        return set(EnvKey.REMINDER_BEFORE, before.toString());
    }

    public ControlPlaneEnvironment staleAfter(Duration after) {
        return set(EnvKey.STALE_AFTER, after.toString());
    }

    public ControlPlaneEnvironment staleAction(StaleAction action) {
        return set(EnvKey.STALE_ACTION, action.name());
    }

    public ControlPlaneEnvironment studioDomainIds(List<String> domainIds) {
        return set(EnvKey.STUDIO_DOMAIN_IDS, String.join(",", domainIds));
    }

    public ControlPlaneEnvironment protectedSubnetIds(List<String> subnetIds) {
        return set(EnvKey.PROTECTED_SUBNET_IDS, String.join(",", subnetIds));
    }

    /**
     * The VPC the guard checks: its placement ({@code firewall-first} or {@code nat-first}), the firewall's
     * endpoints and the service names of the endpoints left with the default policy.
     */
    public ControlPlaneEnvironment networkPosture(String vpcId, String placement, List<String> firewallEndpointIds,
                                                  List<String> defaultPolicyServices) {
        return set(EnvKey.VPC_ID, vpcId).set(EnvKey.FIREWALL_PLACEMENT, placement)
                .set(EnvKey.FIREWALL_ENDPOINT_IDS, String.join(",", firewallEndpointIds))
                .set(EnvKey.DEFAULT_POLICY_ENDPOINT_SERVICES, String.join(",", defaultPolicyServices));
    }

    public ControlPlaneEnvironment slackChannel(String channelId) {
        return set(EnvKey.SLACK_CHANNEL_ID, channelId);
    }

    public ControlPlaneEnvironment slackApiUrl(URI url) {
        return set(EnvKey.SLACK_API_URL, url.toString());
    }

    /** AWS: the Slack secrets are read from Secrets Manager, on first use. */
    public ControlPlaneEnvironment slackSecretArns(String signingSecretArn, String botTokenArn) {
        return set(EnvKey.SLACK_SIGNING_SECRET_ARN, signingSecretArn).set(EnvKey.SLACK_BOT_TOKEN_ARN, botTokenArn);
    }

    /** The sandbox, the bench and the tests: the Slack secrets given as values. */
    public ControlPlaneEnvironment slackSecrets(String signingSecret, String botToken) {
        return set(EnvKey.SLACK_SIGNING_SECRET, signingSecret).set(EnvKey.SLACK_BOT_TOKEN, botToken);
    }

    /** Who is who in Slack: an IAM principal or Studio user profile → a Slack user id. */
    public ControlPlaneEnvironment identityLinks(Map<String, String> links) {
        return set(EnvKey.IDENTITY_LINKS, links.entrySet().stream().map(link -> link.getKey() + "=" + link.getValue())
                .collect(Collectors.joining(",")));
    }

    /** Who reads the audit trail besides the approvers: IAM user or role ARNs. */
    public ControlPlaneEnvironment operatorPrincipals(List<String> principals) {
        return set(EnvKey.OPERATOR_PRINCIPALS, String.join(",", principals));
    }

    /** Local AWS: dynalite for DynamoDB, the emulators for the other services. */
    public ControlPlaneEnvironment endpoints(URI dynamo, URI aws) {
        return set(EnvKey.ENDPOINT_DYNAMODB, dynamo.toString()).set(EnvKey.ENDPOINT_AWS, aws.toString());
    }

    public ControlPlaneEnvironment javaToolOptions(String options) {
        return set(EnvKey.JAVA_TOOL_OPTIONS, options);
    }

    /** Any text, valid or not: for what has no typed setter above, such as a malformed value a test refuses. */
    public ControlPlaneEnvironment set(EnvKey key, String value) {
        values.put(key, Objects.requireNonNull(value, key.name()));
        return this;
    }

    public ControlPlaneEnvironment without(EnvKey key) {
        values.remove(key);
        return this;
    }

    /** Every variable set, in the order of {@link EnvKey}. */
    public Map<String, String> toMap() {
        Map<String, String> env = new LinkedHashMap<>();
        values.forEach((key, value) -> env.put(key.name(), value));
        return env;
    }

    /** Only the variables {@code function} reads (the CDK stack gives each function no more). */
    public Map<String, String> forFunction(String function) {
        Map<String, String> env = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (key.isReadBy(function)) {
                env.put(key.name(), value);
            }
        });
        return env;
    }

    /** The configuration a function reads from this environment. */
    public ControlPlaneConfig config() {
        return ControlPlaneConfig.from(toMap());
    }

    @Override
    public String toString() {
        return "ControlPlaneEnvironment" + values.keySet();
    }
}
