package io.egressallowlist.infra;

import static io.egressallowlist.infra.Templates.list;
import static io.egressallowlist.infra.Templates.map;
import static io.egressallowlist.infra.Templates.properties;
import static io.egressallowlist.infra.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.infra.config.NetworkSettings;
import io.egressallowlist.infra.config.ScopeSettings;
import io.egressallowlist.shared.domain.RuleGroupForm;
import io.egressallowlist.shared.domain.RuleGroupGateway.LiveRuleGroup;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.firewall.NetworkFirewallRuleGroup;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.IPSet;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroupType;
import software.amazon.awssdk.services.networkfirewall.model.RulesSource;
import software.amazon.awssdk.services.networkfirewall.model.RulesSourceList;
import software.amazon.awssdk.services.networkfirewall.model.RuleVariables;
import software.amazon.awssdk.services.networkfirewall.model.StatefulRuleOptions;

/**
 * What the network stack creates each scope's group with is what firewall-sync reads back as entries and a mode, not
 * as drift: each group of the synthesized template is created on the Network Firewall emulator as the custom resource
 * creates it, then described through the firewall adapter in the scope's form.
 */
class ScopeRulesReadBackTest {

    private static AwsJsonServer server;
    private static NetworkFirewallClient client;

    @BeforeAll
    static void start() throws IOException {
        server = AwsJsonServer.start(0, new NetworkFirewallEmulator());
        client = NetworkFirewallClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void withGlobalTheBaselineIsGlobalsPassRulesAndEveryTeamStartsEmptyInItsMode() {
        Map<String, LiveRuleGroup> live = createdAndDescribed(ScopeFixtures.twoTeamsAndGlobal());
        assertThat(live.get("global")).satisfies(g -> {
            assertThat(g.recognised()).isTrue();
            assertThat(g.targets()).containsExactlyElementsOf(NetworkSettings.DEFAULT_BASELINE);
            assertThat(g.mode()).isEqualTo(ScopeMode.ENFORCE);
        });
        assertThat(live.get("research").targets()).isEmpty();
        assertThat(live.get("research").mode()).isEqualTo(ScopeMode.ENFORCE);
        assertThat(live.get("risk").recognised()).isTrue();
        assertThat(live.get("risk").targets()).isEmpty();
        assertThat(live.get("risk").mode()).isEqualTo(ScopeMode.LEARN);
    }

    @Test
    void withoutGlobalEachTeamStartsWithTheBaselineInItsModeAndAnEmptyGlobalPassesNothing() {
        Map<String, LiveRuleGroup> live = createdAndDescribed(new ScopeSettings(List.of(
                ScopeFixtures.team("research", "create", ScopeFixtures.RESEARCH, false),
                ScopeFixtures.team("risk", "create", ScopeFixtures.RISK, true)), 50));
        for (String team : List.of("research", "risk")) {
            assertThat(live.get(team).recognised()).as(team).isTrue();
            assertThat(live.get(team).targets()).as(team).containsExactlyElementsOf(NetworkSettings.DEFAULT_BASELINE);
        }
        assertThat(live.get("risk").mode()).isEqualTo(ScopeMode.LEARN);

        Map<String, LiveRuleGroup> emptyGlobal = createdAndDescribed(new ScopeSettings(List.of(ScopeFixtures.global(),
                ScopeFixtures.team("research", "create", ScopeFixtures.RESEARCH, false)), 50),
                NetworkSettings.defaults().withBaseline(List.of()));
        assertThat(emptyGlobal.get("global").recognised()).isTrue();
        assertThat(emptyGlobal.get("global").targets()).isEmpty();
    }

    private static Map<String, LiveRuleGroup> createdAndDescribed(ScopeSettings scopes) {
        return createdAndDescribed(scopes, NetworkSettings.defaults());
    }

    /** Scope name → the group as the adapter describes it, after creating each as allowlist_rule_group.py does. */
    private static Map<String, LiveRuleGroup> createdAndDescribed(ScopeSettings scopes, NetworkSettings network) {
        String run = "r" + System.nanoTime();
        Map<String, LiveRuleGroup> described = new java.util.LinkedHashMap<>();
        resources(TestStacks.synth(network, scopes).network, "Custom::AllowListRuleGroup").values().forEach(resource -> {
            Map<String, Object> p = properties(resource);
            String name = String.valueOf(p.get("RuleGroupName"));
            String scope = name.substring(name.lastIndexOf('-') + 1);
            Map<String, Object> group = map(p.get("RuleGroup"));
            Map<String, Object> source = map(group.get("RulesSource"));
            List<String> homeNet = list(map(map(map(group.get("RuleVariables")).get("IPSets")).get("HOME_NET"))
                    .get("Definition")).stream().map(String::valueOf).toList();
            String arn = client.createRuleGroup(r -> r.ruleGroupName(run + "-" + scope).type(RuleGroupType.STATEFUL)
                    .capacity((Integer) p.get("Capacity"))
                    .ruleGroup(g -> g.ruleVariables(RuleVariables.builder()
                                    .ipSets(Map.of("HOME_NET", IPSet.builder().definition(homeNet).build())).build())
                            .rulesSource(rulesSource(source))
                            .statefulRuleOptions(StatefulRuleOptions.builder().ruleOrder("STRICT_ORDER").build())))
                    .ruleGroupResponse().ruleGroupArn();
            RuleGroupForm form = scope.equals(ScopeSettings.GLOBAL) ? RuleGroupForm.PASS_RULES : RuleGroupForm.DOMAIN_LIST;
            described.put(scope, new NetworkFirewallRuleGroup(client, arn, form).describe());
        });
        return described;
    }

    private static RulesSource rulesSource(Map<String, Object> source) {
        Optional<Object> rules = Optional.ofNullable(source.get("RulesString"));
        if (rules.isPresent()) {
            return RulesSource.builder().rulesString(String.valueOf(rules.get())).build();
        }
        Map<String, Object> list = map(source.get("RulesSourceList"));
        return RulesSource.builder().rulesSourceList(RulesSourceList.builder()
                .generatedRulesType(String.valueOf(list.get("GeneratedRulesType")))
                .targetTypesWithStrings(list(list.get("TargetTypes")).stream().map(String::valueOf).toList())
                .targets(list(list.get("Targets")).stream().map(String::valueOf).toList()).build()).build();
    }
}
