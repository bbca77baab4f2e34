package io.egressallowlist.infra;

import static io.egressallowlist.infra.Templates.list;
import static io.egressallowlist.infra.Templates.map;
import static io.egressallowlist.infra.Templates.properties;
import static io.egressallowlist.infra.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.egressallowlist.infra.config.ContextValues;
import io.egressallowlist.infra.config.NetworkSettings;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The firewall's protections: on in steady state, off through one switch for a teardown or a zone change,
 * and never in the way of rolling back a failed first deploy.
 */
class FirewallProtectionTest {

    private static Template protectedNetwork;
    private static Template unprotectedNetwork;

    @BeforeAll
    static void synth() {
        protectedNetwork = TestStacks.synth(2).network;
        unprotectedNetwork = TestStacks.synth(NetworkSettings.defaults().withFirewallProtection(false), false).network;
    }

    @Test
    void protectionsAreOnByDefaultAndTheSwitchTurnsAllThreeOff() {
        assertThat(protections(protectedNetwork)).containsOnly(true);
        assertThat(protections(unprotectedNetwork)).containsOnly(false);
        assertThat(NetworkSettings.defaults().firewallProtection()).isTrue();
    }

    @Test
    void theSwitchIsReadFromContextAsTheCommandLineGivesIt() {
        App app = new App(AppProps.builder().context(Map.of("firewallProtection", "false")).build());
        assertThat(NetworkSettings.from(new ContextValues(app.getNode())).firewallProtection()).isFalse();
        assertThat(NetworkSettings.from(new ContextValues(new App().getNode())).firewallProtection()).isTrue();
    }

    @Test
    void aRollbackGuardThatDependsOnTheFirewallIsDeletedBeforeIt() {
        String firewall = resources(protectedNetwork, "AWS::NetworkFirewall::Firewall").keySet().iterator().next();
        Map<String, Map<String, Object>> guards = resources(protectedNetwork, "Custom::FirewallRollbackGuard");
        assertThat(guards).hasSize(1);
        // A reference is a dependency: CloudFormation deletes the guard, and so runs its Delete, before the firewall.
        assertThat(properties(guards.values().iterator().next()).get("FirewallArn"))
                .isEqualTo(Map.of("Fn::GetAtt", List.of(firewall, "FirewallArn")));
    }

    @Test
    void theGuardMayOnlyUnprotectThisFirewallAndReadThisStack() {
        Map<String, Object> role = resources(protectedNetwork, "AWS::IAM::Role").entrySet().stream()
                .filter(e -> e.getKey().startsWith("EgressFirewallRollbackGuardRole")).map(Map.Entry::getValue)
                .findFirst().orElseThrow();
        List<Map<String, Object>> statements = list(properties(role).get("Policies")).stream()
                .flatMap(p -> list(map(map(p).get("PolicyDocument")).get("Statement")).stream()).map(Templates::map)
                .filter(s -> s.containsKey("Sid")).toList();
        assertThat(statements).extracting(s -> s.get("Sid")).containsExactlyInAnyOrder("UnprotectThisFirewall", "ReadThisStacksStatus");
        statements.forEach(s -> {
            if ("ReadThisStacksStatus".equals(s.get("Sid"))) {
                assertThat(s).containsEntry("Action", "cloudformation:DescribeStacks")
                        .containsEntry("Resource", Map.of("Ref", "AWS::StackId"));
            } else {
                assertThat(String.valueOf(s.get("Resource"))).contains("FirewallArn");
                assertThat(list(s.get("Action"))).allSatisfy(a -> assertThat(String.valueOf(a))
                        .matches("network-firewall:(DescribeFirewall|Update(FirewallDelete|FirewallPolicyChange|SubnetChange)Protection)"));
            }
        });
    }

    private static List<Object> protections(Template t) {
        Map<String, Object> firewall = properties(resources(t, "AWS::NetworkFirewall::Firewall").values().iterator().next());
        return List.of(firewall.get("DeleteProtection"), firewall.get("FirewallPolicyChangeProtection"),
                firewall.get("SubnetChangeProtection"));
    }
}
