package io.egressallowlist.infra.config;

import java.util.ArrayList;
import java.util.List;

import io.egressallowlist.shared.domain.RuleGroupForm;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;

/**
 * The declared scopes placed in the network: each team scope's subnet per zone checked against the VPC, the NAT
 * and firewall subnets and the other scopes; each scope's capacity checked against what its group is created with.
 * Built only when scopes are declared.
 *
 * <p>A scope's subnet in zone i that is exactly the single list's SageMaker subnet of zone i ({@link SubnetPlan})
 * is that subnet, kept: declaring {@code default} with today's subnets changes no subnet, route or domain.
 */
public record ScopeLayout(ScopeSettings settings, NetworkSettings network) {

    /** TLS_SNI and HTTP_HOST: one pass rule per entry and protocol in every form. */
    static final int PROTOCOLS = NetworkSettings.TARGET_TYPES;

    public ScopeLayout {
        if (!settings.declared()) {
            throw new IllegalArgumentException("No scopes declared: the network has the single list.");
        }
        if (network.firewallPlacement() != FirewallPlacement.FIREWALL_FIRST) {
            throw new IllegalArgumentException("Context '" + ScopeSettings.CONTEXT_KEY + "' needs firewallPlacement "
                    + FirewallPlacement.FIREWALL_FIRST.contextValue() + ": with the NAT gateway first the firewall"
                    + " sees only the NAT gateways' addresses, so no scope's HOME_NET could tell its workloads apart.");
        }
        requireSubnets(settings, network);
        settings.scopes().forEach(scope -> requireCapacity(scope, baselineOf(settings, network, scope)));
    }

    /**
     * What the scope's group is created with: the baseline ({@code baselineDomains}) goes where every workload gets
     * it, into {@code global} when declared, else into each team scope's list.
     */
    public List<String> baselineOf(ScopeSettings.Scope scope) {
        return baselineOf(settings, network, scope);
    }

    /** The sources the scope's group applies to: its subnets; every scope's subnets for {@code global}. */
    public List<String> homeNet(ScopeSettings.Scope scope) {
        return scope.isGlobal() ? allSubnetCidrs() : scope.subnetCidrs();
    }

    public List<String> allSubnetCidrs() {
        return settings.teamScopes().stream().flatMap(scope -> scope.subnetCidrs().stream()).toList();
    }

    /** Whether the scope's subnet in {@code zone} is the single list's SageMaker subnet of that zone. */
    public boolean isPlannedSubnet(ScopeSettings.Scope scope, int zone) {
        return scope.subnetCidrs().get(zone).equals(plan().zones().get(zone).sageMakerCidr());
    }

    public SubnetPlan plan() {
        return SubnetPlan.of(network.vpcCidr(), network.zoneCount());
    }

    /** Capacity units the group is created with, by form (domain list, learning rules, pass rules). */
    public static long unitsAtCreation(ScopeSettings.Scope scope, int entries) {
        RuleGroupForm form = RuleGroupForm.of(ScopeName.of(scope.name()));
        return form.capacityNeeded(entries, PROTOCOLS, scope.learning() ? ScopeMode.LEARN : ScopeMode.ENFORCE);
    }

    private static List<String> baselineOf(ScopeSettings settings, NetworkSettings network, ScopeSettings.Scope scope) {
        boolean inGlobal = settings.global().isPresent();
        return scope.isGlobal() == inGlobal ? network.baselineDomains() : List.of();
    }

    private static void requireCapacity(ScopeSettings.Scope scope, List<String> baseline) {
        boolean rules = scope.isGlobal() || scope.learning();
        baseline.stream().filter(target -> rules && !RuleGroupForm.writableAsRule(target)).findFirst().ifPresent(t -> {
            throw new IllegalArgumentException("Context '" + ScopeSettings.CONTEXT_KEY + "', scope '" + scope.name()
                    + "': the baseline domain " + t + " cannot be written as a Suricata rule, which its group is made of.");
        });
        long units = unitsAtCreation(scope, baseline.size());
        if (units > scope.capacity()) {
            throw new IllegalArgumentException("Context '" + ScopeSettings.CONTEXT_KEY + "', scope '" + scope.name()
                    + "': its group is created with the " + baseline.size() + " baseline domains, which need " + units
                    + " capacity units; its capacity is " + scope.capacity() + ".");
        }
    }

    private static void requireSubnets(ScopeSettings settings, NetworkSettings network) {
        Cidr vpc = Cidr.parse(network.vpcCidr());
        List<Cidr> taken = new ArrayList<>();
        List<String> owners = new ArrayList<>();
        for (SubnetPlan.Zone zone : SubnetPlan.of(network.vpcCidr(), network.zoneCount()).zones()) {
            taken.add(Cidr.parse(zone.natCidr()));
            owners.add("the NAT subnet of zone " + (zone.index() + 1));
            taken.add(Cidr.parse(zone.firewallCidr()));
            owners.add("the firewall subnet of zone " + (zone.index() + 1));
        }
        for (ScopeSettings.Scope scope : settings.teamScopes()) {
            String where = "Context '" + ScopeSettings.CONTEXT_KEY + "', scope '" + scope.name() + "': ";
            if (scope.subnetCidrs().size() != network.zoneCount()) {
                throw new IllegalArgumentException(where + "subnetCidrs lists " + scope.subnetCidrs().size()
                        + " CIDRs; it needs one per zone, " + network.zoneCount() + " (availabilityZoneCount).");
            }
            for (int zone = 0; zone < scope.subnetCidrs().size(); zone++) {
                Cidr cidr = parse(where, scope.subnetCidrs().get(zone));
                if (cidr.prefix() < 16 || cidr.prefix() > 28) {
                    throw new IllegalArgumentException(where + cidr + " must be a /16 to /28 (a VPC subnet's sizes).");
                }
                if (!vpc.contains(cidr)) {
                    throw new IllegalArgumentException(where + cidr + " is outside the VPC " + vpc + " (vpcCidr).");
                }
                for (int i = 0; i < taken.size(); i++) {
                    if (taken.get(i).overlaps(cidr)) {
                        throw new IllegalArgumentException(where + cidr + " overlaps " + owners.get(i) + " ("
                                + taken.get(i) + ").");
                    }
                }
                taken.add(cidr);
                owners.add("the subnet of scope '" + scope.name() + "' in zone " + (zone + 1));
            }
        }
    }

    private static Cidr parse(String where, String cidr) {
        try {
            return Cidr.parse(cidr);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + e.getMessage() + ".", e);
        }
    }
}
