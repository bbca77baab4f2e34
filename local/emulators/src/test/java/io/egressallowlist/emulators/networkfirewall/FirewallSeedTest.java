package io.egressallowlist.emulators.networkfirewall;

import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.networkfirewall.model.DescribeFirewallPolicyResponse;
import software.amazon.awssdk.services.networkfirewall.model.DescribeFirewallResponse;
import software.amazon.awssdk.services.networkfirewall.model.DescribeRuleGroupResponse;
import software.amazon.awssdk.services.networkfirewall.model.EnabledAnalysisType;
import software.amazon.awssdk.services.networkfirewall.model.RuleOrder;
import software.amazon.awssdk.services.networkfirewall.model.SubnetMapping;
import software.amazon.awssdk.services.networkfirewall.model.TargetType;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FirewallSeedTest {

    private final EmulatedNetworkFirewall nfw = EmulatedNetworkFirewall.start();

    @AfterEach
    void stop() {
        nfw.close();
    }

    @Test
    void aDomainListAloneIsAnAllowListRuleGroupOverSniAndHostAndNothingElse() {
        FirewallSeed.Seeded seeded = FirewallSeed.domainList("plain", 100, List.of("pypi.org")).seed(nfw.client);

        DescribeRuleGroupResponse group = nfw.client.describeRuleGroup(r -> r.ruleGroupArn(seeded.ruleGroupArn()));
        assertThat(nfw.emulator.targets("plain")).containsExactly("pypi.org");
        assertThat(group.ruleGroupResponse().capacity()).isEqualTo(100);
        assertThat(group.ruleGroup().rulesSource().rulesSourceList().targetTypes())
                .containsExactly(TargetType.TLS_SNI, TargetType.HTTP_HOST);
        assertThat(group.ruleGroup().ruleVariables()).isNull();
        assertThat(group.ruleGroup().statefulRuleOptions()).isNull();
        assertThat(seeded.policyArn()).isNull();
        assertThat(seeded.firewallArn()).isNull();
    }

    @Test
    void theSampleDeploymentIsInStrictOrderWithAProtectedFirewallThatAnalysesTraffic() {
        FirewallSeed.Seeded seeded = FirewallSeed.sampleDeployment("studio", List.of(".amazonaws.com"), "policy", "fw")
                .description("the allow-list").changeProtection().seed(nfw.client);

        DescribeRuleGroupResponse group = nfw.client.describeRuleGroup(r -> r.ruleGroupArn(seeded.ruleGroupArn()));
        assertThat(group.ruleGroupResponse().description()).isEqualTo("the allow-list");
        assertThat(group.ruleGroupResponse().capacity()).isEqualTo(30_000);
        assertThat(group.ruleGroup().statefulRuleOptions().ruleOrder()).isEqualTo(RuleOrder.STRICT_ORDER);
        assertThat(group.ruleGroup().ruleVariables().ipSets().get("HOME_NET").definition())
                .containsExactly(FirewallSeed.SAMPLE_HOME_NET);
        DescribeFirewallPolicyResponse policy = nfw.client.describeFirewallPolicy(r -> r.firewallPolicyArn(seeded.policyArn()));
        assertThat(policy.firewallPolicy().statefulEngineOptions().ruleOrder()).isEqualTo(RuleOrder.STRICT_ORDER);
        assertThat(policy.firewallPolicy().statefulDefaultActions())
                .containsExactly("aws:drop_established", "aws:alert_established");
        assertThat(policy.firewallPolicy().statefulRuleGroupReferences()).singleElement().satisfies(reference -> {
            assertThat(reference.resourceArn()).isEqualTo(seeded.ruleGroupArn());
            assertThat(reference.priority()).isEqualTo(100);
        });
        DescribeFirewallResponse firewall = nfw.client.describeFirewall(r -> r.firewallArn(seeded.firewallArn()));
        assertThat(firewall.firewall().vpcId()).isEqualTo(SageMakerSamples.VPC_ID);
        assertThat(firewall.firewall().subnetMappings()).extracting(SubnetMapping::subnetId)
                .containsExactlyElementsOf(FirewallSeed.SAMPLE_FIREWALL_SUBNETS);
        assertThat(firewall.firewall().enabledAnalysisTypes())
                .containsExactly(EnabledAnalysisType.TLS_SNI, EnabledAnalysisType.HTTP_HOST);
        assertThat(firewall.firewall().deleteProtection()).isTrue();
        assertThat(firewall.firewall().firewallPolicyChangeProtection()).isTrue();
    }

    @Test
    void aDefaultOrderPolicyReferencesTheRuleGroupWithoutAPriority() {
        FirewallSeed.Seeded seeded = FirewallSeed.domainList("default-order", 100, List.of("pypi.org"))
                .policy("policy").firewall("fw", "vpc-0abc", "subnet-0abc").seed(nfw.client);

        DescribeFirewallPolicyResponse policy = nfw.client.describeFirewallPolicy(r -> r.firewallPolicyArn(seeded.policyArn()));
        assertThat(policy.firewallPolicy().statefulEngineOptions()).isNull();
        assertThat(policy.firewallPolicy().statefulRuleGroupReferences()).singleElement()
                .satisfies(reference -> assertThat(reference.priority()).isNull());
        DescribeFirewallResponse firewall = nfw.client.describeFirewall(r -> r.firewallArn(seeded.firewallArn()));
        assertThat(firewall.firewall().enabledAnalysisTypes()).isEmpty();
        assertThat(firewall.firewall().deleteProtection()).isNotEqualTo(Boolean.TRUE);
    }

    @Test
    void withoutARuleGroupThePolicyReferencesNone() {
        FirewallSeed.Seeded seeded = FirewallSeed.withoutRuleGroup().policy("unrelated")
                .firewall("other-fw", "vpc-0abc", "subnet-0def").seed(nfw.client);

        assertThat(seeded.ruleGroupArn()).isNull();
        assertThat(nfw.client.describeFirewallPolicy(r -> r.firewallPolicyArn(seeded.policyArn()))
                .firewallPolicy().statefulRuleGroupReferences()).isEmpty();
    }

    @Test
    void aFirewallNeedsAPolicy() {
        FirewallSeed seed = FirewallSeed.domainList("alone", 100, List.of("pypi.org")).firewall("fw", "vpc-0abc", "subnet-0abc");

        assertThatThrownBy(() -> seed.seed(nfw.client)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("policy");
        assertThat(nfw.client.listRuleGroups(r -> { }).ruleGroups()).isEmpty();
    }
}
