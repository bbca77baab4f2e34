package io.egressallowlist.shared.firewall;

import io.egressallowlist.shared.domain.RuleGroupGateway;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.DescribeRuleGroupResponse;
import software.amazon.awssdk.services.networkfirewall.model.InvalidTokenException;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroup;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroupResponse;
import software.amazon.awssdk.services.networkfirewall.model.RulesSource;
import software.amazon.awssdk.services.networkfirewall.model.RulesSourceList;
import software.amazon.awssdk.services.networkfirewall.model.UpdateRuleGroupRequest;

import java.util.List;

/**
 * The domain-list rule group through the Network Firewall API. {@code UpdateRuleGroup} replaces the
 * whole group (aws-api-notes §1.2), so an update sends back everything the describe returned — rule
 * variables, reference sets, rule options, target types, generated rules type, description,
 * encryption — with only the targets replaced.
 */
public final class NetworkFirewallRuleGroup implements RuleGroupGateway {

    private final NetworkFirewallClient client;
    private final String ruleGroupArn;
    private volatile DescribeRuleGroupResponse lastDescribe;

    public NetworkFirewallRuleGroup(NetworkFirewallClient client, String ruleGroupArn) {
        this.client = client;
        this.ruleGroupArn = ruleGroupArn;
    }

    @Override
    public LiveRuleGroup describe() {
        DescribeRuleGroupResponse response = client.describeRuleGroup(b -> b.ruleGroupArn(ruleGroupArn));
        RulesSourceList list = domainList(response);
        lastDescribe = response;
        return new LiveRuleGroup(list.targets(), response.updateToken(),
                response.ruleGroupResponse().capacity(), list.targetTypes().size());
    }

    @Override
    public String replaceTargets(String updateToken, List<String> targets) {
        DescribeRuleGroupResponse described = lastDescribe;
        if (described == null || !updateToken.equals(described.updateToken())) {
            // The caller's token does not belong to our last describe: describe again to learn the rest of the group.
            described = client.describeRuleGroup(b -> b.ruleGroupArn(ruleGroupArn));
            if (!updateToken.equals(described.updateToken())) {
                throw new StaleTokenException("the rule group changed since it was described", null);
            }
        }
        RuleGroup current = described.ruleGroup();
        RulesSourceList list = domainList(described);
        RuleGroup replaced = current.toBuilder()
                .rulesSource(RulesSource.builder().rulesSourceList(list.toBuilder().targets(targets).build()).build())
                .build();
        RuleGroupResponse response = described.ruleGroupResponse();
        UpdateRuleGroupRequest.Builder request = UpdateRuleGroupRequest.builder()
                .ruleGroupArn(ruleGroupArn)
                .updateToken(updateToken)
                .ruleGroup(replaced)
                .description(response.description())
                .encryptionConfiguration(response.encryptionConfiguration());
        if (response.summaryConfiguration() != null) {
            request.summaryConfiguration(response.summaryConfiguration());
        }
        try {
            return client.updateRuleGroup(request.build()).updateToken();
        } catch (InvalidTokenException e) {
            throw new StaleTokenException("the rule group changed since it was described: " + e.getMessage(), e);
        } finally {
            lastDescribe = null;
        }
    }

    private RulesSourceList domainList(DescribeRuleGroupResponse response) {
        RuleGroup group = response.ruleGroup();
        if (group == null || group.rulesSource() == null || group.rulesSource().rulesSourceList() == null) {
            throw new IllegalStateException("rule group " + ruleGroupArn
                    + " is not a domain-list rule group (it has no RulesSourceList)");
        }
        return group.rulesSource().rulesSourceList();
    }
}
