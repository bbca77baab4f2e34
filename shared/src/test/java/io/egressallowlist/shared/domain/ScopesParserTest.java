package io.egressallowlist.shared.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScopesParserTest {

    private static final String ARN = "arn:aws:network-firewall:eu-west-1:111122223333:stateful-rulegroup/";
    private static final String RISK_POLICY = """
            default-duration = P7D
            max-duration     = P30D
            quorum           = 2
            approvers        = URISK0001, URISK0002
            """;
    private static final Map<String, String> POLICIES = Map.of(
            "global.policy", PolicyParserTest.GOOD_POLICY, "risk.policy", RISK_POLICY,
            "research.policy", PolicyParserTest.GOOD_POLICY);

    static final String GOOD = """
            # Scopes of the data science platform.
            scope global
            rule-group     = %1$segress-global
            capacity       = 4000
            policy         = global.policy

            scope risk
            rule-group     = %1$segress-risk
            capacity       = 2000
            studio-domains = d-risk00000001, d-risk00000002
            mode           = learn
            policy         = risk.policy

            scope research
            rule-group     = %1$segress-research
            studio-domains = d-research0001
            policy         = research.policy
            """.formatted(ARN);

    private static Scopes parse(String text) {
        return ScopesParser.parse(text, name -> Optional.ofNullable(POLICIES.get(name)));
    }

    @Test
    void everyScopeIsReadInDeclarationOrderWithItsOwnPolicy() {
        Scopes scopes = parse(GOOD);

        assertThat(scopes.names()).extracting(ScopeName::value).containsExactly("global", "risk", "research");
        Scope risk = scopes.get(ScopeName.of("risk"));
        assertThat(risk.ruleGroupArn()).isEqualTo(ARN + "egress-risk");
        assertThat(risk.ruleGroupName()).isEqualTo("egress-risk");
        assertThat(risk.capacity()).isEqualTo(2000);
        assertThat(risk.initialMode()).isEqualTo(ScopeMode.LEARN);
        assertThat(risk.policy().quorum()).isEqualTo(2);
        assertThat(risk.policy().approvers().users()).extracting(SlackUserId::value)
                .containsExactlyInAnyOrder("URISK0001", "URISK0002");
        assertThat(scopes.get(ScopeName.of("research")).initialMode()).isEqualTo(ScopeMode.ENFORCE);
        assertThat(scopes.get(ScopeName.of("research")).ruleGroupCapacity()).isEmpty();
        assertThat(scopes.global()).map(Scope::name).contains(ScopeName.GLOBAL);
    }

    @Test
    void eachStudioDomainLeadsToItsScope() {
        Scopes scopes = parse(GOOD);

        assertThat(scopes.forStudioDomain("d-risk00000002")).map(Scope::name).contains(ScopeName.of("risk"));
        assertThat(scopes.forStudioDomain("d-research0001")).map(Scope::name).contains(ScopeName.of("research"));
        assertThat(scopes.forStudioDomain("d-unknown00001")).isEmpty();
    }

    @Test
    void theApproversOfAnyScopeTogetherAreEveryScopesUsersAndGroups() {
        Approvers any = parse(GOOD).anyScopesApprovers();

        assertThat(any.users()).extracting(SlackUserId::value).containsExactlyInAnyOrder(
                "U0123ABCD", "U0456EFGH", "W0789IJKL", "URISK0001", "URISK0002");
        assertThat(any.groups()).extracting(SlackUserGroupId::value).containsExactly("S0123ABCD");
    }

    @Test
    void anUnknownScopeIsRefusedNamingTheKnownOnes() {
        assertThatThrownBy(() -> parse(GOOD).get(ScopeName.of("marketing")))
                .isInstanceOf(Scopes.UnknownScopeException.class)
                .hasMessageContaining("no scope marketing")
                .hasMessageContaining("[global, risk, research]");
    }

    @Test
    void everyErrorIsReportedWithItsLine() {
        String broken = """
                capacity = 10
                scope Risk
                rule-group = %1$sa
                scope ok
                rule-group = %1$sb
                capacity = lots
                colour = blue
                mode = audit
                policy = missing.policy
                scope late
                policy = risk.policy
                """.formatted(ARN);

        assertThatThrownBy(() -> parse(broken))
                .isInstanceOf(ScopesParser.InvalidScopesException.class)
                .satisfies(e -> assertThat(((ScopesParser.InvalidScopesException) e).errors()).containsExactly(
                        "line 1: a setting before the first 'scope <name>' line",
                        "line 2: 'Risk' is not a scope name: a scope name is 1 to 30 lower-case letters, digits or"
                                + " hyphens, starting with a letter (e.g. risk-analytics).",
                        "line 7: unknown setting 'colour'; the settings are [capacity, mode, policy, rule-group,"
                                + " studio-domains, studio-subnets]",
                        "line 6: capacity must be a whole number from 1 to 30000, got 'lots'",
                        "line 8: 'audit' is not a mode: use enforce or learn.",
                        "line 9: the policy file 'missing.policy' of scope ok cannot be read",
                        "line 10: scope late has no rule-group; add a line 'rule-group = …'"));
    }

    @Test
    void aScopesSageMakerSubnetsAreReadAndNoneByDefault() {
        Scopes scopes = parse(GOOD.replace("studio-domains = d-research0001",
                "studio-domains = d-research0001\nstudio-subnets = subnet-0b2, subnet-0a1 ,"));

        assertThat(scopes.get(ScopeName.of("research")).studioSubnetIds()).containsExactlyInAnyOrder(
                "subnet-0a1", "subnet-0b2");
        assertThat(scopes.get(ScopeName.of("risk")).studioSubnetIds()).isEmpty();
    }

    @Test
    void aStudioSubnetThatIsNoSubnetIdIsRefusedWithItsLine() {
        String text = "scope risk\nrule-group = " + ARN + "r\nstudio-subnets = subnet-0a1, sg-0bad, <b>\n"
                + "policy = risk.policy\n";

        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(ScopesParser.InvalidScopesException.class)
                .satisfies(e -> assertThat(((ScopesParser.InvalidScopesException) e).errors()).containsExactly(
                        "line 3: studio-subnets are subnet ids such as subnet-0abc123, got ['<b>', 'sg-0bad']"));
    }

    @Test
    void aBrokenPolicyFileIsReportedWithItsScopeAndLine() {
        String text = "scope risk\nrule-group = " + ARN + "r\npolicy = bad.policy\n";

        assertThatThrownBy(() -> ScopesParser.parse(text, name -> Optional.of("quorum = two\n")))
                .isInstanceOf(ScopesParser.InvalidScopesException.class)
                .hasMessageContaining("scope risk policy bad.policy line 1:");
    }

    @Test
    void aStudioDomainInTwoScopesIsRefused() {
        String text = """
                scope a
                rule-group = %1$sa
                studio-domains = d-shared000001
                policy = risk.policy
                scope b
                rule-group = %1$sb
                studio-domains = d-shared000001
                policy = risk.policy
                """.formatted(ARN);

        assertThatThrownBy(() -> parse(text)).hasMessageContaining(
                "Studio domain d-shared000001 belongs to both a and b: a Studio domain belongs to exactly one scope");
    }

    @Test
    void globalOwnsNoStudioDomain() {
        String text = "scope global\nrule-group = " + ARN + "g\nstudio-domains = d-x00000000001\npolicy = risk.policy\n";

        assertThatThrownBy(() -> parse(text)).hasMessageContaining("scope global applies to every Studio domain");
    }

    @Test
    void twoScopesCannotShareARuleGroupNorAName() {
        String text = """
                scope a
                rule-group = %1$ssame
                policy = risk.policy
                scope b
                rule-group = %1$ssame
                policy = risk.policy
                scope a
                rule-group = %1$sother
                policy = risk.policy
                """.formatted(ARN);

        assertThatThrownBy(() -> parse(text))
                .hasMessageContaining("scope a is declared twice")
                .hasMessageContaining("scopes a and b share the rule group " + ARN + "same");
    }

    @Test
    void moreScopesThanAFirewallPolicyHoldsAreRefused() {
        String text = IntStream.rangeClosed(1, Scopes.MAX_PER_POLICY + 1)
                .mapToObj(i -> "scope team-" + i + "\nrule-group = " + ARN + "t" + i + "\npolicy = risk.policy\n")
                .collect(Collectors.joining());

        assertThatThrownBy(() -> parse(text))
                .hasMessageContaining("21 scopes are declared, but a firewall policy holds at most 20");
        assertThat(parse(text.substring(0, text.lastIndexOf("scope team-21"))).all()).hasSize(20);
    }

    @Test
    void theWordsTheBlockedListGivesAMeaningAreNoScopeNames() {
        String text = "scope all\nrule-group = " + ARN + "a\npolicy = risk.policy\n"
                + "scope mine\nrule-group = " + ARN + "m\npolicy = risk.policy\n";

        assertThatThrownBy(() -> parse(text)).hasMessageContaining("a scope cannot be called all")
                .hasMessageContaining("a scope cannot be called mine");
    }

    @Test
    void anEmptyFileDeclaresNoScope() {
        assertThatThrownBy(() -> parse("# nothing yet\n")).hasMessageContaining("no scope is declared");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Risk", "1team", "team_a", "-a", "a-very-long-scope-name-over-thirty", "team\n"})
    void scopeNamesAreCheckedAndQuotedSafely(String name) {
        assertThatThrownBy(() -> ScopeName.of(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a scope name")
                .hasMessageNotContaining("\n");
    }

    @Test
    void whatWasStoredWithoutAScopeIsInDefault() {
        assertThat(ScopeName.storedOrDefault(null)).isEqualTo(ScopeName.DEFAULT);
        assertThat(ScopeName.storedOrDefault("risk")).isEqualTo(ScopeName.of("risk"));
        assertThat(List.of(ScopeMode.parse("LEARN"), ScopeMode.parse(" enforce "))).containsExactly(
                ScopeMode.LEARN, ScopeMode.ENFORCE);
    }
}
