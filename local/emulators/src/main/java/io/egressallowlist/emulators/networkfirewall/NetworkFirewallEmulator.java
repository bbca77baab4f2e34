package io.egressallowlist.emulators.networkfirewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.emulators.core.AwsJsonProtocol;
import io.egressallowlist.emulators.core.AwsJsonProtocolService;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * AWS Network Firewall over {@code awsJson1_0} (aws-api-notes §1 and §8): rule groups with UpdateToken
 * concurrency and capacity rules, firewall policies, firewalls whose configuration syncs after a delay, and
 * traffic analysis reports. Every request is checked against the bundled service model first.
 *
 * <p>Besides the API it offers switches that tests and the sandbox use to make the awkward cases happen
 * on demand: token races, out-of-band edits (drift), the sync delay and recorded traffic. They are Java
 * methods and also admin actions, {@code POST /_emulator/network-firewall/<action>} with a JSON body:
 * <ul>
 *   <li>{@code token-race} {@code {"ruleGroupName", "times"?, edit?}}</li>
 *   <li>{@code edit-out-of-band} {@code {"ruleGroupName", edit?}}</li>
 *   <li>{@code sync-delay} {@code {"millis"}}</li>
 *   <li>{@code record-traffic} {@code {"firewallName", "domain", "protocol", "count", "uniqueSources"?,
 *       "firstSeen"?, "lastSeen"?}} (times in epoch seconds; default now)</li>
 *   <li>{@code send-traffic} {@code {"firewallName", "sourceIp", "domain", "protocol"?: "TLS"|"HTTP", "count"?,
 *       "availabilityZone"?}} — answers {@code allowed}, {@code decidedBy} and the {@code alertRecords}</li>
 *   <li>{@code verdict} {@code {"firewallName", "sourceIp", "domain", "protocol"?}} — answers {@code verdict}
 *       ({@code PASS}, {@code DROP} or {@code ALERT_PASS}) and records nothing</li>
 *   <li>{@code assign-availability-zone} {@code {"subnetId", "availabilityZone"}}</li>
 *   <li>{@code rule-group} {@code {"ruleGroupName"}} — reads targets (or the Suricata {@code rulesString}), token
 *       and update count</li>
 *   <li>{@code reset} {@code {}}</li>
 * </ul>
 * where {@code edit} is one of {@code "replaceTargets"}, {@code "addTargets"}, {@code "removeTargets"} (a list
 * of strings); none means the writer leaves the content as it is. Generic throttling, faults and latency
 * come from the server's {@link io.egressallowlist.emulators.core.FaultInjector}.
 *
 * <p>Thread-safe: one lock serialises every operation and switch.
 */
public final class NetworkFirewallEmulator extends AwsJsonProtocolService {

    public static final String TARGET_PREFIX = "NetworkFirewall_20201112";
    /** awsJson1_0: errors carry the full shape id; {@code InternalServerError} is the modelled fault. */
    public static final AwsJsonProtocol PROTOCOL = AwsJsonProtocol.awsJson1_0(TARGET_PREFIX,
            NetworkFirewallErrors.SHAPE_NAMESPACE, NetworkFirewallErrors.INTERNAL_SERVER_ERROR);
    public static final String DEFAULT_ACCOUNT = "123456789012";
    public static final String DEFAULT_REGION = "us-east-1";
    /** The adjustable default quota of stateful (and of stateless) rule groups per account and Region (aws-api-notes §1.5). */
    public static final int DEFAULT_RULE_GROUP_QUOTA = 50;

    private static final Pattern ACCOUNT = Pattern.compile("^\\d{12}$");
    private static final Pattern REGION = Pattern.compile("^[a-z]{2}(-[a-z]+)+-\\d$");

    private final Object lock = new Object();
    private final ServiceModel model = ServiceModel.networkFirewall();
    private final NetworkFirewallState state;
    private final Duration initialSyncDelay;
    private final RuleGroupOperations ruleGroups;
    private final FirewallPolicyOperations policies;
    private final FirewallOperations firewalls;
    private final AnalysisReportOperations analysisReports;

    private NetworkFirewallEmulator(Builder builder) {
        super("Network Firewall", PROTOCOL, "network-firewall");
        this.state = new NetworkFirewallState(builder.region, builder.account, builder.clock, builder.ids,
                builder.syncDelay, builder.ruleGroupQuota);
        this.initialSyncDelay = builder.syncDelay;
        this.ruleGroups = new RuleGroupOperations(state);
        this.policies = new FirewallPolicyOperations(state);
        this.firewalls = new FirewallOperations(state);
        this.analysisReports = new AnalysisReportOperations(state, firewalls);
        operations(ruleGroups.operations());
        operations(policies.operations());
        operations(firewalls.operations());
        operations(analysisReports.operations());
        declareAdminActions();
    }

    /** An emulator for account 123456789012 in us-east-1, on the system clock, syncing immediately. */
    public NetworkFirewallEmulator() {
        this(builder());
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- operations

    /** Every input is checked against the bundled service model first; one lock serialises the operations. */
    @Override
    protected JsonNode invoke(String operation, Operation declared, ObjectNode input) {
        if (operation.equals("UpdateRuleGroup")) {
            RuleGroupOperations.rejectMalformedToken(input);
        }
        model.validateInput(operation, input);
        synchronized (lock) {
            return declared.handle(input);
        }
    }

    // ---------------------------------------------------------------- switches

    /**
     * Makes the next {@code times} UpdateRuleGroup calls on the rule group lose a race: just before each call
     * checks its token, another writer's update lands (applying {@code concurrentWrite} and rotating the
     * token), so the call fails with InvalidTokenException as if the rule group changed after the caller's
     * Describe (aws-api-notes §1.2).
     */
    public void forceTokenRace(String ruleGroupName, int times, TargetEdit concurrentWrite) {
        Objects.requireNonNull(concurrentWrite, "concurrentWrite");
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1, got " + times);
        }
        synchronized (lock) {
            StoredRuleGroup ruleGroup = ruleGroups.byName(ruleGroupName);
            for (int i = 0; i < times; i++) {
                state.tokenRaces(ruleGroup.arn()).add(concurrentWrite);
            }
        }
    }

    /** A token race where the other writer leaves the content as it is. */
    public void forceTokenRace(String ruleGroupName, int times) {
        forceTokenRace(ruleGroupName, times, TargetEdit.unchanged());
    }

    /**
     * Changes the rule group's targets the way an operator in the console would: the content changes, the
     * token rotates and the firewall syncs again. Returns the new UpdateToken.
     *
     * @throws IllegalArgumentException when the rule group is unknown or not a domain list, or the result
     *         would exceed its capacity
     */
    public String editOutOfBand(String ruleGroupName, TargetEdit edit) {
        Objects.requireNonNull(edit, "edit");
        synchronized (lock) {
            return ruleGroups.applyEdit(ruleGroups.byName(ruleGroupName), edit).updateToken();
        }
    }

    /** How long a change takes to reach every firewall endpoint, and a report to run; zero means at once. */
    public void syncDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("sync delay must be >= 0, got " + delay);
        }
        synchronized (lock) {
            state.syncDelay = delay;
        }
    }

    /** Records traffic that the firewall's analysis saw, for later analysis reports. */
    public void recordTraffic(String firewallName, TrafficHit hit) {
        Objects.requireNonNull(hit, "hit");
        synchronized (lock) {
            StoredFirewall firewall = firewalls.byName(firewallName);
            state.trafficByFirewallArn.computeIfAbsent(firewall.arn().toString(), arn -> new ArrayList<>()).add(hit);
        }
    }

    /**
     * Sends traffic through the firewall: decides it against the live rule groups of the firewall's policy
     * ({@link FlowInspection}), records it as traffic the analysis reports count (allowed or not: the firewall saw
     * the name either way), and answers what happened with the ALERT log records written, one per connection a
     * rule alerted on ({@link AlertRecords}).
     *
     * @param availabilityZone the zone of the endpoint the traffic reaches (the source's zone); null for the
     *                         firewall's first endpoint
     * @throws IllegalArgumentException when the firewall is unknown
     */
    public TrafficVerdict sendTraffic(String firewallName, Flow flow, String availabilityZone) {
        Objects.requireNonNull(flow, "flow");
        synchronized (lock) {
            StoredFirewall firewall = firewalls.byName(firewallName);
            StoredFirewallPolicy policy = state.policies.get(firewall.policyArn().toString());
            List<RuleHit> hits = new FlowInspection(state, policy).inspect(flow);
            RuleHit decision = hits.get(hits.size() - 1);
            Instant now = state.now();
            String zone = availabilityZone != null ? availabilityZone
                    : firewall.attachments().isEmpty() ? state.region + "a" : firewall.attachments().get(0).availabilityZone();
            List<String> records = new ArrayList<>();
            for (int connection = 0; connection < flow.count(); connection++) {
                long flowId = state.nextFlowId();
                for (RuleHit hit : hits) {
                    if (hit.logged()) {
                        records.add(AlertRecords.record(firewall.name(), zone, now, flow, hit, flowId,
                                32768 + (int) (flowId % 28232), "192.0.2." + (1 + Math.floorMod(flow.inspectedName().hashCode(), 254))));
                    }
                }
            }
            state.trafficByFirewallArn.computeIfAbsent(firewall.arn().toString(), arn -> new ArrayList<>())
                    .add(TrafficHit.of(flow.inspectedName(), flow.protocol().targetType(), flow.count(), now, now));
            return new TrafficVerdict(!decision.action().blocks(), decision.describe(), records);
        }
    }

    /**
     * What the firewall would do with one connection from {@code sourceIp} to {@code host}, decided like
     * {@link #sendTraffic} against the live rule groups of the firewall's policy, but recording nothing: no traffic
     * for the analysis reports, no alert records.
     *
     * @throws IllegalArgumentException when the firewall is unknown or the flow cannot exist
     */
    public FlowVerdict verdict(String firewallName, String sourceIp, Flow.Protocol protocol, String host) {
        Flow flow = new Flow(sourceIp, host, protocol, 1);
        synchronized (lock) {
            StoredFirewall firewall = firewalls.byName(firewallName);
            return FlowVerdict.of(new FlowInspection(state, state.policies.get(firewall.policyArn().toString())).inspect(flow));
        }
    }

    /** Puts a subnet in an Availability Zone for firewalls created afterwards (default: zones a, b, c… in order). */
    public void assignAvailabilityZone(String subnetId, String availabilityZone) {
        synchronized (lock) {
            state.availabilityZoneBySubnet.put(Objects.requireNonNull(subnetId), Objects.requireNonNull(availabilityZone));
        }
    }

    /** Turns the documented one-report-per-type-per-30-days limit on (the default) or off. */
    public void limitAnalysisReports(boolean onePerTypePer30Days) {
        synchronized (lock) {
            state.oneAnalysisReportPerTypePer30Days = onePerTypePer30Days;
        }
    }

    /** Forgets every resource, traffic record and pending race, and restores the initial sync delay. */
    public void reset() {
        synchronized (lock) {
            state.clear();
            state.syncDelay = initialSyncDelay;
        }
    }

    // ---------------------------------------------------------------- reads for tests

    /** The current targets of a domain-list rule group, by name. */
    public List<String> targets(String ruleGroupName) {
        synchronized (lock) {
            return List.copyOf(RuleGroupRules.targets(ruleGroups.byName(ruleGroupName).ruleGroup()));
        }
    }

    /** The Suricata rules of a stateful rule group, by name; empty when it is a domain list. */
    public String rulesString(String ruleGroupName) {
        synchronized (lock) {
            return ruleGroups.byName(ruleGroupName).ruleGroup().path("RulesSource").path("RulesString").asText("");
        }
    }

    /** The rule group's current UpdateToken. */
    public String updateToken(String ruleGroupName) {
        synchronized (lock) {
            return ruleGroups.byName(ruleGroupName).updateToken();
        }
    }

    /** How many UpdateRuleGroup calls changed the rule group (dry runs and out-of-band edits excluded). */
    public long successfulUpdates(String ruleGroupName) {
        synchronized (lock) {
            return ruleGroups.byName(ruleGroupName).successfulUpdates();
        }
    }

    public String account() {
        return state.account;
    }

    public String region() {
        return state.region;
    }

    // ---------------------------------------------------------------- admin actions

    private void declareAdminActions() {
        adminAction("token-race", body ->
                forceTokenRace(required(body, "ruleGroupName"), body.path("times").asInt(1), edit(body)));
        adminQuery("edit-out-of-band", body ->
                Json.object().put("updateToken", editOutOfBand(required(body, "ruleGroupName"), edit(body))));
        adminAction("sync-delay", body -> syncDelay(Duration.ofMillis(requiredNumber(body, "millis").asLong())));
        adminAction("record-traffic", body -> recordTraffic(required(body, "firewallName"), trafficHit(body)));
        adminQuery("send-traffic", body -> trafficJson(sendTraffic(required(body, "firewallName"), new Flow(
                required(body, "sourceIp"), required(body, "domain"), Flow.Protocol.valueOf(body.path("protocol").asText("TLS")),
                body.path("count").asInt(1)), body.path("availabilityZone").isTextual() ? body.get("availabilityZone").asText() : null)));
        adminQuery("verdict", body -> Json.object().put("verdict", verdict(required(body, "firewallName"),
                required(body, "sourceIp"), Flow.Protocol.valueOf(body.path("protocol").asText("TLS")),
                required(body, "domain")).name()));
        adminAction("assign-availability-zone", body ->
                assignAvailabilityZone(required(body, "subnetId"), required(body, "availabilityZone")));
        adminQuery("rule-group", body -> ruleGroupSummary(required(body, "ruleGroupName")));
        adminAction("reset", body -> reset());
    }

    private static JsonNode trafficJson(TrafficVerdict verdict) {
        ObjectNode json = Json.object().put("allowed", verdict.allowed()).put("decidedBy", verdict.decidedBy());
        json.set("alertRecords", Json.array(verdict.alertRecords()));
        return json;
    }

    private JsonNode ruleGroupSummary(String name) {
        synchronized (lock) {
            StoredRuleGroup ruleGroup = ruleGroups.byName(name);
            ObjectNode summary = Json.object()
                    .put("ruleGroupArn", ruleGroup.arn().toString())
                    .put("updateToken", ruleGroup.updateToken())
                    .put("successfulUpdates", ruleGroup.successfulUpdates());
            summary.set("targets", Json.array(RuleGroupRules.targets(ruleGroup.ruleGroup())));
            summary.put("rulesString", ruleGroup.ruleGroup().path("RulesSource").path("RulesString").asText(""));
            return summary;
        }
    }

    private static TargetEdit edit(ObjectNode body) {
        List<TargetEdit> edits = new ArrayList<>();
        if (body.has("replaceTargets")) {
            edits.add(TargetEdit.replaceWith(strings(body, "replaceTargets")));
        }
        if (body.has("addTargets")) {
            edits.add(TargetEdit.add(strings(body, "addTargets")));
        }
        if (body.has("removeTargets")) {
            edits.add(TargetEdit.remove(strings(body, "removeTargets")));
        }
        if (edits.size() > 1) {
            throw new IllegalArgumentException("give at most one of replaceTargets, addTargets, removeTargets");
        }
        return edits.isEmpty() ? TargetEdit.unchanged() : edits.get(0);
    }

    private TrafficHit trafficHit(ObjectNode body) {
        Instant now = state.clock.instant();
        Instant firstSeen = body.has("firstSeen") ? epochSeconds(body.get("firstSeen")) : now;
        Instant lastSeen = body.has("lastSeen") ? epochSeconds(body.get("lastSeen")) : firstSeen;
        return new TrafficHit(required(body, "domain"), required(body, "protocol"),
                requiredNumber(body, "count").asInt(), body.path("uniqueSources").asInt(1), firstSeen, lastSeen);
    }

    private static Instant epochSeconds(JsonNode value) {
        if (!value.isNumber()) {
            throw new IllegalArgumentException("times are epoch seconds (numbers), got " + value);
        }
        return Instant.ofEpochMilli(Math.round(value.asDouble() * 1000));
    }

    private static List<String> strings(ObjectNode body, String member) {
        JsonNode array = body.get(member);
        if (!array.isArray()) {
            throw new IllegalArgumentException(member + " must be a list of strings");
        }
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }

    private static String required(ObjectNode body, String member) {
        JsonNode value = body.get(member);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("body needs a string " + member);
        }
        return value.asText();
    }

    private static JsonNode requiredNumber(ObjectNode body, String member) {
        JsonNode value = body.get(member);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("body needs a number " + member);
        }
        return value;
    }

    // ---------------------------------------------------------------- builder

    /** Settings of a new emulator. */
    public static final class Builder {
        private String account = DEFAULT_ACCOUNT;
        private String region = DEFAULT_REGION;
        private Clock clock = Clock.systemUTC();
        private Supplier<UUID> ids = UUID::randomUUID;
        private Duration syncDelay = Duration.ZERO;
        private int ruleGroupQuota = DEFAULT_RULE_GROUP_QUOTA;

        private Builder() {
        }

        public Builder account(String account) {
            if (!ACCOUNT.matcher(account).matches()) {
                throw new IllegalArgumentException("an account id is 12 digits, got " + account);
            }
            this.account = account;
            return this;
        }

        public Builder region(String region) {
            if (!REGION.matcher(region).matches()) {
                throw new IllegalArgumentException("not a Region name like us-east-1: " + region);
            }
            this.region = region;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The source of UpdateTokens, resource ids and report ids; must give distinct UUIDs. */
        public Builder ids(Supplier<UUID> ids) {
            this.ids = Objects.requireNonNull(ids, "ids");
            return this;
        }

        public Builder syncDelay(Duration syncDelay) {
            if (syncDelay.isNegative()) {
                throw new IllegalArgumentException("sync delay must be >= 0, got " + syncDelay);
            }
            this.syncDelay = syncDelay;
            return this;
        }

        /** Rule groups allowed per kind (stateful, stateless); the real default is 50 and can be raised. */
        public Builder ruleGroupQuota(int ruleGroupQuota) {
            if (ruleGroupQuota < 1) {
                throw new IllegalArgumentException("quota must be >= 1, got " + ruleGroupQuota);
            }
            this.ruleGroupQuota = ruleGroupQuota;
            return this;
        }

        public NetworkFirewallEmulator build() {
            return new NetworkFirewallEmulator(this);
        }
    }
}
