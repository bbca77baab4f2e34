package io.egressallowlist.shared.firewall;

import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.networkfirewall.Flow;
import io.egressallowlist.emulators.networkfirewall.FlowVerdict;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.shared.domain.RuleGroupForm;
import io.egressallowlist.shared.domain.RuleGroupGateway.LiveRuleGroup;
import io.egressallowlist.shared.domain.ScopeMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.DescribeRuleGroupResponse;
import software.amazon.awssdk.services.networkfirewall.model.GeneratedRulesType;
import software.amazon.awssdk.services.networkfirewall.model.IPSet;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroup;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroupType;
import software.amazon.awssdk.services.networkfirewall.model.RuleOrder;
import software.amazon.awssdk.services.networkfirewall.model.StatefulRuleGroupReference;
import software.amazon.awssdk.services.networkfirewall.model.TargetType;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scopes' rule group forms on the Network Firewall emulator, as the firewall decides with them: the
 * organisation-wide pass rules at priority 10 for every workload, then each team's domain list, or its learning
 * rules, for its own subnets (strict order, as the network stack builds the policy).
 */
class RuleGroupFormsTest {

    private static final String FIREWALL = "fw";
    private static final String TEAM_A_HOST = "10.0.1.23";
    private static final String TEAM_B_HOST = "10.0.2.40";

    private final NetworkFirewallEmulator emulator = new NetworkFirewallEmulator();
    private AwsJsonServer server;
    private NetworkFirewallClient client;
    private NetworkFirewallRuleGroup global;
    private NetworkFirewallRuleGroup teamA;
    private NetworkFirewallRuleGroup teamB;
    private String teamAArn;

    @BeforeEach
    void setUp() throws IOException {
        server = AwsJsonServer.start(0, emulator);
        client = NetworkFirewallClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        String globalArn = create("egress-global", "10.0.0.0/16", RuleGroup.builder().rulesSource(s -> s.rulesString("")));
        teamAArn = create("egress-team-a", "10.0.1.0/24", domainList(List.of("huggingface.co")));
        String teamBArn = create("egress-team-b", "10.0.2.0/24", domainList(List.of(".github.com")));
        String policy = client.createFirewallPolicy(r -> r.firewallPolicyName("policy").firewallPolicy(p -> p
                .statelessDefaultActions("aws:forward_to_sfe").statelessFragmentDefaultActions("aws:forward_to_sfe")
                .statefulEngineOptions(e -> e.ruleOrder(RuleOrder.STRICT_ORDER))
                .statefulDefaultActions("aws:drop_established", "aws:alert_established")
                .statefulRuleGroupReferences(reference(globalArn, 10), reference(teamAArn, 100), reference(teamBArn, 110))))
                .firewallPolicyResponse().firewallPolicyArn();
        client.createFirewall(r -> r.firewallName(FIREWALL).firewallPolicyArn(policy).vpcId("vpc-0abc")
                .subnetMappings(m -> m.subnetId("subnet-0abc")));
        global = new NetworkFirewallRuleGroup(client, globalArn, RuleGroupForm.PASS_RULES);
        teamA = new NetworkFirewallRuleGroup(client, teamAArn, RuleGroupForm.DOMAIN_LIST);
        teamB = new NetworkFirewallRuleGroup(client, teamBArn);
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "10.0.1.23, huggingface.co, PASS", "10.0.1.23, api.github.com, DROP", "10.0.1.23, files.pypi.org, PASS",
            "10.0.2.40, huggingface.co, DROP", "10.0.2.40, api.github.com, PASS", "10.0.2.40, pypi.org, PASS",
            "10.0.1.23, example.net, DROP"})
    void anEntryOfTheOrganisationWideScopePassesForEveryTeamAndATeamsEntryOnlyForItself(String source, String host,
                                                                                       FlowVerdict expected) {
        global.replace(global.describe().updateToken(), List.of(".pypi.org"), ScopeMode.ENFORCE);

        assertThat(emulator.verdict(FIREWALL, source, Flow.Protocol.TLS, host)).isEqualTo(expected);
        assertThat(emulator.verdict(FIREWALL, source, Flow.Protocol.HTTP, host)).isEqualTo(expected);
    }

    @Test
    void aLearningTeamPassesEverythingAlertingOnWhatItsListLacksWhileTheOtherTeamStillEnforces() {
        teamA.replace(teamA.describe().updateToken(), List.of("huggingface.co"), ScopeMode.LEARN);

        assertThat(emulator.verdict(FIREWALL, TEAM_A_HOST, Flow.Protocol.TLS, "huggingface.co")).isEqualTo(FlowVerdict.PASS);
        assertThat(emulator.verdict(FIREWALL, TEAM_A_HOST, Flow.Protocol.TLS, "example.net")).isEqualTo(FlowVerdict.ALERT_PASS);
        assertThat(emulator.verdict(FIREWALL, TEAM_A_HOST, Flow.Protocol.HTTP, "example.net")).isEqualTo(FlowVerdict.ALERT_PASS);
        assertThat(emulator.verdict(FIREWALL, TEAM_B_HOST, Flow.Protocol.TLS, "example.net")).isEqualTo(FlowVerdict.DROP);
        List<String> alerts = emulator.sendTraffic(FIREWALL, new Flow(TEAM_A_HOST, "example.net", Flow.Protocol.TLS, 1), null)
                .alertRecords();
        assertThat(alerts).singleElement().asString().contains("\"signature\":\"egress-allowlist learn:")
                .contains("\"action\":\"allowed\"");

        LiveRuleGroup learning = teamA.describe();
        teamA.replace(learning.updateToken(), learning.targets(), ScopeMode.ENFORCE);
        assertThat(emulator.verdict(FIREWALL, TEAM_A_HOST, Flow.Protocol.TLS, "example.net")).isEqualTo(FlowVerdict.DROP);
    }

    @Test
    void switchingModesRewritesOnlyTheRulesAndKeepsHomeNetRuleOrderAndDescription() {
        DescribeRuleGroupResponse before = client.describeRuleGroup(r -> r.ruleGroupArn(teamAArn));

        teamA.replace(teamA.describe().updateToken(), List.of("huggingface.co", ".hf.co"), ScopeMode.LEARN);
        DescribeRuleGroupResponse learning = client.describeRuleGroup(r -> r.ruleGroupArn(teamAArn));
        LiveRuleGroup live = teamA.describe();
        teamA.replace(live.updateToken(), live.targets(), ScopeMode.ENFORCE);
        DescribeRuleGroupResponse after = client.describeRuleGroup(r -> r.ruleGroupArn(teamAArn));

        for (DescribeRuleGroupResponse changed : List.of(learning, after)) {
            assertThat(changed.ruleGroup().ruleVariables()).isEqualTo(before.ruleGroup().ruleVariables());
            assertThat(changed.ruleGroup().statefulRuleOptions()).isEqualTo(before.ruleGroup().statefulRuleOptions());
            assertThat(changed.ruleGroupResponse().description()).isEqualTo("team scope");
        }
        assertThat(learning.ruleGroup().rulesSource().rulesSourceList()).isNull();
        assertThat(learning.ruleGroupResponse().consumedCapacity()).as("2 pass rules per entry + 4").isEqualTo(8);
        assertThat(after.ruleGroup().rulesSource().rulesSourceList().generatedRulesType()).isEqualTo(GeneratedRulesType.ALLOWLIST);
        assertThat(after.ruleGroup().rulesSource().rulesSourceList().targets()).containsExactly("huggingface.co", ".hf.co");
        assertThat(after.ruleGroup().rulesSource().rulesSourceList().targetTypes())
                .containsExactly(TargetType.TLS_SNI, TargetType.HTTP_HOST);
    }

    @Test
    void theLearningRulesAreAwsGeneratedPassRulesThenTheLearnRules() {
        assertThat(SuricataAllowRules.write(List.of(".amazon.com", "example.com"), true)).isEqualTo(String.join("\n",
                "pass tls $HOME_NET any -> $EXTERNAL_NET any (ssl_state:client_hello; tls.sni; dotprefix; content:\".amazon.com\"; nocase; endswith; msg:\"matching TLS allowlisted FQDNs\"; priority:1; flow:to_server, established; sid:1; rev:1;)",
                "pass tls $HOME_NET any -> $EXTERNAL_NET any (ssl_state:client_hello; tls.sni; content:\"example.com\"; startswith; nocase; endswith; msg:\"matching TLS allowlisted FQDNs\"; priority:1; flow:to_server, established; sid:2; rev:1;)",
                "pass http $HOME_NET any -> $EXTERNAL_NET any (http.host; dotprefix; content:\".amazon.com\"; endswith; msg:\"matching HTTP allowlisted FQDNs\"; priority:1; flow:to_server, established; sid:3; rev:1;)",
                "pass http $HOME_NET any -> $EXTERNAL_NET any (http.host; content:\"example.com\"; startswith; endswith; msg:\"matching HTTP allowlisted FQDNs\"; priority:1; flow:to_server, established; sid:4; rev:1;)",
                "alert tls $HOME_NET any -> $EXTERNAL_NET any (msg:\"egress-allowlist learn: TLS not on the allow-list\"; ssl_state:client_hello; flow:to_server, established; sid:5; rev:1;)",
                "pass tls $HOME_NET any -> $EXTERNAL_NET any (msg:\"egress-allowlist learn: TLS passed while learning\"; ssl_state:client_hello; flow:to_server, established; sid:6; rev:1;)",
                "alert http $HOME_NET any -> $EXTERNAL_NET any (msg:\"egress-allowlist learn: HTTP not on the allow-list\"; http.header_names; content:\"|0d 0a|\"; startswith; flow:to_server, established; sid:7; rev:1;)",
                "pass http $HOME_NET any -> $EXTERNAL_NET any (msg:\"egress-allowlist learn: HTTP passed while learning\"; http.header_names; content:\"|0d 0a|\"; startswith; flow:to_server, established; sid:8; rev:1;)"));
    }

    @Test
    void rulesReadBackOnlyWhenTheyAreExactlyWhatWasWritten() {
        String written = SuricataAllowRules.write(List.of("a.example", ".b.example"), true);

        assertThat(SuricataAllowRules.read("# a comment\n\n" + written + "\n", new StringBuilder()))
                .contains(new SuricataAllowRules.Read(List.of("a.example", ".b.example"), true));
        StringBuilder difference = new StringBuilder();
        assertThat(SuricataAllowRules.read(written.replace("sid:3;", "sid:30;"), difference)).isEmpty();
        assertThat(difference.toString()).contains("sid:30;");
        assertThat(SuricataAllowRules.read(written.lines().skip(1).reduce((a, b) -> a + "\n" + b).orElseThrow(),
                new StringBuilder())).as("one TLS rule missing").isEmpty();
        assertThat(SuricataAllowRules.read(written.replace("a.example", "A.example"), new StringBuilder())).isEmpty();
    }

    @Test
    void theSameRulesInAnotherArrangementAreUnrecognisedContent() {
        // Each entry's TLS and HTTP rule side by side, no priority: passes the same flows, but is not what
        // firewall-sync (and the network stack, which creates each group with write's rules) writes, so it is drift.
        String created = String.join("\n",
                "pass tls $HOME_NET any -> $EXTERNAL_NET any (ssl_state:client_hello; tls.sni; content:\"a.example\"; startswith; nocase; endswith; msg:\"matching TLS allowlisted FQDNs\"; flow:to_server, established; sid:1; rev:1;)",
                "pass http $HOME_NET any -> $EXTERNAL_NET any (http.host; content:\"a.example\"; startswith; endswith; msg:\"matching HTTP allowlisted FQDNs\"; flow:to_server, established; sid:2; rev:1;)",
                "pass tls $HOME_NET any -> $EXTERNAL_NET any (ssl_state:client_hello; tls.sni; dotprefix; content:\".b.example\"; nocase; endswith; msg:\"matching TLS allowlisted FQDNs\"; flow:to_server, established; sid:3; rev:1;)",
                "pass http $HOME_NET any -> $EXTERNAL_NET any (http.host; dotprefix; content:\".b.example\"; endswith; msg:\"matching HTTP allowlisted FQDNs\"; flow:to_server, established; sid:4; rev:1;)",
                "alert tls $HOME_NET any -> $EXTERNAL_NET any (msg:\"egress-allowlist learn: TLS not on the list\"; ssl_state:client_hello; flow:to_server, established; sid:5; rev:1;)",
                "pass tls $HOME_NET any -> $EXTERNAL_NET any (msg:\"egress-allowlist learn: TLS passed while learning\"; ssl_state:client_hello; flow:to_server, established; sid:6; rev:1;)",
                "alert http $HOME_NET any -> $EXTERNAL_NET any (http.header_names; content:\"|0d 0a|\"; startswith; msg:\"egress-allowlist learn: HTTP not on the list\"; flow:to_server, established; sid:7; rev:1;)",
                "pass http $HOME_NET any -> $EXTERNAL_NET any (http.header_names; content:\"|0d 0a|\"; startswith; msg:\"egress-allowlist learn: HTTP passed while learning\"; flow:to_server, established; sid:8; rev:1;)");

        StringBuilder difference = new StringBuilder();
        assertThat(SuricataAllowRules.read(created, difference)).isEmpty();
        assertThat(difference.toString()).startsWith("pass tls $HOME_NET any -> $EXTERNAL_NET any (ssl_state:client_hello;"
                + " tls.sni; content:\"a.example\"; startswith; nocase; endswith; msg:");
        assertThat(SuricataAllowRules.read(created.lines().limit(4).reduce((a, b) -> a + "\n" + b).orElseThrow(),
                new StringBuilder())).isEmpty();
        assertThat(SuricataAllowRules.read(SuricataAllowRules.write(List.of("a.example", ".b.example"), true),
                new StringBuilder())).contains(new SuricataAllowRules.Read(List.of("a.example", ".b.example"), true));
    }

    @Test
    void anOrganisationWideGroupWithNoEntryHoldsOneRuleThatPassesNothing() {
        global.replace(global.describe().updateToken(), List.of(".pypi.org"), ScopeMode.ENFORCE);
        global.replace(global.describe().updateToken(), List.of(), ScopeMode.ENFORCE);

        assertThat(emulator.rulesString("egress-global")).isEqualTo(SuricataAllowRules.PASS_NOTHING);
        assertThat(global.describe().targets()).isEmpty();
        assertThat(global.describe().recognised()).isTrue();
        assertThat(emulator.verdict(FIREWALL, TEAM_A_HOST, Flow.Protocol.TLS, "pypi.org")).isEqualTo(FlowVerdict.DROP);
        assertThat(SuricataAllowRules.read("", new StringBuilder())).contains(new SuricataAllowRules.Read(List.of(), false));
    }

    @Test
    void aDomainListOfAnotherKindIsNotTheTeamsAllowList() {
        DescribeRuleGroupResponse current = client.describeRuleGroup(r -> r.ruleGroupArn(teamAArn));
        client.updateRuleGroup(r -> r.ruleGroupArn(teamAArn).updateToken(current.updateToken()).ruleGroup(
                current.ruleGroup().toBuilder().rulesSource(s -> s.rulesSourceList(l -> l.targets("huggingface.co")
                        .targetTypes(TargetType.TLS_SNI).generatedRulesType(GeneratedRulesType.DENYLIST))).build()));

        assertThat(teamA.describe().recognised()).isFalse();
        assertThat(teamA.describe().targets().get(0)).contains("DENYLIST");
    }

    private String create(String name, String homeNet, RuleGroup.Builder group) {
        RuleGroup withHomeNet = group.ruleVariables(v -> v.ipSets(Map.of("HOME_NET", IPSet.builder().definition(homeNet).build())))
                .statefulRuleOptions(o -> o.ruleOrder(RuleOrder.STRICT_ORDER)).build();
        return client.createRuleGroup(r -> r.ruleGroupName(name).type(RuleGroupType.STATEFUL).capacity(200)
                .description("team scope").ruleGroup(withHomeNet)).ruleGroupResponse().ruleGroupArn();
    }

    private static RuleGroup.Builder domainList(List<String> targets) {
        return RuleGroup.builder().rulesSource(s -> s.rulesSourceList(l -> l.targets(targets)
                .targetTypes(TargetType.TLS_SNI, TargetType.HTTP_HOST).generatedRulesType(GeneratedRulesType.ALLOWLIST)));
    }

    private static StatefulRuleGroupReference reference(String arn, int priority) {
        return StatefulRuleGroupReference.builder().resourceArn(arn).priority(priority).build();
    }
}
