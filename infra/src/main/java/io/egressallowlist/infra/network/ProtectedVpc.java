package io.egressallowlist.infra.network;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.egressallowlist.infra.config.NetworkSettings;
import io.egressallowlist.infra.config.ScopeLayout;
import io.egressallowlist.infra.config.ScopeSettings;
import io.egressallowlist.infra.config.SubnetPlan;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.ec2.CfnEIP;
import software.amazon.awscdk.services.ec2.CfnGatewayRouteTableAssociation;
import software.amazon.awscdk.services.ec2.CfnInternetGateway;
import software.amazon.awscdk.services.ec2.CfnNatGateway;
import software.amazon.awscdk.services.ec2.CfnRoute;
import software.amazon.awscdk.services.ec2.CfnRouteTable;
import software.amazon.awscdk.services.ec2.CfnSubnet;
import software.amazon.awscdk.services.ec2.CfnSubnetRouteTableAssociation;
import software.amazon.awscdk.services.ec2.CfnVPC;
import software.amazon.awscdk.services.ec2.CfnVPCGatewayAttachment;
import software.constructs.Construct;

/**
 * The VPC, its internet gateway, and per zone a SageMaker, a NAT and a firewall subnet with their own
 * route tables and NAT gateway. Built from L1
 * resources on purpose: the routes are the security boundary, so every one of them is written out
 * rather than derived by the {@code Vpc} construct's defaults. Which subnet sends its traffic where
 * depends on the firewall placement and on the firewall's endpoints, so {@link FirewallRouting} writes
 * the routes, this construct only the tables.
 */
public final class ProtectedVpc extends Construct {

    private final CfnVPC vpc;
    private final CfnInternetGateway internetGateway;
    private final CfnVPCGatewayAttachment attachment;
    private final List<ZoneNetwork> zones = new ArrayList<>();

    /** @param scopes the declared scopes, whose team scopes get their own SageMaker subnet per zone; empty: none */
    public ProtectedVpc(Construct scope, String id, NetworkSettings settings, Optional<ScopeLayout> scopes) {
        super(scope, id);
        vpc = CfnVPC.Builder.create(this, "Vpc")
                .cidrBlock(settings.vpcCidr())
                // Private DNS of the interface endpoints needs both.
                .enableDnsSupport(true)
                .enableDnsHostnames(true)
                .build();
        Tags.of(vpc).add("Name", "studio-egress");

        internetGateway = new CfnInternetGateway(this, "InternetGateway");
        attachment = CfnVPCGatewayAttachment.Builder.create(this, "InternetGatewayAttachment")
                .vpcId(vpc.getRef())
                .internetGatewayId(internetGateway.getRef())
                .build();

        for (SubnetPlan.Zone plan : SubnetPlan.of(settings.vpcCidr(), settings.zoneCount()).zones()) {
            zones.add(zone(plan, zoneName(settings, plan.index()), scopes));
        }
    }

    /**
     * A route table for what the internet gateway delivers into the VPC (ingress routing), associated
     * with the gateway; a gateway has at most one. Only the NAT-first placement needs it.
     */
    CfnRouteTable addEdgeRouteTable() {
        CfnRouteTable table = routeTable("EdgeRoutes", "edge");
        CfnGatewayRouteTableAssociation.Builder.create(this, "EdgeRoutesAssociation")
                .gatewayId(internetGateway.getRef())
                .routeTableId(table.getRef())
                .build()
                .addDependency(attachment);
        return table;
    }

    private ZoneNetwork zone(SubnetPlan.Zone plan, String az, Optional<ScopeLayout> scopes) {
        String n = String.valueOf(plan.index() + 1);

        CfnSubnet firewallSubnet = subnet("FirewallSubnet" + n, plan.firewallCidr(), az, "firewall-" + n);
        CfnRouteTable firewallRoutes = associatedRouteTable("FirewallRoutes" + n, "firewall-" + n, firewallSubnet);

        CfnSubnet natSubnet = subnet("NatSubnet" + n, plan.natCidr(), az, "nat-" + n);
        CfnRouteTable natRoutes = associatedRouteTable("NatRoutes" + n, "nat-" + n, natSubnet);
        CfnEIP address = CfnEIP.Builder.create(this, "NatAddress" + n).domain("vpc").build();
        address.addDependency(attachment);
        CfnNatGateway natGateway = CfnNatGateway.Builder.create(this, "NatGateway" + n)
                .subnetId(natSubnet.getRef())
                .allocationId(address.getAttrAllocationId())
                .build();
        Tags.of(natGateway).add("Name", "studio-egress-nat-" + n);

        List<ZoneNetwork.WorkloadSubnet> workloads = new ArrayList<>();
        if (scopes.isEmpty()) {
            workloads.add(workload(n, "", Optional.empty(), plan.sageMakerCidr(), az));
        } else {
            for (ScopeSettings.Scope team : scopes.get().settings().teamScopes()) {
                String suffix = scopes.get().isPlannedSubnet(team, plan.index()) ? "" : "-" + team.name();
                workloads.add(workload(n, suffix, Optional.of(team.name()), team.subnetCidrs().get(plan.index()), az));
            }
        }
        return new ZoneNetwork(plan.index(), az, plan.natCidr(), workloads, natSubnet, natRoutes, natGateway,
                firewallSubnet, firewallRoutes);
    }

    /**
     * A SageMaker subnet with its route table. The single list's subnet of a zone keeps its ids when a scope takes it
     * over ({@code suffix} empty); every other scope's subnet is named after the scope.
     */
    private ZoneNetwork.WorkloadSubnet workload(String n, String suffix, Optional<String> scope, String cidr, String az) {
        String name = scope.filter(s -> !suffix.isEmpty()).map(s -> "sagemaker-" + s + "-" + n).orElse("sagemaker-" + n);
        CfnSubnet subnet = subnet("SageMakerSubnet" + n + suffix, cidr, az, name);
        CfnRouteTable routes = associatedRouteTable("SageMakerRoutes" + n + suffix, name, subnet);
        return new ZoneNetwork.WorkloadSubnet(scope.orElse(""), cidr, subnet, routes, suffix);
    }

    /**
     * Concrete names when configured; otherwise the region's i-th zone, resolved at deploy time, so
     * the template stays environment-agnostic.
     */
    private static String zoneName(NetworkSettings settings, int index) {
        return settings.zoneNames().isEmpty() ? Fn.select(index, Fn.getAzs()) : settings.zoneNames().get(index);
    }

    /**
     * A route to {@code destination} in {@code table}, created under this construct with {@code id}; the
     * caller names where it goes. For the routes whose logical ids were first deployed from here (see
     * {@link FirewallRouting}).
     */
    CfnRoute.Builder route(String id, CfnRouteTable table, String destination) {
        return CfnRoute.Builder.create(this, id).routeTableId(table.getRef()).destinationCidrBlock(destination);
    }

    /** Completes {@code route} towards the internet gateway, once the gateway is attached to the VPC. */
    CfnRoute toInternet(CfnRoute.Builder route) {
        CfnRoute built = route.gatewayId(internetGateway.getRef()).build();
        built.addDependency(attachment);
        return built;
    }

    private CfnSubnet subnet(String id, String cidr, String az, String name) {
        CfnSubnet subnet = CfnSubnet.Builder.create(this, id)
                .vpcId(vpc.getRef())
                .cidrBlock(cidr)
                .availabilityZone(az)
                .mapPublicIpOnLaunch(false)
                .build();
        Tags.of(subnet).add("Name", "studio-egress-" + name);
        return subnet;
    }

    private CfnRouteTable associatedRouteTable(String id, String name, CfnSubnet subnet) {
        CfnRouteTable table = routeTable(id, name);
        CfnSubnetRouteTableAssociation.Builder.create(this, id + "Association")
                .subnetId(subnet.getRef())
                .routeTableId(table.getRef())
                .build();
        return table;
    }

    private CfnRouteTable routeTable(String id, String name) {
        CfnRouteTable table = CfnRouteTable.Builder.create(this, id).vpcId(vpc.getRef()).build();
        Tags.of(table).add("Name", "studio-egress-" + name);
        return table;
    }

    public CfnVPC vpc() {
        return vpc;
    }

    public String vpcId() {
        return vpc.getRef();
    }

    public List<ZoneNetwork> zones() {
        return List.copyOf(zones);
    }

    /**
     * Every SageMaker subnet: zone by zone with the single list; with scopes, scope by scope (declaration order), zone
     * by zone within a scope.
     */
    public List<String> sageMakerSubnetIds() {
        List<String> ids = new ArrayList<>();
        int perZone = zones.get(0).workloads().size();
        for (int w = 0; w < perZone; w++) {
            for (ZoneNetwork zone : zones) {
                ids.add(zone.workloads().get(w).subnet().getRef());
            }
        }
        return ids;
    }

    /** The subnet of each zone that holds the interface endpoints (an endpoint takes one subnet per zone). */
    public List<String> endpointSubnetIds() {
        return zones.stream().map(z -> z.sageMakerSubnet().getRef()).toList();
    }

    /** The team scope's SageMaker subnets, zone by zone. */
    public List<String> subnetIdsOf(String scope) {
        return zones.stream().flatMap(z -> z.workloads().stream()).filter(w -> w.scope().equals(scope))
                .map(w -> w.subnet().getRef()).toList();
    }

    public List<String> firewallSubnetIds() {
        return zones.stream().map(z -> z.firewallSubnet().getRef()).toList();
    }
}
