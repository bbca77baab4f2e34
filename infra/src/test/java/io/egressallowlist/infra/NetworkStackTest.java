package io.egressallowlist.infra;

import static io.egressallowlist.infra.Templates.getAtt;
import static io.egressallowlist.infra.Templates.list;
import static io.egressallowlist.infra.Templates.map;
import static io.egressallowlist.infra.Templates.properties;
import static io.egressallowlist.infra.Templates.ref;
import static io.egressallowlist.infra.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.egressallowlist.infra.config.FirewallPlacement;
import io.egressallowlist.infra.config.NetworkSettings;
import io.egressallowlist.infra.network.ServiceEndpoints;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

class NetworkStackTest {

    /** Firewall-first, the default placement, by zone count. */
    private static final Map<Integer, Template> BY_ZONES = new HashMap<>();
    /** The NAT-first placement ({@code firewallPlacement=nat-first}), by zone count. */
    private static final Map<Integer, Template> NAT_FIRST_BY_ZONES = new HashMap<>();

    @BeforeAll
    static void synth() {
        for (int zones = 1; zones <= 3; zones++) {
            BY_ZONES.put(zones, TestStacks.synth(zones).network);
            NAT_FIRST_BY_ZONES.put(zones, TestStacks.synth(natFirst(zones), false).network);
        }
    }

    static NetworkSettings natFirst(int zones) {
        return NetworkSettings.defaults().withZoneCount(zones).withFirewallPlacement(FirewallPlacement.NAT_FIRST);
    }

    private static Template template(FirewallPlacement placement, int zones) {
        return (placement == FirewallPlacement.NAT_FIRST ? NAT_FIRST_BY_ZONES : BY_ZONES).get(zones);
    }

    @Test
    void firewallFirstIsTheDefaultPlacement() {
        assertThat(NetworkSettings.defaults().firewallPlacement()).isEqualTo(FirewallPlacement.FIREWALL_FIRST);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void everyZoneGetsItsOwnSubnetsRouteTablesAndNatGateway(int zones) {
        Template t = NAT_FIRST_BY_ZONES.get(zones);
        t.resourceCountIs("AWS::EC2::VPC", 1);
        t.resourceCountIs("AWS::EC2::InternetGateway", 1);
        t.resourceCountIs("AWS::EC2::Subnet", 3 * zones);
        t.resourceCountIs("AWS::EC2::RouteTable", 3 * zones + 1);
        t.resourceCountIs("AWS::EC2::SubnetRouteTableAssociation", 3 * zones);
        t.resourceCountIs("AWS::EC2::GatewayRouteTableAssociation", 1);
        t.resourceCountIs("AWS::EC2::NatGateway", zones);
        t.resourceCountIs("AWS::EC2::EIP", zones);
        // Per zone: SageMaker → NAT, NAT → firewall, firewall → IGW, and one edge route.
        t.resourceCountIs("AWS::EC2::Route", 4 * zones);
        assertCommonResources(t);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void firewallFirstHasTheSameSubnetsAndGatewaysAndNoEdgeRouteTable(int zones) {
        Template t = BY_ZONES.get(zones);
        t.resourceCountIs("AWS::EC2::VPC", 1);
        t.resourceCountIs("AWS::EC2::InternetGateway", 1);
        t.resourceCountIs("AWS::EC2::Subnet", 3 * zones);
        t.resourceCountIs("AWS::EC2::RouteTable", 3 * zones);
        t.resourceCountIs("AWS::EC2::SubnetRouteTableAssociation", 3 * zones);
        t.resourceCountIs("AWS::EC2::GatewayRouteTableAssociation", 0);
        t.resourceCountIs("AWS::EC2::NatGateway", zones);
        t.resourceCountIs("AWS::EC2::EIP", zones);
        // Per zone: SageMaker → firewall, firewall → NAT, NAT → IGW, NAT's SageMaker block → firewall.
        t.resourceCountIs("AWS::EC2::Route", 4 * zones);
        assertCommonResources(t);
    }

    private static void assertCommonResources(Template t) {
        t.resourceCountIs("AWS::NetworkFirewall::Firewall", 1);
        t.resourceCountIs("AWS::NetworkFirewall::FirewallPolicy", 1);
        // The bypass guards; the allow-list is a custom resource (EgressFirewall).
        t.resourceCountIs("AWS::NetworkFirewall::RuleGroup", 1);
        t.resourceCountIs("Custom::AllowListRuleGroup", 1);
        t.resourceCountIs("AWS::NetworkFirewall::LoggingConfiguration", 1);
        t.resourceCountIs("Custom::FirewallEndpoints", 1);
        t.resourceCountIs("AWS::EC2::VPCEndpoint", ServiceEndpoints.INTERFACE_ENDPOINTS.size() + 1);
        t.resourceCountIs("AWS::EC2::SecurityGroup", 2);
        t.resourceCountIs("AWS::EC2::FlowLog", 1);
    }

    @ParameterizedTest
    @CsvSource({"NAT_FIRST, 1", "NAT_FIRST, 2", "NAT_FIRST, 3", "FIREWALL_FIRST, 1", "FIREWALL_FIRST, 2", "FIREWALL_FIRST, 3"})
    void everyRouteOfEveryRouteTablePointsAtATargetInTheSameZone(FirewallPlacement placement, int zones) {
        Template t = template(placement, zones);
        Map<String, Integer> subnetZone = subnetZones(t);
        Map<String, Integer> subnetByCidr = new HashMap<>();
        Map<String, String> subnetIdByCidr = new HashMap<>();
        resources(t, "AWS::EC2::Subnet").forEach((id, r) -> subnetIdByCidr.put((String) properties(r).get("CidrBlock"), id));
        subnetIdByCidr.forEach((cidr, id) -> subnetByCidr.put(cidr, subnetZone.get(id)));
        Map<String, Integer> tableZone = new HashMap<>();
        resources(t, "AWS::EC2::SubnetRouteTableAssociation").values().forEach(a -> tableZone.put(
                ref(properties(a).get("RouteTableId")), subnetZone.get(ref(properties(a).get("SubnetId")))));
        Map<String, Integer> natZone = new HashMap<>();
        resources(t, "AWS::EC2::NatGateway").forEach((id, n) -> natZone.put(id, subnetZone.get(ref(properties(n).get("SubnetId")))));
        Map<String, Integer> endpointZone = firewallEndpointZones(t, subnetZone);
        String edgeTable = edgeTable(t);

        Map<String, List<String>> routesByKind = new HashMap<>();
        for (Map<String, Object> route : resources(t, "AWS::EC2::Route").values()) {
            Map<String, Object> p = properties(route);
            String table = ref(p.get("RouteTableId"));
            boolean edge = table.equals(edgeTable);
            Integer zone = edge ? subnetByCidr.get((String) p.get("DestinationCidrBlock")) : tableZone.get(table);
            assertThat(zone).as("zone of route table %s", table).isNotNull();
            if (p.containsKey("NatGatewayId")) {
                assertThat(natZone.get(ref(p.get("NatGatewayId")))).isEqualTo(zone);
                routesByKind.computeIfAbsent("nat", k -> new ArrayList<>()).add(table);
            } else if (p.containsKey("VpcEndpointId")) {
                assertThat(endpointZone.get(getAtt(p.get("VpcEndpointId")).get(1).toString())).isEqualTo(zone);
                routesByKind.computeIfAbsent(edge ? "edge" : "firewall", k -> new ArrayList<>()).add(table);
            } else {
                assertThat(ref(p.get("GatewayId"))).as("the only other target is the internet gateway").isNotNull();
                assertThat(p.get("DestinationCidrBlock")).isEqualTo("0.0.0.0/0");
                routesByKind.computeIfAbsent("igw", k -> new ArrayList<>()).add(table);
            }
        }
        assertThat(routesByKind.get("nat")).hasSize(zones);
        assertThat(routesByKind.get("igw")).hasSize(zones);
        if (placement == FirewallPlacement.NAT_FIRST) {
            assertThat(routesByKind.get("firewall")).hasSize(zones);
            assertThat(routesByKind.get("edge")).hasSize(zones);
        } else {
            // Out of the SageMaker subnet, and back from the NAT subnet.
            assertThat(routesByKind.get("firewall")).hasSize(2 * zones);
            assertThat(routesByKind).doesNotContainKey("edge");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void firewallFirstSendsTheWorkloadsThroughTheFirewallBeforeTheNatGateway(int zones) {
        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= zones; n++) {
            expected.add("sagemaker" + n + " 0.0.0.0/0 -> firewall" + n);
            expected.add("firewall" + n + " 0.0.0.0/0 -> nat" + n);
            expected.add("nat" + n + " 0.0.0.0/0 -> internet");
            expected.add("nat" + n + " sagemaker" + n + " -> firewall" + n);
        }
        assertThat(describeRoutes(BY_ZONES.get(zones))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void natFirstKeepsTheOriginalRoutes(int zones) {
        List<String> expected = new ArrayList<>();
        for (int n = 1; n <= zones; n++) {
            expected.add("sagemaker" + n + " 0.0.0.0/0 -> nat" + n);
            expected.add("nat" + n + " 0.0.0.0/0 -> firewall" + n);
            expected.add("firewall" + n + " 0.0.0.0/0 -> internet");
            expected.add("edge nat" + n + " -> firewall" + n);
        }
        assertThat(describeRoutes(NAT_FIRST_BY_ZONES.get(zones))).containsExactlyInAnyOrderElementsOf(expected);
    }

    @ParameterizedTest
    @EnumSource(FirewallPlacement.class)
    void routesToTheInternetGatewayWaitForItsAttachment(FirewallPlacement placement) {
        Template t = template(placement, 2);
        String attachment = logicalId(t, "AWS::EC2::VPCGatewayAttachment");
        List<Map<String, Object>> toInternet = resources(t, "AWS::EC2::Route").values().stream()
                .filter(r -> properties(r).containsKey("GatewayId")).toList();
        assertThat(toInternet).hasSize(2).allSatisfy(r -> assertThat(list(r.get("DependsOn"))).contains(attachment));
    }

    @Test
    void switchingPlacementKeepsTheLogicalIdOfEveryRouteBothHave() {
        // CloudFormation changes a route's target in place, but a route under a new logical id to a
        // destination its table already has fails: the new one is created before the old one is deleted.
        Map<String, String> natFirst = routeIdsBySlot(NAT_FIRST_BY_ZONES.get(2));
        Map<String, String> firewallFirst = routeIdsBySlot(BY_ZONES.get(2));
        List<String> shared = natFirst.keySet().stream().filter(firewallFirst::containsKey).sorted().toList();
        assertThat(shared).containsExactly("firewall1 0.0.0.0/0", "firewall2 0.0.0.0/0", "nat1 0.0.0.0/0",
                "nat2 0.0.0.0/0", "sagemaker1 0.0.0.0/0", "sagemaker2 0.0.0.0/0");
        shared.forEach(slot -> assertThat(firewallFirst.get(slot)).as(slot).isEqualTo(natFirst.get(slot)));
    }

    @Test
    void subnetsAreSpreadOverDistinctZones() {
        Template t = BY_ZONES.get(3);
        assertThat(subnetZones(t).values().stream().distinct().sorted().toList()).containsExactly(0, 1, 2);
    }

    @Test
    void firewallPolicyIsStrictOrderAndDropsWhatTheListDoesNotPass() {
        Template t = BY_ZONES.get(2);
        t.hasResourceProperties("AWS::NetworkFirewall::FirewallPolicy", Map.of("FirewallPolicy", Match.objectLike(Map.of(
                "StatefulEngineOptions", Map.of("RuleOrder", "STRICT_ORDER", "StreamExceptionPolicy", "DROP"),
                "StatefulDefaultActions", List.of("aws:drop_established", "aws:alert_established"),
                "StatelessDefaultActions", List.of("aws:forward_to_sfe"),
                "StatefulRuleGroupReferences", List.of(
                        Map.of("ResourceArn", Map.of("Fn::GetAtt", List.of(logicalId(t, "AWS::NetworkFirewall::RuleGroup"), "RuleGroupArn")),
                                "Priority", 10),
                        Map.of("ResourceArn", Map.of("Fn::GetAtt", List.of(logicalId(t, "Custom::AllowListRuleGroup"), "RuleGroupArn")),
                                "Priority", 100))))));
        t.hasResourceProperties("AWS::NetworkFirewall::Firewall", Map.of(
                "DeleteProtection", true, "FirewallPolicyChangeProtection", true, "SubnetChangeProtection", true));
    }

    @Test
    void ruleGroupIsAnAllowListOfSniAndHostForTheVpc() {
        NAT_FIRST_BY_ZONES.get(2).hasResourceProperties("Custom::AllowListRuleGroup", Map.of(
                "RuleGroupName", "Test-Network-allowlist",
                "Type", "STATEFUL",
                "Capacity", NetworkSettings.DEFAULT_RULE_GROUP_CAPACITY,
                "RuleGroup", Map.of(
                        "RuleVariables", Map.of("IPSets", Map.of("HOME_NET", Map.of("Definition", List.of("10.20.0.0/16")))),
                        "RulesSource", Map.of("RulesSourceList", Map.of(
                                "GeneratedRulesType", "ALLOWLIST",
                                "TargetTypes", List.of("TLS_SNI", "HTTP_HOST"),
                                "Targets", List.of(".pypi.org", "files.pythonhosted.org"))),
                        "StatefulRuleOptions", Map.of("RuleOrder", "STRICT_ORDER"))));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void firewallFirstInspectsTheSageMakerSubnetsWhoseAddressesItSees(int zones) {
        List<String> sageMakerBlocks = List.of("10.20.0.0/18", "10.20.64.0/18", "10.20.128.0/18").subList(0, zones);
        BY_ZONES.get(zones).hasResourceProperties("Custom::AllowListRuleGroup", Map.of(
                "RuleGroup", Match.objectLike(Map.of(
                        "RuleVariables", Map.of("IPSets", Map.of("HOME_NET", Map.of("Definition", sageMakerBlocks)))))));
        assertThat(subnetCidrs(BY_ZONES.get(zones), "NetworkSageMakerSubnet")).containsExactlyInAnyOrderElementsOf(sageMakerBlocks);
    }

    @Test
    void bothPlacementsHaveTheSameAllowListAndPolicy() {
        Map<String, Object> firewallFirst = map(properties(resources(BY_ZONES.get(2), "Custom::AllowListRuleGroup")
                .values().iterator().next()).get("RuleGroup"));
        Map<String, Object> natFirst = map(properties(resources(NAT_FIRST_BY_ZONES.get(2), "Custom::AllowListRuleGroup")
                .values().iterator().next()).get("RuleGroup"));
        assertThat(firewallFirst.get("RulesSource")).isEqualTo(natFirst.get("RulesSource"));
        assertThat(firewallFirst.get("StatefulRuleOptions")).isEqualTo(natFirst.get("StatefulRuleOptions"));
        assertThat(resources(BY_ZONES.get(2), "AWS::NetworkFirewall::FirewallPolicy"))
                .isEqualTo(resources(NAT_FIRST_BY_ZONES.get(2), "AWS::NetworkFirewall::FirewallPolicy"));
    }

    @Test
    void alertAndFlowLogsGoToEncryptedLogGroups() {
        Template t = BY_ZONES.get(2);
        Map<String, Object> logging = properties(resources(t, "AWS::NetworkFirewall::LoggingConfiguration").values().iterator().next());
        List<Object> destinations = list(map(logging.get("LoggingConfiguration")).get("LogDestinationConfigs"));
        assertThat(destinations).extracting(d -> map(d).get("LogType")).containsExactlyInAnyOrder("ALERT", "FLOW");
        resources(t, "AWS::Logs::LogGroup").values().forEach(group -> {
            assertThat(properties(group)).containsKey("KmsKeyId").containsEntry("RetentionInDays", 365);
            assertThat(group.get("DeletionPolicy")).isEqualTo("Retain");
        });
        t.hasResourceProperties("AWS::KMS::Key", Map.of("EnableKeyRotation", true));
    }

    @Test
    void studioEndpointsAreInterfaceEndpointsWithPrivateDnsInTheSageMakerSubnets() {
        Template t = BY_ZONES.get(2);
        List<String> services = resources(t, "AWS::EC2::VPCEndpoint").values().stream()
                .map(Templates::properties)
                .filter(p -> "Interface".equals(p.get("VpcEndpointType")))
                // Private DNS on every one but execute-api, whose private DNS would hide public APIs (EndpointOptions).
                .peek(p -> assertThat(p.get("PrivateDnsEnabled"))
                        .isEqualTo(!joined(p.get("ServiceName")).endsWith(".execute-api")))
                .peek(p -> assertThat(list(p.get("SubnetIds"))).hasSize(2))
                .map(p -> joined(p.get("ServiceName")))
                .sorted()
                .toList();
        assertThat(services).containsExactlyInAnyOrder(
                "aws.sagemaker.{region}.notebook", "aws.sagemaker.{region}.studio",
                "com.amazonaws.{region}.sagemaker.api", "com.amazonaws.{region}.sagemaker.runtime",
                "com.amazonaws.{region}.sts", "com.amazonaws.{region}.logs", "com.amazonaws.{region}.monitoring",
                "com.amazonaws.{region}.ecr.api", "com.amazonaws.{region}.ecr.dkr", "com.amazonaws.{region}.ssm",
                "com.amazonaws.{region}.execute-api");
        t.hasResourceProperties("AWS::EC2::VPCEndpoint", Map.of("VpcEndpointType", "Gateway",
                "RouteTableIds", Match.arrayWith(List.of(Match.objectLike(Map.of("Ref", Match.stringLikeRegexp("NetworkSageMakerRoutes1.*")))))));
    }

    @Test
    void securityGroupsHaveNoInboundFromAnywhereAndEndpointsHaveNoEgress() {
        Template t = BY_ZONES.get(2);
        t.resourcePropertiesCountIs("AWS::EC2::SecurityGroupIngress", Map.of("CidrIp", "0.0.0.0/0"), 0);
        t.hasResourceProperties("AWS::EC2::SecurityGroup", Map.of(
                "GroupDescription", Match.stringLikeRegexp("Interface endpoints.*"),
                "SecurityGroupEgress", List.of(Match.objectLike(Map.of("CidrIp", "255.255.255.255/32")))));
        t.hasResourceProperties("AWS::EC2::SecurityGroupIngress", Map.of("FromPort", 443, "ToPort", 443,
                "SourceSecurityGroupId", Match.anyValue()));
    }

    @Test
    void flowLogsCoverAllTrafficOfTheVpc() {
        BY_ZONES.get(1).hasResourceProperties("AWS::EC2::FlowLog", Map.of("ResourceType", "VPC", "TrafficType", "ALL",
                "LogDestinationType", "cloud-watch-logs"));
    }

    @Test
    void endpointLookupMayOnlyDescribeTheFirewall() {
        Template t = BY_ZONES.get(2);
        String function = resources(t, "AWS::Lambda::Function").keySet().stream()
                .filter(id -> id.startsWith("FirewallEndpointLookup")).findFirst().orElseThrow();
        String role = getAtt(properties(resources(t, "AWS::Lambda::Function").get(function)).get("Role")).get(0).toString();
        Map<String, Object> roleProps = properties(resources(t, "AWS::IAM::Role").get(role));
        List<String> actions = list(roleProps.get("Policies")).stream()
                .flatMap(p -> list(map(map(p).get("PolicyDocument")).get("Statement")).stream())
                .flatMap(s -> map(s).get("Action") instanceof List<?> l ? l.stream().map(Object::toString) : Stream.of(map(s).get("Action").toString()))
                .toList();
        assertThat(actions).containsExactlyInAnyOrder("network-firewall:DescribeFirewall", "logs:CreateLogStream", "logs:PutLogEvents");
        assertThat(roleProps).doesNotContainKey("ManagedPolicyArns");
    }

    @Test
    void capacityAboveTheServiceCeilingIsRefusedAtSynth() {
        assertThatThrownBy(() -> NetworkSettings.defaults().withRuleGroupCapacity(30_001))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("30000");
        assertThat(NetworkSettings.defaults().withRuleGroupCapacity(30_000).ruleGroupCapacity()).isEqualTo(30_000);
    }

    @Test
    void capacityTooSmallForTheBaselineIsRefused() {
        assertThatThrownBy(() -> NetworkSettings.defaults().withRuleGroupCapacity(5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("baseline of 2 domains needs 6");
    }

    @Test
    void zoneCountOutsideOneToThreeIsRefused() {
        assertThatThrownBy(() -> NetworkSettings.defaults().withZoneCount(4)).hasMessageContaining("1, 2 or 3");
        assertThatThrownBy(() -> NetworkSettings.defaults().withZoneCount(0)).hasMessageContaining("1, 2 or 3");
    }

    /** The internet gateway's route table, or null where there is none. */
    private static String edgeTable(Template t) {
        return resources(t, "AWS::EC2::GatewayRouteTableAssociation").values().stream()
                .map(a -> ref(properties(a).get("RouteTableId"))).findFirst().orElse(null);
    }

    /**
     * Every route as {@code "<table> <destination> -> <target>"}, with tables and subnet blocks named by
     * kind and zone number ({@code sagemaker1}, {@code nat2}, {@code firewall1}, {@code edge}) and targets
     * by kind and the zone number of what they point at ({@code nat1}, {@code firewall1}, {@code internet}).
     */
    private static List<String> describeRoutes(Template t) {
        Map<String, String> tables = tableNames(t);
        Map<String, String> blocks = subnetNamesByCidr(t);
        Map<String, String> nats = new HashMap<>();
        Map<String, String> subnetNames = subnetNames(t);
        resources(t, "AWS::EC2::NatGateway").forEach((id, n) -> nats.put(id,
                "nat" + subnetNames.get(ref(properties(n).get("SubnetId"))).replaceAll("\\D", "")));
        Map<String, Integer> endpointZone = firewallEndpointZones(t, subnetZones(t));
        return resources(t, "AWS::EC2::Route").values().stream().map(Templates::properties).map(p -> {
            String destination = (String) p.get("DestinationCidrBlock");
            String target = p.containsKey("NatGatewayId") ? nats.get(ref(p.get("NatGatewayId")))
                    : p.containsKey("VpcEndpointId")
                    ? "firewall" + (endpointZone.get(getAtt(p.get("VpcEndpointId")).get(1).toString()) + 1)
                    : ref(p.get("GatewayId")).startsWith("NetworkInternetGateway") ? "internet" : "?";
            return tables.get(ref(p.get("RouteTableId"))) + " " + blocks.getOrDefault(destination, destination)
                    + " -> " + target;
        }).toList();
    }

    /** Route table logical id → the kind and zone number of its subnet, or {@code edge}. */
    private static Map<String, String> tableNames(Template t) {
        Map<String, String> subnetNames = subnetNames(t);
        Map<String, String> tables = new HashMap<>();
        resources(t, "AWS::EC2::SubnetRouteTableAssociation").values().forEach(a -> tables.put(
                ref(properties(a).get("RouteTableId")), subnetNames.get(ref(properties(a).get("SubnetId")))));
        String edge = edgeTable(t);
        if (edge != null) {
            tables.put(edge, "edge");
        }
        return tables;
    }

    /** Subnet logical id → {@code sagemaker1}, {@code nat1}, {@code firewall1}, … by its zone (1-based). */
    private static Map<String, String> subnetNames(Template t) {
        Map<String, Integer> zones = subnetZones(t);
        return zones.keySet().stream().collect(Collectors.toMap(id -> id, id -> {
            String kind = id.startsWith("NetworkSageMakerSubnet") ? "sagemaker"
                    : id.startsWith("NetworkNatSubnet") ? "nat" : id.startsWith("NetworkFirewallSubnet") ? "firewall" : "?";
            return kind + (zones.get(id) + 1);
        }));
    }

    private static Map<String, String> subnetNamesByCidr(Template t) {
        Map<String, String> names = subnetNames(t);
        return resources(t, "AWS::EC2::Subnet").entrySet().stream().collect(Collectors.toMap(
                e -> (String) properties(e.getValue()).get("CidrBlock"), e -> names.get(e.getKey())));
    }

    private static List<String> subnetCidrs(Template t, String logicalIdPrefix) {
        return resources(t, "AWS::EC2::Subnet").entrySet().stream().filter(e -> e.getKey().startsWith(logicalIdPrefix))
                .map(e -> (String) properties(e.getValue()).get("CidrBlock")).toList();
    }

    /** {@code "<table> <destination>"} → the logical id of the route that fills it. */
    private static Map<String, String> routeIdsBySlot(Template t) {
        Map<String, String> tables = tableNames(t);
        Map<String, String> blocks = subnetNamesByCidr(t);
        return resources(t, "AWS::EC2::Route").entrySet().stream().collect(Collectors.toMap(e -> {
            Map<String, Object> p = properties(e.getValue());
            String destination = (String) p.get("DestinationCidrBlock");
            return tables.get(ref(p.get("RouteTableId"))) + " " + blocks.getOrDefault(destination, destination);
        }, Map.Entry::getKey));
    }

    /** Subnet logical id → zone index, read from {@code Fn::Select [i, Fn::GetAZs]}. */
    static Map<String, Integer> subnetZones(Template t) {
        return resources(t, "AWS::EC2::Subnet").entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> ((Number) list(map(properties(e.getValue()).get("AvailabilityZone")).get("Fn::Select")).get(0)).intValue()));
    }

    /** {@code EndpointId<i>} → zone of the i-th subnet passed to the lookup. */
    private static Map<String, Integer> firewallEndpointZones(Template t, Map<String, Integer> subnetZone) {
        Map<String, Object> lookup = properties(resources(t, "Custom::FirewallEndpoints").values().iterator().next());
        List<Object> subnets = list(lookup.get("SubnetIds"));
        Map<String, Integer> zones = new HashMap<>();
        for (int i = 0; i < subnets.size(); i++) {
            zones.put("EndpointId" + i, subnetZone.get(ref(subnets.get(i))));
        }
        return zones;
    }

    private static String logicalId(Template t, String type) {
        return resources(t, type).keySet().iterator().next();
    }

    /** A {@code Fn::Join} of strings and {@code AWS::Region} rendered as text. */
    private static String joined(Object value) {
        if (value instanceof String s) {
            return s;
        }
        List<Object> join = list(map(value).get("Fn::Join"));
        return list(join.get(1)).stream()
                .map(part -> part instanceof String s ? s : "AWS::Region".equals(ref(part)) ? "{region}" : "?")
                .collect(Collectors.joining(join.get(0).toString()));
    }
}
