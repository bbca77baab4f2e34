package io.egressallowlist.shared.api;

import io.egressallowlist.shared.domain.Policy;
import io.egressallowlist.shared.domain.PolicyParser;
import io.egressallowlist.shared.domain.Scope;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.Scopes;
import io.egressallowlist.shared.domain.StudioIdentity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A caller's scope is the scope of the Studio domain their user profile is in. */
class CallerScopeTest {

    private static final String RITA = "arn:aws:sts::123456789012:assumed-role/RiskStudioExecutionRole/rita";
    private static final Policy POLICY = ((PolicyParser.Parsed) PolicyParser.parse(
            "default-duration = P30D\nmax-duration = P90D\nquorum = 1\napprovers = U0APPROVE1\n")).policy();
    private static final Scopes SCOPES = Scopes.of(List.of(
            new Scope(ScopeName.GLOBAL, "arn:global", 0, Set.of(), ScopeMode.ENFORCE, POLICY),
            new Scope(ScopeName.of("risk"), "arn:risk", 0, Set.of("d-risk00001"), ScopeMode.ENFORCE, POLICY),
            new Scope(ScopeName.of("research"), "arn:research", 0, Set.of("d-research1"), ScopeMode.LEARN, POLICY)));

    private static StudioIdentity profileIn(String domainId) {
        return new StudioIdentity.Profile(domainId, "rita", "arn:aws:iam::123456789012:role/RiskStudioExecutionRole",
                StudioIdentity.RoleSource.USER_PROFILE);
    }

    @Test
    void aStudioUserIsInTheScopeOfTheirDomain() {
        assertThat(new CallerResolver(p -> profileIn("d-risk00001"), Map.of(), SCOPES).resolve(RITA).scope())
                .contains(ScopeName.of("risk"));
        assertThat(new CallerResolver(p -> profileIn("d-research1"), Map.of(), SCOPES).resolve(RITA).scope())
                .contains(ScopeName.of("research"));
    }

    @Test
    void aCallerOutsideEveryScopesStudioDomainHasNoScope() {
        assertThat(new CallerResolver(p -> profileIn("d-elsewhere1"), Map.of(), SCOPES).resolve(RITA).scope()).isEmpty();
        assertThat(new CallerResolver(p -> new StudioIdentity.NotStudio(), Map.of(), SCOPES).resolve(RITA).scope())
                .isEmpty();
        assertThat(new CallerResolver(p -> new StudioIdentity.AmbiguousProfile("arn:role", List.of("a", "b")),
                Map.of(), SCOPES).resolve(RITA).scope()).isEmpty();
        assertThat(new CallerResolver(p -> new StudioIdentity.Unavailable("throttled"), Map.of(), SCOPES).resolve(RITA)
                .scope()).isEmpty();
    }

    @Test
    void withoutScopesNoCallerHasOne() {
        assertThat(new CallerResolver(p -> profileIn("d-risk00001"), Map.of()).resolve(RITA).scope()).isEmpty();
    }
}
