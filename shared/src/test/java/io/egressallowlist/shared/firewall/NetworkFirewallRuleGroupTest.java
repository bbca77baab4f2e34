package io.egressallowlist.shared.firewall;

import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.networkfirewall.FirewallSeed;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.emulators.networkfirewall.TargetEdit;
import io.egressallowlist.shared.domain.RuleGroupForm;
import io.egressallowlist.shared.domain.RuleGroupGateway;
import io.egressallowlist.shared.domain.RuleGroupGatewayContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.DescribeRuleGroupResponse;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroupType;

import java.io.IOException;
import java.util.List;

/** The rule group contract through the Network Firewall API, on the emulator. */
class NetworkFirewallRuleGroupTest extends RuleGroupGatewayContract {

    private final NetworkFirewallEmulator emulator = new NetworkFirewallEmulator();
    private AwsJsonServer server;
    private NetworkFirewallClient client;
    private String name;
    private int created;

    @BeforeEach
    void setUp() throws IOException {
        server = AwsJsonServer.start(0, emulator);
        client = NetworkFirewallClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void tearDown() {
        client.close();
        server.close();
    }

    @Override
    protected RuleGroupGateway ruleGroup(int capacity, List<String> targets, RuleGroupForm form) {
        name = "studio-egress-" + ++created;
        if (form == RuleGroupForm.PASS_RULES) {
            String arn = client.createRuleGroup(r -> r.ruleGroupName(name).type(RuleGroupType.STATEFUL).capacity(capacity)
                    .ruleGroup(g -> g.rulesSource(s -> s.rulesString(SuricataAllowRules.write(targets, false)))))
                    .ruleGroupResponse().ruleGroupArn();
            return new NetworkFirewallRuleGroup(client, arn, form);
        }
        return new NetworkFirewallRuleGroup(client,
                FirewallSeed.domainList(name, capacity, targets).seed(client).ruleGroupArn());
    }

    /** An operator adds a rule of their own to the group's Suricata rules. */
    @Override
    protected void makeUnreadableOutOfBand() {
        DescribeRuleGroupResponse current = client.describeRuleGroup(r -> r.ruleGroupName(name).type(RuleGroupType.STATEFUL));
        String edited = current.ruleGroup().rulesSource().rulesString()
                + "\npass tls $HOME_NET any -> $EXTERNAL_NET any (tls.sni; content:\"console.example\"; sid:999; rev:1;)";
        client.updateRuleGroup(r -> r.ruleGroupArn(current.ruleGroupResponse().ruleGroupArn())
                .updateToken(current.updateToken())
                .ruleGroup(current.ruleGroup().toBuilder().rulesSource(s -> s.rulesString(edited)).build()));
    }

    @Override
    protected void changeOutOfBand(List<String> targets) {
        emulator.editOutOfBand(name, TargetEdit.replaceWith(targets));
    }

    @Override
    protected List<String> enforcedTargets() {
        return emulator.targets(name);
    }
}
