package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.RuleGroupForm;
import io.egressallowlist.shared.domain.RuleGroupGateway;
import io.egressallowlist.shared.domain.RuleGroupGatewayContract;

import java.util.List;

class InMemoryRuleGroupTest extends RuleGroupGatewayContract {

    private InMemoryRuleGroup ruleGroup;

    @Override
    protected RuleGroupGateway ruleGroup(int capacity, List<String> targets, RuleGroupForm form) {
        ruleGroup = new InMemoryRuleGroup(capacity, 2, targets, form);
        return ruleGroup;
    }

    @Override
    protected void makeUnreadableOutOfBand() {
        ruleGroup.makeUnreadableOutOfBand();
    }

    @Override
    protected void changeOutOfBand(List<String> targets) {
        ruleGroup.changeOutOfBand(targets);
    }

    @Override
    protected List<String> enforcedTargets() {
        return ruleGroup.targets();
    }
}
