package io.egressallowlist.shared.domain;

import io.egressallowlist.shared.domain.RuleGroupGateway.LiveRuleGroup;
import io.egressallowlist.shared.domain.RuleGroupGateway.StaleTokenException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link RuleGroupGateway} promises, run against the in-memory rule group and
 * {@code NetworkFirewallRuleGroup} on the Network Firewall emulator: {@code UpdateToken} optimistic
 * concurrency (aws-api-notes §1.2), the fixed capacity (§1.5) counted in the group's form and mode, and the mode
 * read back as written. A subclass makes a rule group inspecting TLS_SNI and HTTP_HOST and can change it as another
 * writer would.
 */
public abstract class RuleGroupGatewayContract {

    /** A new rule group of {@code capacity} units holding {@code targets} in {@code form}, and the gateway to it. */
    protected abstract RuleGroupGateway ruleGroup(int capacity, List<String> targets, RuleGroupForm form);

    /** A new team scope's domain-list rule group of {@code capacity} units holding {@code targets}, and the gateway to it. */
    protected RuleGroupGateway ruleGroup(int capacity, List<String> targets) {
        return ruleGroup(capacity, targets, RuleGroupForm.DOMAIN_LIST);
    }

    /** Another writer edits the rule group made last into rules the gateway did not write. */
    protected abstract void makeUnreadableOutOfBand();

    /** Another writer (an operator in the console) replaces the targets of the rule group made last. */
    protected abstract void changeOutOfBand(List<String> targets);

    /** What the rule group made last holds, read without the gateway. */
    protected abstract List<String> enforcedTargets();

    @Test
    void aDescribeTellsTheTargetsTheCapacityAndTheTargetTypes() {
        LiveRuleGroup live = ruleGroup(100, List.of("pypi.org", ".amazonaws.com")).describe();

        assertThat(live.targets()).containsExactlyInAnyOrder("pypi.org", ".amazonaws.com");
        assertThat(live.capacity()).isEqualTo(100);
        assertThat(live.targetTypeCount()).isEqualTo(2);
        assertThat(live.updateToken()).isNotBlank();
    }

    @Test
    void anUpdateWithTheDescribedTokenReplacesTheTargetsAndIssuesANewToken() {
        RuleGroupGateway gateway = ruleGroup(100, List.of("pypi.org"));
        String described = gateway.describe().updateToken();

        String next = gateway.replace(described, List.of("pypi.org", "example.com"), ScopeMode.ENFORCE);

        assertThat(next).isNotBlank().isNotEqualTo(described);
        assertThat(enforcedTargets()).containsExactlyInAnyOrder("pypi.org", "example.com");
        LiveRuleGroup after = gateway.describe();
        assertThat(after.targets()).containsExactlyInAnyOrder("pypi.org", "example.com");
        assertThat(after.updateToken()).isEqualTo(next);
    }

    @Test
    void theTokenAnUpdateReturnsIsGoodForTheNextUpdate() {
        RuleGroupGateway gateway = ruleGroup(100, List.of("pypi.org"));
        String next = gateway.replace(gateway.describe().updateToken(), List.of("a.example.com"), ScopeMode.ENFORCE);

        gateway.replace(next, List.of("b.example.com"), ScopeMode.ENFORCE);

        assertThat(enforcedTargets()).containsExactly("b.example.com");
    }

    @Test
    void aTokenIsGoodForOneUpdateOnly() {
        RuleGroupGateway gateway = ruleGroup(100, List.of("pypi.org"));
        String described = gateway.describe().updateToken();
        gateway.replace(described, List.of("a.example.com"), ScopeMode.ENFORCE);

        assertThatThrownBy(() -> gateway.replace(described, List.of("b.example.com"), ScopeMode.ENFORCE))
                .isInstanceOf(StaleTokenException.class);
        assertThat(enforcedTargets()).containsExactly("a.example.com");
    }

    @Test
    void aChangeByAnotherWriterMakesTheDescribedTokenStale() {
        RuleGroupGateway gateway = ruleGroup(100, List.of("pypi.org"));
        String described = gateway.describe().updateToken();
        changeOutOfBand(List.of("pypi.org", ".pastebin.com"));

        assertThatThrownBy(() -> gateway.replace(described, List.of("example.com"), ScopeMode.ENFORCE))
                .isInstanceOf(StaleTokenException.class);

        assertThat(enforcedTargets()).containsExactlyInAnyOrder("pypi.org", ".pastebin.com");
        LiveRuleGroup again = gateway.describe();
        assertThat(again.targets()).containsExactlyInAnyOrder("pypi.org", ".pastebin.com");
        assertThat(again.updateToken()).isNotEqualTo(described);
        gateway.replace(again.updateToken(), List.of("example.com"), ScopeMode.ENFORCE);
        assertThat(enforcedTargets()).containsExactly("example.com");
    }

    @Test
    void aDescribeChangesNothing() {
        RuleGroupGateway gateway = ruleGroup(100, List.of("pypi.org"));
        String first = gateway.describe().updateToken();

        assertThat(gateway.describe().updateToken()).isEqualTo(first);
        gateway.replace(first, List.of("example.com"), ScopeMode.ENFORCE);
        assertThat(enforcedTargets()).containsExactly("example.com");
    }

    @Test
    void exactlyFullCapacityIsAcceptedAndOneTargetMoreIsRefused() {
        // Capacity 10 with two target types holds (10 - 2) / 2 = 4 targets.
        RuleGroupGateway gateway = ruleGroup(10, List.of("a.example.com"));
        String token = gateway.replace(gateway.describe().updateToken(),
                List.of("a.example.com", "b.example.com", "c.example.com", "d.example.com"), ScopeMode.ENFORCE);

        assertThatThrownBy(() -> gateway.replace(token,
                List.of("a.example.com", "b.example.com", "c.example.com", "d.example.com", "e.example.com"),
                ScopeMode.ENFORCE))
                .isInstanceOf(RuntimeException.class)
                .isNotInstanceOf(StaleTokenException.class);

        assertThat(enforcedTargets()).hasSize(4);
        assertThat(gateway.describe().updateToken()).as("a refused update issues no token").isEqualTo(token);
    }

    @Test
    void aLearningGroupIsReadBackWithItsTargetsAndModeAndSwitchesBackToEnforce() {
        RuleGroupGateway gateway = ruleGroup(100, List.of("pypi.org"));
        String learning = gateway.replace(gateway.describe().updateToken(), List.of("pypi.org", ".example.com"), ScopeMode.LEARN);

        LiveRuleGroup live = gateway.describe();
        assertThat(live.mode()).isEqualTo(ScopeMode.LEARN);
        assertThat(live.targets()).containsExactlyInAnyOrder("pypi.org", ".example.com");
        assertThat(live.updateToken()).isEqualTo(learning);
        assertThat(live.recognised()).isTrue();

        gateway.replace(learning, List.of("pypi.org"), ScopeMode.ENFORCE);
        assertThat(gateway.describe().mode()).isEqualTo(ScopeMode.ENFORCE);
        assertThat(gateway.describe().targets()).containsExactly("pypi.org");
        assertThat(enforcedTargets()).containsExactly("pypi.org");
    }

    @Test
    void learningTakesTwoUnitsMorePerTargetTypeThanEnforcing() {
        // Capacity 10 with two target types: enforcing holds (10 - 2) / 2 = 4 targets, learning (10 - 4) / 2 = 3.
        RuleGroupGateway gateway = ruleGroup(10, List.of("a.example.com"));
        List<String> four = List.of("a.example.com", "b.example.com", "c.example.com", "d.example.com");
        String token = gateway.replace(gateway.describe().updateToken(), four.subList(0, 3), ScopeMode.LEARN);
        assertThat(gateway.describe().capacityNeeded(3, ScopeMode.LEARN)).isEqualTo(10);

        assertThatThrownBy(() -> gateway.replace(token, four, ScopeMode.LEARN))
                .isInstanceOf(RuntimeException.class).isNotInstanceOf(StaleTokenException.class);

        assertThat(gateway.describe().targets()).hasSize(3);
        assertThat(gateway.describe().mode()).isEqualTo(ScopeMode.LEARN);
        gateway.replace(token, four, ScopeMode.ENFORCE);
        assertThat(enforcedTargets()).hasSize(4);
    }

    @Test
    void theOrganisationWideFormHoldsOnlyPassRulesAndNeverLearns() {
        // Pass rules only: capacity 10 with two target types holds 10 / 2 = 5 targets.
        RuleGroupGateway gateway = ruleGroup(10, List.of(), RuleGroupForm.PASS_RULES);
        List<String> five = List.of("a.example.com", "b.example.com", "c.example.com", "d.example.com", ".e.example.com");
        String token = gateway.replace(gateway.describe().updateToken(), five, ScopeMode.ENFORCE);

        assertThat(gateway.describe().targets()).containsExactlyInAnyOrderElementsOf(five);
        assertThat(gateway.describe().form()).isEqualTo(RuleGroupForm.PASS_RULES);
        assertThatThrownBy(() -> gateway.replace(token, List.of("a.example.com"), ScopeMode.LEARN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot learn");
        assertThatThrownBy(() -> gateway.replace(token, List.of("a.example.com", "b.example.com", "c.example.com",
                "d.example.com", "e.example.com", "f.example.com"), ScopeMode.ENFORCE))
                .isInstanceOf(RuntimeException.class).isNotInstanceOf(StaleTokenException.class);
        assertThat(gateway.describe().targets()).containsExactlyInAnyOrderElementsOf(five);
        assertThat(gateway.describe().updateToken()).isEqualTo(token);
    }

    @Test
    void aTargetThatCannotBeWrittenAsARuleIsRefusedWhereTheGroupIsRules() {
        RuleGroupGateway gateway = ruleGroup(100, List.of("pypi.org"));
        String token = gateway.describe().updateToken();

        for (String hostile : List.of("evil.example\"; sid:99; rev:1;) pass ip any any -> any any (sid:100;",
                "Upper.Example.com", "a b.example.com", "line\nbreak.example.com", "pipe|00|.example.com")) {
            assertThatThrownBy(() -> gateway.replace(token, List.of("pypi.org", hostile), ScopeMode.LEARN))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot write a firewall rule");
        }

        assertThat(gateway.describe().targets()).containsExactly("pypi.org");
        assertThat(gateway.describe().mode()).isEqualTo(ScopeMode.ENFORCE);
        assertThat(gateway.describe().updateToken()).isEqualTo(token);
    }

    @Test
    void rulesTheGatewayDidNotWriteAreReportedAsUnrecognisedNotThrown() {
        RuleGroupGateway gateway = ruleGroup(100, List.of("pypi.org"));
        gateway.replace(gateway.describe().updateToken(), List.of("pypi.org"), ScopeMode.LEARN);
        makeUnreadableOutOfBand();

        LiveRuleGroup live = gateway.describe();

        assertThat(live.recognised()).isFalse();
        assertThat(live.targets()).singleElement().asString().startsWith(LiveRuleGroup.UNRECOGNISED);
        gateway.replace(live.updateToken(), List.of("pypi.org"), ScopeMode.ENFORCE);
        assertThat(gateway.describe().recognised()).isTrue();
        assertThat(enforcedTargets()).containsExactly("pypi.org");
    }
}
