package io.egressallowlist.infra;

import static io.egressallowlist.infra.ControlPlaneStackTest.actions;
import static io.egressallowlist.infra.ControlPlaneStackTest.environment;
import static io.egressallowlist.infra.ControlPlaneStackTest.function;
import static io.egressallowlist.infra.ControlPlaneStackTest.resourcesOf;
import static io.egressallowlist.infra.Templates.list;
import static io.egressallowlist.infra.Templates.map;
import static io.egressallowlist.infra.Templates.properties;
import static io.egressallowlist.infra.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.egressallowlist.infra.common.FunctionEnvironmentLimit;
import io.egressallowlist.infra.config.NetworkSettings;
import io.egressallowlist.infra.controlplane.ApprovalPolicyLayer;
import io.egressallowlist.infra.controlplane.ScopesFileLayer;
import io.egressallowlist.shared.config.EnvKey;
import io.egressallowlist.shared.events.FunctionNames;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Template;

/**
 * With scopes, the control plane writes exactly the scopes' rule groups (one writer per scope), is told where the
 * scopes file is, and ships it with every scope's policy; the Studio stack has a domain per team scope that asks for
 * one, in that scope's subnets.
 */
class ScopesControlPlaneTest {

    private static TestStacks stacks;
    private static Template cp;

    @BeforeAll
    static void synth() {
        stacks = TestStacks.synth(NetworkSettings.defaults(), ScopeFixtures.twoTeamsAndGlobal());
        cp = stacks.controlPlane;
    }

    static List<String> functions() {
        return FunctionNames.ALL;
    }

    /** The rule group name at the end of an ARN the template joins from the partition, Region and account. */
    static String ruleGroupNameOf(Object arn) {
        String text = String.valueOf(arn);
        int at = text.lastIndexOf("stateful-rulegroup/");
        return at < 0 ? text : text.substring(at + "stateful-rulegroup/".length()).replaceAll("[\\]}\"]+$", "");
    }

    @Test
    void firewallSyncMayUpdateExactlyTheScopesRuleGroupsAndNothingElseMay() {
        ControlPlaneStackTest.statementsByFunction(cp).forEach((function, statements) -> {
            List<Map<String, Object>> updates = statements.stream()
                    .filter(s -> actions(s).contains("network-firewall:UpdateRuleGroup")).toList();
            if (!function.equals(FunctionNames.FIREWALL_SYNC)) {
                assertThat(updates).as(function).isEmpty();
                return;
            }
            assertThat(updates).singleElement().satisfies(s -> assertThat(resourcesOf(s).stream()
                    .map(ScopesControlPlaneTest::ruleGroupNameOf).toList()).containsExactlyInAnyOrder(
                    "Test-Network-scope-global", "Test-Network-scope-research", "Test-Network-scope-risk",
                    "Test-Network-scope-partner"));
        });
    }

    @Test
    void firewallSyncRunsAtMostOnceAtATimePerScopeAndNoOtherFunctionReservesAny() {
        assertThat(function(cp, FunctionNames.FIREWALL_SYNC)).containsEntry("ReservedConcurrentExecutions", 4);
        FunctionNames.ALL.stream().filter(name -> !name.equals(FunctionNames.FIREWALL_SYNC)).forEach(name ->
                assertThat(function(cp, name)).as(name).doesNotContainKey("ReservedConcurrentExecutions"));
        assertThat(function(TestStacks.synth(1).controlPlane, FunctionNames.FIREWALL_SYNC))
                .doesNotContainKey("ReservedConcurrentExecutions");
    }

    @ParameterizedTest
    @MethodSource("functions")
    void everyFunctionReadingThePolicyIsToldWhereTheScopesFileIsAndHasItsLayer(String name) {
        Map<String, Object> function = function(cp, name);
        assertThat(environment(function)).containsEntry(EnvKey.SCOPES_FILE.name(), ScopesFileLayer.MOUNTED_PATH)
                .containsEntry(EnvKey.POLICY_FILE.name(), ApprovalPolicyLayer.MOUNTED_PATH);
        assertThat(list(function.get("Layers"))).hasSize(2);
        assertThat(String.valueOf(function.get("Layers"))).contains("ScopesLayerVersion");
        assertThat(ScopesFileLayer.MOUNTED_PATH).startsWith("/opt/egress-allowlist/");
    }

    @Test
    void theScopesFileNamesEachScopesGroupCapacityDomainsModeAndPolicyInDeclarationOrder() {
        Map<String, Object> layer = properties(resources(cp, "Custom::ScopesLayer").values().iterator().next());
        String text = flatten(map(layer.get("Files")).get("egress-allowlist/scopes.txt"));
        assertThat(text.indexOf("scope global")).isLessThan(text.indexOf("scope research"));
        assertThat(text.indexOf("scope research")).isLessThan(text.indexOf("scope risk"));
        assertThat(text.indexOf("scope risk")).isLessThan(text.indexOf("scope partner"));
        assertThat(text).contains("""
                scope risk
                rule-group     = arn:{AWS::Partition}:network-firewall:{AWS::Region}:{AWS::AccountId}:stateful-rulegroup/Test-Network-scope-risk
                capacity       = 2000
                studio-domains = {SsmParameterValueTestStudioscopesriskdomainid""").contains("""
                mode           = learn
                policy         = scopes/risk.policy
                """).contains("""
                studio-domains = d-partner12345
                policy         = scopes/partner.policy
                """).contains("""
                scope global
                rule-group     = arn:{AWS::Partition}:network-firewall:{AWS::Region}:{AWS::AccountId}:stateful-rulegroup/Test-Network-scope-global
                capacity       = 1000
                policy         = scopes/global.policy
                """);
        assertThat(layer).containsEntry("CompatibleRuntimes", List.of("java21"))
                .containsEntry("CompatibleArchitectures", List.of("arm64"));
    }

    @Test
    void thePublisherMayPublishOnlyTheScopesLayer() {
        List<Map<String, Object>> statements = resources(cp, "AWS::IAM::Role").entrySet().stream()
                .filter(e -> e.getKey().startsWith("ScopesPublisherRole"))
                .flatMap(e -> list(properties(e.getValue()).get("Policies")).stream())
                .flatMap(p -> list(map(map(p).get("PolicyDocument")).get("Statement")).stream()).map(Templates::map)
                .filter(s -> String.valueOf(s.get("Action")).contains("lambda:")).toList();
        assertThat(statements).singleElement().satisfies(s -> {
            assertThat(s.get("Action")).isEqualTo("lambda:PublishLayerVersion");
            assertThat(String.valueOf(s.get("Resource"))).endsWith(":layer:Test-ControlPlane-scopes]]}");
        });
    }

    @Test
    void thePolicyLayerHoldsEveryScopesPolicyBesideTheScopesFile() throws IOException {
        Map<String, Object> layer = properties(resources(cp, "AWS::Lambda::LayerVersion").entrySet().stream()
                .filter(e -> e.getKey().startsWith("ApprovalPolicyLayer")).findFirst().orElseThrow().getValue());
        String assetHash = map(layer.get("Content")).get("S3Key").toString().replace(".zip", "");
        Path outdir = Path.of(((App) stacks.stacks.controlPlane().getNode().getRoot()).getOutdir());
        Path directory = outdir.resolve("asset." + assetHash).resolve("egress-allowlist");
        for (String scope : List.of("global", "research", "risk", "partner")) {
            assertThat(Files.readString(directory.resolve(ApprovalPolicyLayer.scopePolicyPath(scope)),
                    StandardCharsets.UTF_8)).as(scope).isEqualTo(TestStacks.POLICY);
        }
    }

    /**
     * The guard and the attribution cover every scope's domains and subnets, which the scopes file names: in the
     * variables they outgrow Lambda's 4 KB; every SageMaker subnet is a team scope's, so none stays in the variables.
     */
    @Test
    void theGuardAndAttributionCoverEveryScopesDomainsAndSubnets() {
        Map<String, Object> layer = properties(resources(cp, "Custom::ScopesLayer").values().iterator().next());
        String text = flatten(map(layer.get("Files")).get("egress-allowlist/scopes.txt"));
        assertThat(text).contains("studio-domains = d-partner12345").contains("TestStudioscopesresearchdomainid")
                .contains("TestStudioscopesriskdomainid");
        for (String team : List.of("research", "risk", "partner")) {
            String block = text.substring(text.indexOf("scope " + team + "\n"));
            String subnets = block.substring(block.indexOf("studio-subnets = "), block.indexOf('\n',
                    block.indexOf("studio-subnets = ")));
            // One subnet per zone, each an element of the scope's own subnet list.
            assertThat(subnets.split(", \\{Fn::Select")).as(team).hasSize(2);
            assertThat(subnets).as(team).contains("Fn::Select=[0, {Ref=SsmParameterValueTestNetworkscopes" + team
                    + "subnetids").contains("Fn::Select=[1, {Ref=SsmParameterValueTestNetworkscopes" + team + "subnetids");
        }
        assertThat(text.substring(text.indexOf("scope global"), text.indexOf("scope research")))
                .doesNotContain("studio-subnets");

        Map<String, Object> guard = environment(function(cp, FunctionNames.STUDIO_GUARD));
        // With scopes every SageMaker subnet is a team scope's: the file names them all.
        assertThat(guard).doesNotContainKeys(EnvKey.STUDIO_DOMAIN_IDS.name(), EnvKey.PROTECTED_SUBNET_IDS.name());
        assertThat(environment(function(cp, FunctionNames.ALERT_INGEST))).doesNotContainKey(EnvKey.STUDIO_SUBNETS.name());
        assertThat(environment(function(cp, FunctionNames.REQUEST_API))).doesNotContainKey(EnvKey.STUDIO_DOMAIN_IDS.name());
        assertThat(cp.toJSON().get("Parameters").toString()).contains("/Test-Network/scopes/partner/subnet-ids")
                .contains("AWS::SSM::Parameter::Value<List<AWS::EC2::Subnet::Id>>");
    }

    @Test
    void everyFunctionLeavesRoomInItsEnvironmentWithScopes() {
        for (Template template : List.of(stacks.network, stacks.studio, cp)) {
            resources(template, "AWS::Lambda::Function").forEach((id, function) -> {
                Object environment = properties(function).get("Environment");
                Map<?, ?> variables = environment == null ? Map.of() : map(map(environment).get("Variables"));
                assertThat(FunctionEnvironmentLimit.size(variables, parameterTypes(template))).as(id)
                        .isLessThanOrEqualTo(FunctionEnvironmentLimit.LIMIT_BYTES - 1024);
            });
        }
    }

    @Test
    void theStudioStackCreatesADomainPerTeamScopeThatAsksForOneInThatScopesSubnets() {
        Map<String, Map<String, Object>> domains = resources(stacks.studio, "AWS::SageMaker::Domain");
        assertThat(domains).hasSize(2);
        domains.values().stream().map(Templates::properties).forEach(domain -> {
            assertThat(domain).containsEntry("AppNetworkAccessType", "VpcOnly");
            String name = String.valueOf(domain.get("DomainName"));
            String scope = name.substring(name.lastIndexOf('-') + 1);
            assertThat(scope).isIn("research", "risk");
            List<String> subnets = list(domain.get("SubnetIds")).stream()
                    .map(s -> Templates.sharedName(stacks.studio, s)).toList();
            assertThat(subnets).containsExactly("/Test-Network/scopes/" + scope + "/subnet-ids[0]",
                    "/Test-Network/scopes/" + scope + "/subnet-ids[1]");
        });
        assertThat(resources(stacks.studio, "AWS::SageMaker::UserProfile")).hasSize(2);
        // One execution role per created domain, each allowed to start jobs only in its scope's subnets.
        assertThat(resources(stacks.studio, "AWS::IAM::Role").keySet().stream()
                .filter(id -> id.startsWith("ExecutionRole"))).hasSize(2);
        assertThat(stacks.studio.toJSON().toString()).doesNotContain(ScopeFixtures.ADOPTED_DOMAIN);
    }

    /** A value's text with each reference as {@code {logical id}}: what CloudFormation joins at deploy. */
    static String flatten(Object value) {
        if (value instanceof Map<?, ?> intrinsic && intrinsic.get("Fn::Join") instanceof List<?> join) {
            StringBuilder text = new StringBuilder();
            List<?> parts = (List<?>) join.get(1);
            for (int i = 0; i < parts.size(); i++) {
                text.append(i == 0 ? "" : join.get(0)).append(flatten(parts.get(i)));
            }
            return text.toString();
        }
        if (value instanceof Map<?, ?> intrinsic && intrinsic.get("Ref") != null) {
            return "{" + intrinsic.get("Ref") + "}";
        }
        return String.valueOf(value);
    }

    /** A consumer reads a parameter only a producing stack publishes: a key mistyped would fail the deploy. */
    @Test
    void everyParameterTheStudioAndControlPlaneStacksReadIsOneTheirProducersPublish() {
        List<String> published = Stream.of(stacks.network, stacks.studio)
                .flatMap(t -> resources(t, "AWS::SSM::Parameter").values().stream())
                .map(r -> String.valueOf(properties(r).get("Name"))).toList();
        for (Template consumer : List.of(stacks.studio, cp)) {
            List<String> read = map(consumer.toJSON().getOrDefault("Parameters", Map.of())).values().stream()
                    .map(Templates::map)
                    .filter(p -> String.valueOf(p.get("Type")).startsWith("AWS::SSM::Parameter::Value<"))
                    .map(p -> String.valueOf(p.get("Default")))
                    // The CDK bootstrap's version, which the bootstrap stack publishes.
                    .filter(name -> !name.startsWith("/cdk-bootstrap/")).toList();
            assertThat(read).isNotEmpty();
            assertThat(published).containsAll(read);
        }
        assertThat(cp.toJSON().toString()).doesNotContain("Fn::ImportValue");
    }

    @Test
    void describingTheRuleGroupsIsAllowedOnExactlyTheScopesGroupsAndTheGroupWriterTouchesOnlyThem() {
        List<String> scopeGroups = List.of("Test-Network-scope-global", "Test-Network-scope-research",
                "Test-Network-scope-risk", "Test-Network-scope-partner");
        ControlPlaneStackTest.statementsByFunction(cp).forEach((function, statements) -> statements.stream()
                .filter(s -> actions(s).contains("network-firewall:DescribeRuleGroup"))
                .forEach(s -> assertThat(resourcesOf(s).stream().map(ScopesControlPlaneTest::ruleGroupNameOf).toList())
                        .as(function).containsExactlyInAnyOrderElementsOf(scopeGroups)));
        List<Object> writer = resources(stacks.network, "AWS::IAM::Role").entrySet().stream()
                .filter(e -> e.getKey().startsWith("EgressFirewallAllowListWriterRole"))
                .flatMap(e -> list(properties(e.getValue()).get("Policies")).stream())
                .flatMap(p -> list(map(map(p).get("PolicyDocument")).get("Statement")).stream()).map(Templates::map)
                .filter(s -> String.valueOf(s.get("Action")).contains("network-firewall:"))
                .flatMap(s -> resourcesOf(s).stream()).toList();
        assertThat(writer.stream().map(ScopesControlPlaneTest::ruleGroupNameOf).toList())
                .containsExactlyInAnyOrderElementsOf(scopeGroups);
    }

    @Test
    void eachCreatedDomainsExecutionRoleStartsJobsOnlyInItsScopesSubnets() {
        resources(stacks.studio, "AWS::IAM::Role").entrySet().stream().filter(e -> e.getKey().startsWith("ExecutionRole"))
                .forEach(e -> {
                    String scope = e.getKey().startsWith("ExecutionRolerisk") ? "risk" : "research";
                    String text = String.valueOf(e.getValue()) + resources(stacks.studio, "AWS::IAM::Policy").values();
                    String role = String.valueOf(properties(e.getValue()));
                    assertThat(e.getKey()).matches("ExecutionRole(research|risk).*");
                    assertThat(text).contains("scopes" + scope + "subnetids");
                    assertThat(role).doesNotContain("scopes" + (scope.equals("risk") ? "research" : "risk") + "subnetids");
                });
    }

    static Map<String, String> parameterTypes(Template template) {
        Map<String, Object> parameters = map(template.toJSON().getOrDefault("Parameters", Map.of()));
        Map<String, String> types = new java.util.HashMap<>();
        parameters.forEach((id, p) -> types.put(id, String.valueOf(map(p).get("Type"))));
        return types;
    }
}
