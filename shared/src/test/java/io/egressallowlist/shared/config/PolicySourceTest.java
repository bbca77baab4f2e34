package io.egressallowlist.shared.config;

import io.egressallowlist.shared.events.FunctionNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The approval policy is read from the file the stack ships ({@code POLICY_FILE}), or in the sandbox from its
 * text ({@code POLICY}); never both, and a problem names where the policy came from.
 */
class PolicySourceTest {

    private static final String POLICY = """
            default-duration = P30D
            max-duration = P90D
            quorum = 2
            approvers = U0APPROVER1, U0APPROVER2
            """;

    @TempDir
    Path dir;

    private static ControlPlaneEnvironment withoutPolicy() {
        return ControlPlaneEnvironmentTest.everything().without(EnvKey.POLICY);
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("approval-policy.txt"), text, StandardCharsets.UTF_8);
    }

    @Test
    void thePolicyIsReadFromTheFileItsVariableNames() throws IOException {
        Path file = write(POLICY);

        ControlPlaneConfig config = withoutPolicy().policyFile(file.toString()).config();

        assertThat(config.policy().quorum()).isEqualTo(2);
        assertThat(config.given()).contains(EnvKey.POLICY_FILE).doesNotContain(EnvKey.POLICY);
        assertThat(EnvKey.missingFor(FunctionNames.FIREWALL_SYNC, config.given())).isEmpty();
    }

    @Test
    void aPolicyFileLargerThanEveryVariableTogetherMayHoldIsRead() throws IOException {
        StringBuilder text = new StringBuilder(POLICY);
        for (int i = 0; text.length() < 16 * 1024; i++) {
            text.append("deny rule-").append(i).append(" = .blocked-").append(i).append(".example ; not for notebooks\n");
        }
        Path file = write(text.toString());

        assertThat(withoutPolicy().policyFile(file.toString()).config().policy().denyRules()).hasSizeGreaterThan(200);
    }

    @Test
    void anInvalidPolicyFileIsRefusedWithItsPathAndLineNumbers() throws IOException {
        Path file = write(POLICY + "quorum = many\n");

        assertThatThrownBy(() -> withoutPolicy().policyFile(file.toString()).config())
                .isInstanceOf(ControlPlaneConfig.ConfigException.class)
                .hasMessageContaining(EnvKey.POLICY_FILE.name() + " " + file)
                .hasMessageContaining("line 5");
    }

    @Test
    void aMissingPolicyFileIsRefusedNamingTheVariableAndThePath() {
        Path missing = dir.resolve("no-such-policy.txt");

        assertThatThrownBy(() -> withoutPolicy().policyFile(missing.toString()).config())
                .isInstanceOf(ControlPlaneConfig.ConfigException.class)
                .hasMessageContaining(EnvKey.POLICY_FILE.name() + " " + missing + " cannot be read");
    }

    @Test
    void thePolicyGivenBothAsFileAndAsTextIsRefused() throws IOException {
        Path file = write(POLICY);

        assertThatThrownBy(() -> ControlPlaneEnvironmentTest.everything().policyFile(file.toString()).config())
                .isInstanceOf(ControlPlaneConfig.ConfigException.class)
                .hasMessageContaining("set either " + EnvKey.POLICY_FILE.name())
                .hasMessageContaining(EnvKey.POLICY.name() + " (sandbox)");
    }

    @Test
    void withoutEitherTheFileIsNamedAsRequiredAndTheSandboxTextAsItsAlternative() {
        assertThatThrownBy(() -> withoutPolicy().config())
                .isInstanceOf(ControlPlaneConfig.ConfigException.class)
                .hasMessageContaining(EnvKey.POLICY_FILE.name() + " is required");
        assertThat(EnvKey.missingFor(FunctionNames.REQUEST_API, Set.of())).anySatisfy(problem -> assertThat(problem)
                .startsWith(EnvKey.POLICY_FILE.name() + " (" + EnvKey.POLICY.name() + " in the sandbox) is required"));
    }
}
