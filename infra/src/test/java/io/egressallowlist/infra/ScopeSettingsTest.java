package io.egressallowlist.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.egressallowlist.infra.config.ContextValues;
import io.egressallowlist.infra.config.FirewallPlacement;
import io.egressallowlist.infra.config.NetworkSettings;
import io.egressallowlist.infra.config.ScopeLayout;
import io.egressallowlist.infra.config.ScopeSettings;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/** Context 'scopes' and 'ruleGroupQuota': read from cdk.json or the command line, refused with a clear message. */
class ScopeSettingsTest {

    private static final Path POLICY = write("team.policy", TestStacks.POLICY);
    private static final Path BROKEN_POLICY = write("broken.policy", "quorum = many\n");

    private static Path write(String name, String text) {
        try {
            return Files.writeString(TestStacks.temporaryDirectory().resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ScopeSettings read(Map<String, Object> context) {
        return ScopeSettings.from(new ContextValues(new App(AppProps.builder().context(context).build()).getNode()));
    }

    private static Map<String, Object> team(String name, String domain, List<String> subnets) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("name", name);
        entry.put("studioDomain", domain);
        entry.put("subnetCidrs", subnets);
        entry.put("capacity", 2000);
        entry.put("policyFile", POLICY.toString());
        return entry;
    }

    private static Map<String, Object> global() {
        return new LinkedHashMap<>(Map.of("name", "global", "capacity", 1000, "policyFile", POLICY.toString()));
    }

    private static Map<String, Object> with(Map<String, Object> entry, String key, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(entry);
        if (value == null) {
            changed.remove(key);
        } else {
            changed.put(key, value);
        }
        return changed;
    }

    @Test
    void withoutTheContextThereAreNoScopes() {
        ScopeSettings none = read(Map.of());
        assertThat(none.declared()).isFalse();
        assertThat(none.ruleGroupQuota()).isEqualTo(50);
    }

    @Test
    void twoTeamsAndGlobalAreReadFromJsonAndFromCommandLineText() {
        List<Object> scopes = List.of(global(),
                with(team("research", "create", List.of("10.20.0.0/20", "10.20.64.0/20")), "mode", "enforce"),
                with(team("risk", "d-risk12345678", List.of("10.20.16.0/20", "10.20.80.0/20")), "mode", "LEARN"));
        String json = "[" + String.join(",", scopes.stream().map(ScopeSettingsTest::json).toList()) + "]";
        for (Object context : List.of(scopes, json)) {
            ScopeSettings settings = read(Map.of("scopes", context));
            assertThat(settings.scopes()).extracting(ScopeSettings.Scope::name).containsExactly("global", "research", "risk");
            assertThat(settings.teamScopes()).extracting(ScopeSettings.Scope::name).containsExactly("research", "risk");
            assertThat(settings.global()).hasValueSatisfying(g -> assertThat(g.capacity()).isEqualTo(1000));
            ScopeSettings.Scope risk = settings.teamScopes().get(1);
            assertThat(risk.learning()).isTrue();
            assertThat(risk.createsStudioDomain()).isFalse();
            assertThat(risk.adoptedDomainId()).contains("d-risk12345678");
            assertThat(risk.policyText()).isEqualTo(TestStacks.POLICY);
            assertThat(settings.teamScopes().get(0).createsStudioDomain()).isTrue();
            assertThat(settings.primary().name()).isEqualTo("research");
        }
    }

    static Stream<Arguments> badEntries() {
        Map<String, Object> research = team("research", "create", List.of("10.20.0.0/20", "10.20.64.0/20"));
        return Stream.of(
                Arguments.of(with(research, "name", "Research"), "is not a scope name"),
                Arguments.of(with(research, "name", "a-very-long-scope-name-over-thirty"), "is not a scope name"),
                Arguments.of(with(global(), "subnetCidrs", List.of("10.20.0.0/20")), "takes no studioDomain and no subnetCidrs"),
                Arguments.of(with(global(), "studioDomain", "create"), "takes no studioDomain and no subnetCidrs"),
                Arguments.of(with(global(), "mode", "learn"), "has no learning mode"),
                Arguments.of(with(research, "studioDomain", null), "studioDomain is missing"),
                Arguments.of(with(research, "studioDomain", "my-domain"), "must be \"create\" or a SageMaker domain id"),
                Arguments.of(with(research, "subnetCidrs", null), "subnetCidrs is missing"),
                Arguments.of(with(research, "subnetCidrs", "10.20.0.0/20"), "must be a JSON list"),
                Arguments.of(with(research, "capacity", null), "capacity is missing"),
                Arguments.of(with(research, "capacity", 30_001), "capacity must be 1 to 30000"),
                Arguments.of(with(research, "capacity", "lots"), "capacity must be a whole number"),
                Arguments.of(with(research, "policyFile", null), "policyFile is missing"),
                Arguments.of(with(research, "policyFile", BROKEN_POLICY.toString()), "is invalid"),
                Arguments.of(with(research, "mode", "audit"), "mode: 'audit' is not a mode: use enforce or learn"),
                Arguments.of(with(research, "subnets", List.of()), "unknown keys [subnets]"));
    }

    @ParameterizedTest
    @MethodSource("badEntries")
    void aBadEntryIsRefusedNamingTheContextKeyAndTheEntry(Map<String, Object> entry, String problem) {
        assertThatThrownBy(() -> read(Map.of("scopes", List.of(team("first", "create", List.of("10.20.0.0/20")), entry))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Context 'scopes', entry 2 (\"" + entry.get("name") + "\"): ")
                .hasMessageContaining(problem);
    }

    @Test
    void aScopeNamedTwiceOrADomainInTwoScopesIsRefused() {
        assertThatThrownBy(() -> read(Map.of("scopes", List.of(team("risk", "create", List.of("10.20.0.0/20")),
                team("risk", "create", List.of("10.20.16.0/20"))))))
                .hasMessageContaining("declares the scope 'risk' twice");
        assertThatThrownBy(() -> read(Map.of("scopes", List.of(team("a", "d-shared123456", List.of("10.20.0.0/20")),
                team("b", "d-shared123456", List.of("10.20.16.0/20"))))))
                .hasMessageContaining("d-shared123456 is given to two scopes; each Studio domain belongs to exactly one scope");
    }

    @Test
    void globalAloneIsRefused() {
        assertThatThrownBy(() -> read(Map.of("scopes", List.of(global()))))
                .hasMessageContaining("declares no team scope");
    }

    @Test
    void contextThatIsNotAListOfObjectsIsRefused() {
        assertThatThrownBy(() -> read(Map.of("scopes", "[{\"name\": ")))
                .hasMessageContaining("Context 'scopes' must be a JSON list of objects; its text is not JSON");
        assertThatThrownBy(() -> read(Map.of("scopes", List.of("risk"))))
                .hasMessageContaining("Context 'scopes', entry 1 must be a JSON object");
        assertThatThrownBy(() -> read(Map.of("scopes", List.of(), "ruleGroupQuota", 0)))
                .hasMessageContaining("'ruleGroupQuota' must be positive");
    }

    @Test
    void twentyScopesAreAcceptedAndATwentyFirstIsRefusedAsNetworkFirewallsFixedLimit() {
        assertThat(new ScopeSettings(ScopeFixtures.manyTeams(20), 50).scopes()).hasSize(20);
        List<ScopeSettings.Scope> twenty = new ArrayList<>(ScopeFixtures.manyTeams(20));
        twenty.set(0, ScopeFixtures.global());
        assertThat(new ScopeSettings(twenty, 50).scopes()).hasSize(20);
        assertThatThrownBy(() -> new ScopeSettings(ScopeFixtures.manyTeams(21), 50))
                .hasMessageContaining("declares 21 scopes")
                .hasMessageContaining("a firewall policy references at most 20 stateful rule groups")
                .hasMessageContaining("not adjustable");
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            entries.add(team("team-" + i, "create", List.of("10.20." + i + ".0/24")));
        }
        assertThatThrownBy(() -> read(Map.of("scopes", entries))).hasMessageContaining("declares 21 scopes");
    }

    @Test
    void moreScopesThanTheAccountsRuleGroupQuotaAreRefusedSayingHowToRaiseIt() {
        assertThatThrownBy(() -> new ScopeSettings(ScopeFixtures.manyTeams(4), 3))
                .hasMessageContaining("declares 4 scopes")
                .hasMessageContaining("context 'ruleGroupQuota' is 3")
                .hasMessageContaining("Service Quotas");
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            entries.add(team("team-" + i, "create", List.of("10.20." + i + ".0/24")));
        }
        assertThat(read(Map.of("scopes", entries, "ruleGroupQuota", "3")).scopes()).hasSize(3);
        assertThatThrownBy(() -> read(Map.of("scopes", entries, "ruleGroupQuota", 2)))
                .hasMessageContaining("'ruleGroupQuota' is 2");
    }

    @Test
    void capacitiesThatTogetherExceedWhatAPolicyHoldsAreRefusedSayingHowToRaiseIt() {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            entries.add(team("team-" + i, "create", List.of("10.20." + i + ".0/24", "10.20." + (64 + i) + ".0/24")));
        }
        assertThatThrownBy(() -> read(Map.of("scopes", entries)))
                .hasMessageContaining("reserve a capacity of 32000 together")
                .hasMessageContaining("may hold 30000 (context 'policyRuleQuota'")
                .hasMessageContaining("Service Quotas");
        assertThat(read(Map.of("scopes", entries, "policyRuleQuota", 32_000)).policyRuleQuota()).isEqualTo(32_000);
        assertThat(read(Map.of("scopes", entries.subList(0, 15))).scopes()).hasSize(15);
    }

    static Stream<Arguments> badPlacements() {
        return Stream.of(
                Arguments.of(List.of("10.20.0.0/20"), "subnetCidrs lists 1 CIDRs; it needs one per zone, 2"),
                Arguments.of(List.of("10.20.0.0/20", "10.21.0.0/20"), "10.21.0.0/20 is outside the VPC 10.20.0.0/16"),
                Arguments.of(List.of("10.20.0.0/20", "10.20.192.0/24"), "overlaps the NAT subnet of zone 1 (10.20.192.0/28)"),
                Arguments.of(List.of("10.20.0.0/20", "10.20.16.0/22"), "overlaps the subnet of scope 'research' in zone 2"),
                Arguments.of(List.of("10.20.0.0/20", "10.20.64.1/24"), "has host bits set; did you mean 10.20.64.0/24?"),
                Arguments.of(List.of("10.20.0.0/20", "10.20.64.0/29"), "must be a /16 to /28"),
                Arguments.of(List.of("10.20.0.0/20", "ten"), "'ten' is not an IPv4 CIDR"));
    }

    @ParameterizedTest
    @MethodSource("badPlacements")
    void aScopeSubnetThatDoesNotFitTheNetworkIsRefused(List<String> riskSubnets, String problem) {
        ScopeSettings settings = new ScopeSettings(List.of(
                ScopeFixtures.team("research", "create", List.of("10.20.32.0/20", "10.20.16.0/20"), false),
                ScopeFixtures.team("risk", "create", riskSubnets, false)), 50);
        assertThatThrownBy(() -> new ScopeLayout(settings, NetworkSettings.defaults()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Context 'scopes', scope '")
                .hasMessageContaining(problem);
    }

    @Test
    void scopesNeedTheFirewallBeforeTheNatGateway() {
        assertThatThrownBy(() -> new ScopeLayout(ScopeFixtures.twoTeamsAndGlobal(),
                NetworkSettings.defaults().withFirewallPlacement(FirewallPlacement.NAT_FIRST)))
                .hasMessageContaining("needs firewallPlacement firewall-first");
    }

    @Test
    void aGroupTooSmallForWhatItIsCreatedWithIsRefused() {
        // Without global, each team scope is created with the two baseline domains: 2 x 2 + 2 = 6 units.
        ScopeSettings.Scope small = new ScopeSettings.Scope("small", Optional.of("create"),
                List.of("10.20.0.0/20", "10.20.64.0/20"), 5, "p", TestStacks.POLICY, false);
        assertThatThrownBy(() -> new ScopeLayout(new ScopeSettings(List.of(small), 50), NetworkSettings.defaults()))
                .hasMessageContaining("scope 'small': its group is created with the 2 baseline domains, which need 6"
                        + " capacity units; its capacity is 5");
        ScopeSettings.Scope learning = new ScopeSettings.Scope("small", Optional.of("create"),
                List.of("10.20.0.0/20", "10.20.64.0/20"), 7, "p", TestStacks.POLICY, true);
        assertThatThrownBy(() -> new ScopeLayout(new ScopeSettings(List.of(learning), 50), NetworkSettings.defaults()))
                .hasMessageContaining("need 8 capacity units");
        assertThat(ScopeLayout.unitsAtCreation(ScopeFixtures.global(), 0)).isEqualTo(0);
        assertThat(ScopeLayout.unitsAtCreation(ScopeFixtures.global(), 3)).isEqualTo(6);
    }

    private static String json(Object value) {
        if (value instanceof Map<?, ?> map) {
            List<String> fields = new ArrayList<>();
            map.forEach((k, v) -> fields.add("\"" + k + "\":" + json(v)));
            return "{" + String.join(",", fields) + "}";
        }
        if (value instanceof List<?> items) {
            return "[" + String.join(",", items.stream().map(ScopeSettingsTest::json).toList()) + "]";
        }
        return value instanceof Number ? value.toString() : "\"" + value + "\"";
    }

}
