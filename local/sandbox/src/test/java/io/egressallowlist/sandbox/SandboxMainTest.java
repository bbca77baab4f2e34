package io.egressallowlist.sandbox;

import io.egressallowlist.shared.config.ControlPlaneEnvironment;
import io.egressallowlist.shared.config.EnvKey;
import io.egressallowlist.shared.events.EventRoutes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox's command line, run as {@code java -jar egress-sandbox.jar …} runs it: what it prints and its exit status. */
class SandboxMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            return SandboxMain.run(args, o, e);
        }
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryFlag() {
        assertThat(run("--help")).isZero();

        assertThat(printed()).contains("--port N", "--aws-port N", "--dynamodb-port N", "--policy FILE",
                "--pending-timeout D", "--grant D", "--reminder-before D", "--stale-after D", "--stale-action A",
                "--reconcile-every D", "--quorum N", "PT5M", "30s, 5m, 2h, 1d", "infra/approval-policy.txt");
        assertThat(errors()).isEmpty();
    }

    @Test
    void theTimingFlagsReachTheFunctionsEnvironmentThePolicyAndTheSchedules() throws Exception {
        SandboxOptions options = SandboxOptions.parse("--pending-timeout", "2m", "--grant", "4m", "--reminder-before",
                "3m", "--stale-after", "PT2M", "--stale-action", "remove", "--reconcile-every", "5s", "--quorum", "2",
                "--port", "9090");
        SandboxPolicy policy = SandboxPolicy.load(Optional.empty(), Path.of(""), options.timings().grant(),
                options.timings().quorum());

        LocalControlPlane.Options plane = SandboxMain.controlPlane(options, policy);

        assertThat(plane.frontPort()).isEqualTo(9090);
        assertThat(plane.schedules()).containsEntry(EventRoutes.RECONCILE.name(), Duration.ofSeconds(5))
                .containsEntry(EventRoutes.CLEANUP.name(), Duration.ofMinutes(1));
        assertThat(plane.environment().apply(ControlPlaneEnvironment.create()).toMap())
                .containsEntry(EnvKey.PENDING_TIMEOUT.name(), "PT2M")
                .containsEntry(EnvKey.REMINDER_BEFORE.name(), "PT3M")
                .containsEntry(EnvKey.STALE_AFTER.name(), "PT2M")
                .containsEntry(EnvKey.STALE_ACTION.name(), "REMOVE");
        assertThat(plane.policy()).isEqualTo(policy.text());
        assertThat(policy.policy().defaultDuration()).isEqualTo(Duration.ofMinutes(4));
        assertThat(policy.policy().quorum()).isEqualTo(2);
    }

    @Test
    void anUnknownFlagIsAUsageErrorAndStartsNothing() {
        assertThat(run("--grant-for", "5m")).isEqualTo(2);

        assertThat(errors()).startsWith("error: unknown option '--grant-for'").contains("usage:", "--grant D");
        assertThat(printed()).isEmpty();
    }

    @Test
    void aBadDurationIsAUsageErrorNamingTheFlag() {
        assertThat(run("--stale-after", "soon")).isEqualTo(2);

        assertThat(errors()).contains("--stale-after needs a duration such as PT5M, 30s, 5m, 2h or 1d, got 'soon'");
        assertThat(printed()).isEmpty();
    }

    @Test
    void aMissingPolicyFileIsNamed(@TempDir Path directory) {
        Path missing = directory.resolve("no-such-policy.txt");

        assertThat(run("--policy", missing.toString())).isEqualTo(2);

        assertThat(errors()).contains("cannot read the approval policy " + missing, "(--policy)");
        assertThat(printed()).isEmpty();
    }

    @Test
    void anInvalidPolicyIsRefusedNamingItsLine(@TempDir Path directory) throws IOException {
        Path policy = directory.resolve("policy.txt");
        Files.writeString(policy, """
                # a policy with a typo on line 3
                default-duration = P30D
                max-duration     = P9OD
                quorum           = 1
                approvers        = U0000000001
                """);

        assertThat(run("--policy", policy.toString())).isEqualTo(2);

        assertThat(errors()).contains("the approval policy " + policy + " is not valid",
                "line 3: 'max-duration' = 'P9OD' is not an ISO-8601 duration");
        assertThat(printed()).isEmpty();
    }

    @Test
    void aGrantLongerThanThePolicyAllowsNamesTheFlagAndTheLine(@TempDir Path directory) throws IOException {
        Path policy = directory.resolve("policy.txt");
        Files.writeString(policy, """
                default-duration = P30D
                max-duration     = P90D
                quorum           = 1
                approvers        = U0000000001
                """);

        assertThat(run("--policy", policy.toString(), "--grant", "100d")).isEqualTo(2);

        assertThat(errors()).contains("line 1: 'default-duration' 100 days is longer than 'max-duration' 90 days (line 2)."
                + " (set by --grant PT2400H)");
    }

    @Test
    void aQuorumTheStandInsApproversCannotReachIsRefused(@TempDir Path directory) throws IOException {
        Path policy = directory.resolve("policy.txt");
        Files.writeString(policy, """
                default-duration = P30D
                max-duration     = P90D
                quorum           = 1
                approvers        = U0000000001, U0000000002, U0000000003
                """);

        assertThat(run("--policy", policy.toString(), "--quorum", "3")).isEqualTo(2);

        assertThat(errors()).contains("line 3: 'quorum' 3 can never be reached: only 2 approver(s) are listed",
                "(set by --quorum 3)");
    }
}
