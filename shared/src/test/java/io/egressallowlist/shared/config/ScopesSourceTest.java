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
    void theScopesStudioDomainsAndSubnetsJoinTheVariablesForAttributionAndTheGuard() throws IOException {
        Files.writeString(dir.resolve("team.policy"), TEAM_POLICY, StandardCharsets.UTF_8);
        Path file = Files.writeString(dir.resolve("scopes.txt"), """
                scope global
                rule-group = %1$segress-global
                policy = team.policy
                scope risk
                rule-group = %1$segress-risk
                studio-domains = d-risk00000002, d-risk00000001
                studio-subnets = subnet-0aa, subnet-0bb
                policy = team.policy
                scope lab
                rule-group = %1$segress-lab
                studio-subnets = subnet-0cc
                policy = team.policy
                """.formatted(ARN), StandardCharsets.UTF_8);

        ControlPlaneConfig config = ControlPlaneEnvironmentTest.everything().scopesFile(file.toString())
                .studioDomainIds(java.util.List.of("d-shared000001"))
                .protectedSubnetIds(java.util.List.of("subnet-0aa", "subnet-0ff"))
                .studioSubnets(java.util.Map.of("subnet-0aa", "d-shared000001")).config();

        assertThat(config.studioDomainIds()).containsExactly("d-shared000001", "d-risk00000001", "d-risk00000002");
        assertThat(config.protectedSubnetIds()).containsExactly("subnet-0aa", "subnet-0ff", "subnet-0bb", "subnet-0cc");
        // A subnet the variables name keeps their domain; risk's other subnet is its first domain's; lab has none.
        assertThat(io.egressallowlist.shared.domain.StudioSubnets.parse(config.studioSubnets()).asMap())
                .containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                        "subnet-0aa", "d-shared000001", "subnet-0bb", "d-risk00000001"));
        assertThat(config.networkPosture()).hasValueSatisfying(posture -> assertThat(posture.protectedSubnets())
                .contains("subnet-0bb", "subnet-0cc"));
    }

    @Test
    void theScopesSubnetsStandForProtectedSubnetIdsWhichTheGuardRequires() throws IOException {
        Files.writeString(dir.resolve("team.policy"), TEAM_POLICY, StandardCharsets.UTF_8);
        String scopes = "scope risk\nrule-group = " + ARN + "r\nstudio-domains = d-risk00000001\n%spolicy = team.policy\n";
        Path with = Files.writeString(dir.resolve("with.txt"), scopes.formatted("studio-subnets = subnet-0aa\n"));
        Path without = Files.writeString(dir.resolve("without.txt"), scopes.formatted(""));

        assertThat(ControlPlaneEnvironmentTest.everything().without(EnvKey.PROTECTED_SUBNET_IDS)
                .scopesFile(with.toString()).config().given()).contains(EnvKey.PROTECTED_SUBNET_IDS);
        assertThat(ControlPlaneEnvironmentTest.everything().without(EnvKey.PROTECTED_SUBNET_IDS)
                .scopesFile(without.toString()).config().given()).doesNotContain(EnvKey.PROTECTED_SUBNET_IDS);
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
