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
 * concurrency (aws-api-notes §1.2) and the fixed capacity (§1.5). A subclass makes a domain-list rule group
 * inspecting TLS_SNI and HTTP_HOST and can change it as another writer would.
 */
public abstract class RuleGroupGatewayContract {

    /** A new rule group of {@code capacity} units holding {@code targets}, and the gateway to it. */
    protected abstract RuleGroupGateway ruleGroup(int capacity, List<String> targets);

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

        String next = gateway.replaceTargets(described, List.of("pypi.org", "example.com"));

        assertThat(next).isNotBlank().isNotEqualTo(described);
        assertThat(enforcedTargets()).containsExactlyInAnyOrder("pypi.org", "example.com");
        LiveRuleGroup after = gateway.describe();
        assertThat(after.targets()).containsExactlyInAnyOrder("pypi.org", "example.com");
        assertThat(after.updateToken()).isEqualTo(next);
    }

    @Test
    void theTokenAnUpdateReturnsIsGoodForTheNextUpdate() {
        RuleGroupGateway gateway = ruleGroup(100, List.of("pypi.org"));
        String next = gateway.replaceTargets(gateway.describe().updateToken(), List.of("a.example.com"));

        gateway.replaceTargets(next, List.of("b.example.com"));

        assertThat(enforcedTargets()).containsExactly("b.example.com");
    }

    @Test
    void aTokenIsGoodForOneUpdateOnly() {
        RuleGroupGateway gateway = ruleGroup(100, List.of("pypi.org"));
        String described = gateway.describe().updateToken();
        gateway.replaceTargets(described, List.of("a.example.com"));

        assertThatThrownBy(() -> gateway.replaceTargets(described, List.of("b.example.com")))
                .isInstanceOf(StaleTokenException.class);
        assertThat(enforcedTargets()).containsExactly("a.example.com");
    }

    @Test
    void aChangeByAnotherWriterMakesTheDescribedTokenStale() {
        RuleGroupGateway gateway = ruleGroup(100, List.of("pypi.org"));
        String described = gateway.describe().updateToken();
        changeOutOfBand(List.of("pypi.org", ".pastebin.com"));

        assertThatThrownBy(() -> gateway.replaceTargets(described, List.of("example.com")))
                .isInstanceOf(StaleTokenException.class);

        assertThat(enforcedTargets()).containsExactlyInAnyOrder("pypi.org", ".pastebin.com");
        LiveRuleGroup again = gateway.describe();
        assertThat(again.targets()).containsExactlyInAnyOrder("pypi.org", ".pastebin.com");
        assertThat(again.updateToken()).isNotEqualTo(described);
        gateway.replaceTargets(again.updateToken(), List.of("example.com"));
        assertThat(enforcedTargets()).containsExactly("example.com");
    }

    @Test
    void aDescribeChangesNothing() {
        RuleGroupGateway gateway = ruleGroup(100, List.of("pypi.org"));
        String first = gateway.describe().updateToken();

        assertThat(gateway.describe().updateToken()).isEqualTo(first);
        gateway.replaceTargets(first, List.of("example.com"));
        assertThat(enforcedTargets()).containsExactly("example.com");
    }

    @Test
    void exactlyFullCapacityIsAcceptedAndOneTargetMoreIsRefused() {
        // Capacity 10 with two target types holds (10 - 2) / 2 = 4 targets.
        RuleGroupGateway gateway = ruleGroup(10, List.of("a.example.com"));
        String token = gateway.replaceTargets(gateway.describe().updateToken(),
                List.of("a.example.com", "b.example.com", "c.example.com", "d.example.com"));

        assertThatThrownBy(() -> gateway.replaceTargets(token,
                List.of("a.example.com", "b.example.com", "c.example.com", "d.example.com", "e.example.com")))
                .isInstanceOf(RuntimeException.class)
                .isNotInstanceOf(StaleTokenException.class);

        assertThat(enforcedTargets()).hasSize(4);
        assertThat(gateway.describe().updateToken()).as("a refused update issues no token").isEqualTo(token);
    }
}
