package io.egressallowlist.infra.config;

import java.util.List;
import java.util.Objects;

import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.RuleGroupCapacity;

/**
 * What the network stack is built from.
 *
 * @param vpcCidr            the VPC's IPv4 block, {@code /16} to {@code /23} (see {@link SubnetPlan})
 * @param zoneCount          how many Availability Zones get the full SageMaker, NAT and firewall path (1–3)
 * @param zoneNames          concrete zone names such as {@code eu-west-1a}, or empty to use the region's
 *                           first {@code zoneCount} zones, resolved at deploy time
 * @param ruleGroupCapacity  capacity of the domain-list rule group; fixed once created
 * @param baselineDomains    the allow-list the rule group is created with, normalised
 * @param logRetentionDays   retention of firewall and VPC flow logs
 * @param firewallPlacement  whether the firewall endpoint comes before the NAT gateway (the default, so
 *                           alerts carry the workload's own address) or after it (the original layout)
 * @param endpoints          how the VPC's service endpoints resolve and whom they serve
 * @param firewallProtection the firewall's delete, policy-change and subnet-change protection
 *                           ({@value #FIREWALL_PROTECTION_KEY}, default on); off only to tear the network down or
 *                           change its zones
 */
public record NetworkSettings(String vpcCidr, int zoneCount, List<String> zoneNames, int ruleGroupCapacity,
                              List<String> baselineDomains, int logRetentionDays,
                              FirewallPlacement firewallPlacement, EndpointOptions endpoints,
                              boolean firewallProtection) {

    public static final String FIREWALL_PROTECTION_KEY = "firewallProtection";

    /** TLS_SNI and HTTP_HOST. */
    public static final int TARGET_TYPES = 2;

    public static final String DEFAULT_VPC_CIDR = "10.20.0.0/16";
    public static final int DEFAULT_ZONE_COUNT = 2;
    /** Room for 1,499 domains with both target types; capacity can never be raised after creation. */
    public static final int DEFAULT_RULE_GROUP_CAPACITY = 3_000;
    public static final List<String> DEFAULT_BASELINE = List.of(".pypi.org", "files.pythonhosted.org");
    public static final int DEFAULT_LOG_RETENTION_DAYS = 365;
    public static final FirewallPlacement DEFAULT_FIREWALL_PLACEMENT = FirewallPlacement.FIREWALL_FIRST;

    public NetworkSettings {
        SubnetPlan.requireUsableCidr(vpcCidr);
        if (zoneCount < 1 || zoneCount > 3) {
            throw new IllegalArgumentException("availabilityZoneCount must be 1, 2 or 3, was " + zoneCount + ".");
        }
        zoneNames = List.copyOf(zoneNames);
        if (!zoneNames.isEmpty() && zoneNames.size() != zoneCount) {
            throw new IllegalArgumentException("availabilityZones lists " + zoneNames.size() + " zones but "
                    + "availabilityZoneCount is " + zoneCount + ".");
        }
        // RuleGroupCapacity enforces the service's non-adjustable 30,000 ceiling.
        RuleGroupCapacity capacity = new RuleGroupCapacity(ruleGroupCapacity, TARGET_TYPES);
        baselineDomains = baselineDomains.stream().map(d -> DomainName.of(d).target()).distinct().sorted().toList();
        if (!capacity.fits(baselineDomains.size())) {
            throw new IllegalArgumentException("The baseline of " + baselineDomains.size() + " domains needs "
                    + capacity.consumedBy(baselineDomains.size()) + " capacity units; ruleGroupCapacity is "
                    + ruleGroupCapacity + ".");
        }
        if (logRetentionDays < 1) {
            throw new IllegalArgumentException("logRetentionDays must be positive, was " + logRetentionDays + ".");
        }
        Objects.requireNonNull(firewallPlacement, "firewallPlacement");
        Objects.requireNonNull(endpoints, "endpoints");
    }

    public static NetworkSettings defaults() {
        return new NetworkSettings(DEFAULT_VPC_CIDR, DEFAULT_ZONE_COUNT, List.of(), DEFAULT_RULE_GROUP_CAPACITY,
                DEFAULT_BASELINE, DEFAULT_LOG_RETENTION_DAYS, DEFAULT_FIREWALL_PLACEMENT, EndpointOptions.defaults(), true);
    }

    public static NetworkSettings from(ContextValues context) {
        List<String> zones = context.list("availabilityZones", List.of());
        int count = context.integer("availabilityZoneCount", zones.isEmpty() ? DEFAULT_ZONE_COUNT : zones.size());
        return new NetworkSettings(
                context.string("vpcCidr", DEFAULT_VPC_CIDR),
                count,
                zones,
                context.integer("ruleGroupCapacity", DEFAULT_RULE_GROUP_CAPACITY),
                context.list("baselineDomains", DEFAULT_BASELINE),
                context.integer("logRetentionDays", DEFAULT_LOG_RETENTION_DAYS),
                FirewallPlacement.fromContext(context.string(FirewallPlacement.CONTEXT_KEY,
                        DEFAULT_FIREWALL_PLACEMENT.contextValue())),
                EndpointOptions.from(context),
                context.bool(FIREWALL_PROTECTION_KEY, true));
    }

    /**
     * The sources the domain-list rule group inspects ({@code HOME_NET}; a source outside it matches no
     * rule of the group and meets the policy's default drop, aws-api-notes §9). Firewall-first: the
     * SageMaker subnets, the only sources the firewall sees. NAT-first: the firewall sees only the NAT
     * gateways' private addresses, which the VPC block holds; it stays the VPC block as first deployed.
     * A change of it between deploys changes {@code HOME_NET} alone, never the list firewall-sync keeps
     * ({@code allowlist_rule_group.py}).
     */
    public List<String> homeNet() {
        return switch (firewallPlacement) {
            case FIREWALL_FIRST -> SubnetPlan.of(vpcCidr, zoneCount).zones().stream()
                    .map(SubnetPlan.Zone::sageMakerCidr).toList();
            case NAT_FIRST -> List.of(vpcCidr);
        };
    }

    public NetworkSettings withZoneCount(int count) {
        return new NetworkSettings(vpcCidr, count, List.of(), ruleGroupCapacity, baselineDomains, logRetentionDays,
                firewallPlacement, endpoints, firewallProtection);
    }

    public NetworkSettings withRuleGroupCapacity(int capacity) {
        return new NetworkSettings(vpcCidr, zoneCount, zoneNames, capacity, baselineDomains, logRetentionDays,
                firewallPlacement, endpoints, firewallProtection);
    }

    public NetworkSettings withFirewallProtection(boolean protection) {
        return new NetworkSettings(vpcCidr, zoneCount, zoneNames, ruleGroupCapacity, baselineDomains, logRetentionDays,
                firewallPlacement, endpoints, protection);
    }

    public NetworkSettings withEndpoints(EndpointOptions options) {
        return new NetworkSettings(vpcCidr, zoneCount, zoneNames, ruleGroupCapacity, baselineDomains, logRetentionDays,
                firewallPlacement, options, firewallProtection);
    }

    public NetworkSettings withBaseline(List<String> domains) {
        return new NetworkSettings(vpcCidr, zoneCount, zoneNames, ruleGroupCapacity, domains, logRetentionDays,
                firewallPlacement, endpoints, firewallProtection);
    }

    public NetworkSettings withFirewallPlacement(FirewallPlacement placement) {
        return new NetworkSettings(vpcCidr, zoneCount, zoneNames, ruleGroupCapacity, baselineDomains, logRetentionDays,
                placement, endpoints, firewallProtection);
    }
}
