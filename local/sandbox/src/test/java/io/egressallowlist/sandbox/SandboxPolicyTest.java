package io.egressallowlist.sandbox;

import io.egressallowlist.shared.domain.DenyRule;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.PolicyDecision;
import io.egressallowlist.shared.domain.SlackUserId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxPolicyTest {

    @Test
    void theDeployedPolicyIsFoundFromWithinTheRepository() throws Exception {
        // The tests run in local/sandbox: the file is two directories up, at the repository root.
        SandboxPolicy policy = SandboxPolicy.load(Optional.empty(), Path.of(""), Optional.empty(), Optional.empty());

        assertThat(policy.source()).endsWith(Path.of("infra", "approval-policy.txt"));
        assertThat(Files.isSameFile(policy.source(), Path.of("../../infra/approval-policy.txt"))).isTrue();
        assertThat(policy.policy().denyRules()).extracting(DenyRule::name).contains("paste-sites", "file-drops");
        assertThat(policy.policy().evaluate(DomainName.of("transfer.sh"))).isInstanceOf(PolicyDecision.Denied.class);
        assertThat(policy.describe()).contains("approval-policy.txt", "paste-sites, file-drops", "quorum 1",
                "approvers played by U0APPROVER1, U0APPROVER2");
    }

    @Test
    void theStandInsApproversPlayThePolicysApprovers() throws Exception {
        SandboxPolicy policy = SandboxPolicy.of("""
                default-duration = P30D
                max-duration     = P90D
                quorum           = 1
                approvers        = U0000000001, U0000000002
                approver-groups  = S0000000001
                """, Path.of("p.txt"), Optional.empty(), Optional.empty());

        assertThat(policy.policy().approvers().users()).containsExactlyInAnyOrder(new SlackUserId("U0APPROVER1"),
                new SlackUserId("U0APPROVER2"));
        assertThat(policy.policy().approvers().groups()).isEmpty();
        assertThat(policy.text().lines().toList().get(3)).startsWith("#");
    }

    @Test
    void grantAndQuorumReplaceThePolicysOnTheirLines() throws Exception {
        SandboxPolicy policy = SandboxPolicy.of("""
                default-duration = P30D
                max-duration     = P90D
                quorum           = 1
                approvers        = U0000000001
                """, Path.of("p.txt"), Optional.of(Duration.ofMinutes(5)), Optional.of(2));

        assertThat(policy.policy().defaultDuration()).isEqualTo(Duration.ofMinutes(5));
        assertThat(policy.policy().quorum()).isEqualTo(2);
        assertThat(policy.text().lines().toList().subList(0, 3))
                .containsExactly("default-duration = PT5M", "max-duration     = P90D", "quorum = 2");
    }

    @Test
    void aPolicyWithoutADefaultDurationGetsTheGrantsOne() throws Exception {
        SandboxPolicy policy = SandboxPolicy.of("""
                max-duration     = P90D
                quorum           = 1
                """, Path.of("p.txt"), Optional.of(Duration.ofMinutes(5)), Optional.empty());

        assertThat(policy.policy().defaultDuration()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aMissingSettingIsNamed() {
        assertThatThrownBy(() -> SandboxPolicy.of("quorum = 1\n", Path.of("p.txt"), Optional.empty(), Optional.empty()))
                .isInstanceOf(SandboxPolicy.Problem.class)
                .hasMessageContaining("the approval policy p.txt is not valid")
                .hasMessageContaining("policy: 'default-duration' is missing");
    }

    @Test
    void withoutTheFileAnywhereTheErrorSaysWhereItLookedAndWhatToDo(@TempDir Path elsewhere) {
        // The classes' own location is inside the repository, so only the working directory can miss the file; a
        // chosen file that does not exist is the case a user meets.
        assertThatThrownBy(() -> SandboxPolicy.load(Optional.of(Path.of("missing.txt")), elsewhere, Optional.empty(),
                Optional.empty()))
                .isInstanceOf(SandboxPolicy.Problem.class)
                .hasMessageContaining("cannot read the approval policy " + elsewhere.resolve("missing.txt"));
    }
}
