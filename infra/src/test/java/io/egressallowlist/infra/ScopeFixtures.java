package io.egressallowlist.infra;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.egressallowlist.infra.config.ScopeSettings;

/** Scopes as tests declare them: two created team domains, one adopted, and {@code global}. */
final class ScopeFixtures {

    static final String ADOPTED_DOMAIN = "d-partner12345";
    static final List<String> RESEARCH = List.of("10.20.0.0/20", "10.20.64.0/20");
    static final List<String> RISK = List.of("10.20.16.0/20", "10.20.80.0/20");
    static final List<String> PARTNER = List.of("10.20.32.0/20", "10.20.96.0/20");

    private ScopeFixtures() {
    }

    static ScopeSettings.Scope team(String name, String studioDomain, List<String> subnets, boolean learning) {
        return new ScopeSettings.Scope(name, Optional.of(studioDomain), subnets, 2000, name + ".policy",
                TestStacks.POLICY, learning);
    }

    static ScopeSettings.Scope global() {
        return new ScopeSettings.Scope(ScopeSettings.GLOBAL, Optional.empty(), List.of(), 1000, "global.policy",
                TestStacks.POLICY, false);
    }

    /** global, research (enforce), risk (learn), partner (an adopted domain), in this order. */
    static ScopeSettings twoTeamsAndGlobal() {
        return new ScopeSettings(List.of(global(), team("research", "create", RESEARCH, false),
                team("risk", "create", RISK, true), team("partner", ADOPTED_DOMAIN, PARTNER, false)),
                ScopeSettings.DEFAULT_RULE_GROUP_QUOTA);
    }

    /** {@code count} team scopes with adopted domains, one /24 per zone each, in a two-zone 10.20.0.0/16. */
    static List<ScopeSettings.Scope> manyTeams(int count) {
        List<ScopeSettings.Scope> scopes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            scopes.add(new ScopeSettings.Scope("team-" + i, Optional.of("d-team" + String.format("%08d", i)),
                    List.of("10.20." + i + ".0/24", "10.20." + (64 + i) + ".0/24"), 500, "t.policy", TestStacks.POLICY,
                    false));
        }
        return scopes;
    }
}
