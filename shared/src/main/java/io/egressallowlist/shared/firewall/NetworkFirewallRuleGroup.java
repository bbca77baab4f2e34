package io.egressallowlist.shared.firewall;

import io.egressallowlist.shared.domain.RuleGroupForm;
import io.egressallowlist.shared.domain.RuleGroupGateway;
import io.egressallowlist.shared.domain.ScopeMode;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.DescribeRuleGroupResponse;
import software.amazon.awssdk.services.networkfirewall.model.GeneratedRulesType;
import software.amazon.awssdk.services.networkfirewall.model.InvalidTokenException;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroup;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroupResponse;
import software.amazon.awssdk.services.networkfirewall.model.RulesSource;
import software.amazon.awssdk.services.networkfirewall.model.RulesSourceList;
import software.amazon.awssdk.services.networkfirewall.model.TargetType;
import software.amazon.awssdk.services.networkfirewall.model.UpdateRuleGroupRequest;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A scope's rule group through the Network Firewall API, written in its {@link RuleGroupForm}: a team scope as a
 * domain list ({@code ALLOWLIST}) while it enforces and as Suricata rules while it learns, the organisation-wide
 * scope as Suricata pass rules ({@link SuricataAllowRules}). {@code UpdateRuleGroup} replaces the whole group,
 * RulesSource included (aws-api-notes §1.2), so an update sends back everything the describe returned — rule
 * variables ({@code HOME_NET}), reference sets, rule options, description, encryption — with only the rules replaced.
 */
public final class NetworkFirewallRuleGroup implements RuleGroupGateway {

    /** Rules written as Suricata inspect both protocols the control plane allows. */
    private static final List<TargetType> BOTH_TYPES = List.of(TargetType.TLS_SNI, TargetType.HTTP_HOST);

    private final NetworkFirewallClient client;
    private final String ruleGroupArn;
    private final RuleGroupForm form;
    private volatile DescribeRuleGroupResponse lastDescribe;

    /** A team scope's (or the single list's) domain-list rule group. */
    public NetworkFirewallRuleGroup(NetworkFirewallClient client, String ruleGroupArn) {
        this(client, ruleGroupArn, RuleGroupForm.DOMAIN_LIST);
    }

    public NetworkFirewallRuleGroup(NetworkFirewallClient client, String ruleGroupArn, RuleGroupForm form) {
        this.client = Objects.requireNonNull(client, "client");
        this.ruleGroupArn = Objects.requireNonNull(ruleGroupArn, "ruleGroupArn");
        this.form = Objects.requireNonNull(form, "form");
    }

    @Override
    public LiveRuleGroup describe() {
        DescribeRuleGroupResponse response = client.describeRuleGroup(b -> b.ruleGroupArn(ruleGroupArn));
        lastDescribe = response;
        String token = response.updateToken();
        int capacity = response.ruleGroupResponse().capacity();
        RulesSource source = response.ruleGroup() == null ? null : response.ruleGroup().rulesSource();
        if (form == RuleGroupForm.DOMAIN_LIST && source != null && source.rulesSourceList() != null
                && source.rulesSourceList().generatedRulesType() == GeneratedRulesType.ALLOWLIST) {
            RulesSourceList list = source.rulesSourceList();
            return new LiveRuleGroup(list.targets(), token, capacity, list.targetTypes().size(), ScopeMode.ENFORCE, form);
        }
        StringBuilder difference = new StringBuilder();
        Optional<SuricataAllowRules.Read> read = source == null || source.rulesString() == null
                ? Optional.empty() : SuricataAllowRules.read(source.rulesString(), difference);
        // A domain-list scope written as rules always learns; the organisation-wide scope never does.
        Optional<SuricataAllowRules.Read> ours = read.filter(r -> r.learning() == (form == RuleGroupForm.DOMAIN_LIST));
        if (ours.isEmpty()) {
            String what = difference.length() > 0 ? difference.toString() : describeSource(source);
            return new LiveRuleGroup(List.of(LiveRuleGroup.UNRECOGNISED + what), token, capacity, BOTH_TYPES.size(),
                    ScopeMode.ENFORCE, form);
        }
        return new LiveRuleGroup(ours.get().targets(), token, capacity, BOTH_TYPES.size(),
                ours.get().learning() ? ScopeMode.LEARN : ScopeMode.ENFORCE, form);
    }

    @Override
    public String replace(String updateToken, List<String> targets, ScopeMode mode) {
        Objects.requireNonNull(mode, "mode");
        if (form == RuleGroupForm.PASS_RULES && mode == ScopeMode.LEARN) {
            throw new IllegalArgumentException("the organisation-wide scope's rule group is made of pass rules only and "
                    + "cannot learn: its learning rules would pass every flow of every workload");
        }
        DescribeRuleGroupResponse described = lastDescribe;
        if (described == null || !updateToken.equals(described.updateToken())) {
            // The caller's token does not belong to our last describe: describe again to learn the rest of the group.
            described = client.describeRuleGroup(b -> b.ruleGroupArn(ruleGroupArn));
            if (!updateToken.equals(described.updateToken())) {
                throw new StaleTokenException("the rule group changed since it was described", null);
            }
        }
        RuleGroup replaced = described.ruleGroup().toBuilder().rulesSource(rulesSource(described, targets, mode)).build();
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

    /**
     * The new RulesSource: an enforced team scope is the domain list, keeping the target types it had (both when it
     * was rules); anything else is Suricata rules.
     */
    private RulesSource rulesSource(DescribeRuleGroupResponse described, List<String> targets, ScopeMode mode) {
        if (form == RuleGroupForm.DOMAIN_LIST && mode == ScopeMode.ENFORCE) {
            RulesSource current = described.ruleGroup().rulesSource();
            RulesSourceList list = current != null && current.rulesSourceList() != null ? current.rulesSourceList()
                    : RulesSourceList.builder().targetTypes(BOTH_TYPES).generatedRulesType(GeneratedRulesType.ALLOWLIST).build();
            return RulesSource.builder().rulesSourceList(list.toBuilder().targets(targets).build()).build();
        }
        return RulesSource.builder().rulesString(SuricataAllowRules.write(targets, mode == ScopeMode.LEARN)).build();
    }

    private static String describeSource(RulesSource source) {
        if (source == null) {
            return "no RulesSource";
        }
        if (source.rulesSourceList() != null) {
            return "a " + source.rulesSourceList().generatedRulesTypeAsString() + " domain list";
        }
        return source.statefulRules() != null && !source.statefulRules().isEmpty() ? "stateful rules" : "rules of another form";
    }
}
