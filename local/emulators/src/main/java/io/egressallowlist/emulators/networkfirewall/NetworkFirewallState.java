package io.egressallowlist.emulators.networkfirewall;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Everything one emulated account and Region holds, plus the emulator's switches. Not thread-safe on its
 * own: {@link NetworkFirewallEmulator} guards every access with one lock, so each call sees and leaves a
 * consistent state.
 */
final class NetworkFirewallState {

    final String region;
    final String account;
    final Clock clock;
    private final Supplier<UUID> ids;
    final int ruleGroupQuota;

    /** Keyed by ARN, so listings come out in a stable order. */
    final Map<String, StoredRuleGroup> ruleGroups = new TreeMap<>();
    final Map<String, StoredFirewallPolicy> policies = new TreeMap<>();
    final Map<String, StoredFirewall> firewalls = new TreeMap<>();
    final Map<String, List<TrafficHit>> trafficByFirewallArn = new HashMap<>();
    final Map<String, List<StoredAnalysisReport>> reportsByFirewallArn = new HashMap<>();
    final Map<String, Deque<TargetEdit>> tokenRacesByRuleGroupArn = new HashMap<>();
    final Map<String, String> availabilityZoneBySubnet = new HashMap<>();
    Duration syncDelay;
    /** Suricata's flow ids of the traffic sent through the emulator: unique, never reused. */
    private long lastFlowId = 1_582_438_383_425_873L;
    boolean oneAnalysisReportPerTypePer30Days = true;

    NetworkFirewallState(String region, String account, Clock clock, Supplier<UUID> ids, Duration syncDelay, int ruleGroupQuota) {
        this.region = region;
        this.account = account;
        this.clock = clock;
        this.ids = ids;
        this.syncDelay = syncDelay;
        this.ruleGroupQuota = ruleGroupQuota;
    }

    long nextFlowId() {
        lastFlowId += 7919;
        return lastFlowId;
    }

    Instant now() {
        return clock.instant();
    }

    /** A fresh lowercase UUID, as UpdateTokens and resource ids are (model patterns UpdateToken, ResourceId). */
    String newId() {
        return ids.get().toString();
    }

    ResourceArn arn(String resourceType, String name) {
        return new ResourceArn(region, account, resourceType, name);
    }

    /** The ARN a new {@code kind} gets, refused when a resource in {@code existing} already has the name. */
    ResourceArn newArn(String resourceType, String name, Map<String, ?> existing, String kind) {
        ResourceArn arn = arn(resourceType, name);
        if (existing.containsKey(arn.toString())) {
            throw NetworkFirewallErrors.INVALID_REQUEST.error("A " + kind + " named '" + arn.name() + "' already exists");
        }
        return arn;
    }

    /** True while a change made at {@code changedAt} is still being pushed to the endpoints (aws-api-notes §1.6). */
    boolean stillSyncing(Instant changedAt) {
        return now().isBefore(changedAt.plus(syncDelay));
    }

    Optional<StoredRuleGroup> ruleGroup(String arn) {
        return Optional.ofNullable(ruleGroups.get(arn));
    }

    /** Policies that reference the rule group. */
    List<StoredFirewallPolicy> policiesReferencing(ResourceArn ruleGroupArn) {
        List<StoredFirewallPolicy> referencing = new ArrayList<>();
        for (StoredFirewallPolicy policy : policies.values()) {
            if (policy.references(ruleGroupArn)) {
                referencing.add(policy);
            }
        }
        return referencing;
    }

    long firewallsUsing(ResourceArn policyArn) {
        return firewalls.values().stream().filter(f -> f.policyArn().equals(policyArn)).count();
    }

    Deque<TargetEdit> tokenRaces(ResourceArn ruleGroupArn) {
        return tokenRacesByRuleGroupArn.computeIfAbsent(ruleGroupArn.toString(), arn -> new ArrayDeque<>());
    }

    void clear() {
        ruleGroups.clear();
        policies.clear();
        firewalls.clear();
        trafficByFirewallArn.clear();
        reportsByFirewallArn.clear();
        tokenRacesByRuleGroupArn.clear();
        availabilityZoneBySubnet.clear();
        oneAnalysisReportPerTypePer30Days = true;
    }
}
