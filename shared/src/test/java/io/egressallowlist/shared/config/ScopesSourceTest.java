package io.egressallowlist.shared.config;

import io.egressallowlist.shared.domain.Scope;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.Scopes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The scopes come from the file {@code SCOPES_FILE} names, each policy file beside it; without it the deployment has
 * one scope, {@code default}, made of the variables it had before scopes existed.
 */
class ScopesSourceTest {

    private static final String ARN = "arn:aws:network-firewall:eu-west-1:111122223333:stateful-rulegroup/";
    private static final String TEAM_POLICY = """
            default-duration = P7D
            max-duration = P30D
            quorum = 1
            approvers = UTEAMLEAD1
            """;

    @TempDir
    Path dir;

    @Test
    void withoutAScopesFileTheOneScopeIsDefaultOverTodaysVariables() {
        ControlPlaneConfig config = ControlPlaneEnvironmentTest.everything().without(EnvKey.SCOPES_FILE).config();

        Scopes scopes = config.scopes();
        assertThat(scopes.isSingle()).isTrue();
        Scope only = scopes.get(ScopeName.DEFAULT);
        assertThat(only.ruleGroupArn()).isEqualTo(config.ruleGroupArn());
        assertThat(only.policy()).isEqualTo(config.policy());
        assertThat(only.initialMode()).isEqualTo(ScopeMode.ENFORCE);
        assertThat(only.studioDomainIds()).containsExactlyInAnyOrderElementsOf(config.studioDomainIds());
        assertThat(only.capacity()).isEqualTo(config.ruleGroupCapacity().map(c -> c.capacity()).orElse(0));
    }

    @Test
    void theScopesFileAndThePolicyFilesBesideItAreRead() throws IOException {
        Files.writeString(dir.resolve("team.policy"), TEAM_POLICY, StandardCharsets.UTF_8);
        Path file = Files.writeString(dir.resolve("scopes.txt"), """
                scope global
                rule-group = %1$segress-global
                capacity = 1000
                policy = team.policy
                scope risk
                rule-group = %1$segress-risk
                studio-domains = d-risk00000001
                mode = learn
                policy = team.policy
                """.formatted(ARN), StandardCharsets.UTF_8);

        Scopes scopes = ControlPlaneEnvironmentTest.everything().scopesFile(file.toString()).config().scopes();

        assertThat(scopes.names()).containsExactly(ScopeName.GLOBAL, ScopeName.of("risk"));
        assertThat(scopes.get(ScopeName.of("risk")).policy().approvers().users())
                .extracting(user -> user.value()).containsExactly("UTEAMLEAD1");
        assertThat(scopes.forStudioDomain("d-risk00000001")).map(Scope::initialMode).contains(ScopeMode.LEARN);
    }

    @Test
    void aMissingOrBrokenScopesFileStopsTheFunctionNamingTheVariableAndTheLine() throws IOException {
        assertThatThrownBy(() -> ControlPlaneEnvironmentTest.everything()
                .scopesFile(dir.resolve("absent.txt").toString()).config())
                .isInstanceOf(ControlPlaneConfig.ConfigException.class)
                .hasMessageContaining("SCOPES_FILE " + dir.resolve("absent.txt") + " cannot be read");

        Path broken = Files.writeString(dir.resolve("scopes.txt"), "scope risk\nrule-group = " + ARN + "r\n"
                + "policy = nowhere.policy\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ControlPlaneEnvironmentTest.everything().scopesFile(broken.toString()).config())
                .isInstanceOf(ControlPlaneConfig.ConfigException.class)
                .hasMessageContaining("SCOPES_FILE " + broken + " line 3: the policy file 'nowhere.policy' of scope"
                        + " risk cannot be read");
    }
}
