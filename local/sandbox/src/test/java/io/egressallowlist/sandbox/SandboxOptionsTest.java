package io.egressallowlist.sandbox;

import io.egressallowlist.shared.cleanup.StaleAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SandboxOptionsTest {

    @ParameterizedTest
    @CsvSource({
            "PT5M, PT5M",
            "P1D, PT24H",
            "PT30S, PT30S",
            "30s, PT30S",
            "5m, PT5M",
            "2h, PT2H",
            "1d, PT24H",
            "90M, PT1H30M",
    })
    void durationsAreIsoOrANumberAndAUnit(String given, String expected) {
        assertThat(SandboxOptions.duration("--grant", given)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "5x      | --grant needs a duration such as PT5M, 30s, 5m, 2h or 1d, got '5x'",
            "five m  | --grant needs a duration such as PT5M, 30s, 5m, 2h or 1d, got 'five m'",
            "-5m     | --grant needs a duration such as PT5M, 30s, 5m, 2h or 1d, got '-5m'",
            "0s      | --grant must be positive, got '0s'",
            "PT0S    | --grant must be positive, got 'PT0S'",
            "PT-5M   | --grant must be positive, got 'PT-5M'",
            "5 m     | --grant needs a duration such as PT5M, 30s, 5m, 2h or 1d, got '5 m'",
    })
    void badDurationsAreRefusedNamingTheOptionAndTheValue(String given, String message) {
        assertThatThrownBy(() -> SandboxOptions.parse("--grant", given)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource({"P90D, 90d", "PT48H, 2d", "PT2H, 2h", "PT4M, 4m", "PT90S, 90s", "PT1.5S, PT1.5S"})
    void durationsAreShownInTheirShortForm(String duration, String shown) {
        assertThat(SandboxOptions.shortForm(Duration.parse(duration))).isEqualTo(shown);
    }

    @Test
    void everyTimingFlagIsRead() {
        SandboxOptions options = SandboxOptions.parse("--pending-timeout", "2m", "--grant", "PT5M", "--reminder-before",
                "3m", "--stale-after", "4m", "--stale-action", "remove", "--reconcile-every", "5s", "--quorum", "2",
                "--policy", "my-policy.txt", "--port", "9090", "--aws-port", "4570", "--dynamodb-port", "8001");

        SandboxOptions.Timings timings = options.timings();
        assertThat(timings.pendingTimeout()).contains(Duration.ofMinutes(2));
        assertThat(timings.grant()).contains(Duration.ofMinutes(5));
        assertThat(timings.reminderBefore()).contains(Duration.ofMinutes(3));
        assertThat(timings.staleAfter()).contains(Duration.ofMinutes(4));
        assertThat(timings.staleAction()).contains(StaleAction.REMOVE);
        assertThat(timings.reconcileEvery()).contains(Duration.ofSeconds(5));
        assertThat(timings.quorum()).contains(2);
        assertThat(options.policyFile()).contains(Path.of("my-policy.txt"));
        assertThat(options.port()).isEqualTo(9090);
        assertThat(options.awsPort()).isEqualTo(4570);
        assertThat(options.dynamoPort()).isEqualTo(8001);
    }

    @Test
    void withoutFlagsNothingIsOverridden() {
        SandboxOptions options = SandboxOptions.parse();

        assertThat(options.command()).isEqualTo("up");
        assertThat(options.policyFile()).isEmpty();
        assertThat(options.timings()).isEqualTo(SandboxOptions.Timings.none());
        assertThat(options.port()).isEqualTo(8080);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "--bogus                   | unknown option '--bogus'",
            "--grant                   | --grant needs a value",
            "--quorum 0                | --quorum needs a whole number of approvers, at least 1, got '0'",
            "--quorum two              | --quorum needs a whole number of approvers, at least 1, got 'two'",
            "--stale-action delete     | --stale-action is flag or remove, got 'delete'",
            "--port 70000              | --port needs a port number within 1..65535, got '70000'",
            "--policy --grant 5m       | --policy needs a value",
            "down                      | unknown command 'down'",
            "emulators --grant 5m      | the policy and the timings are the control plane's; emulators runs none of it (use up)",
            "emulators --policy p.txt  | the policy and the timings are the control plane's; emulators runs none of it (use up)",
    })
    void badOptionsAreUsageErrors(String args, String message) {
        assertThatThrownBy(() -> SandboxOptions.parse(args.split(" "))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void theEmulatorsCommandTakesItsPortFromPort() {
        SandboxOptions options = SandboxOptions.parse("emulators", "--port", "4577");

        assertThat(options.awsPort()).isEqualTo(4577);
        assertThat(options.policyFile()).isEqualTo(Optional.empty());
    }

    @Test
    void cleanupRunsOftenEnoughForTheShortestTiming() {
        assertThat(SandboxMain.cleanupInterval(SandboxOptions.Timings.none())).isEqualTo(Duration.ofSeconds(60));
        assertThat(SandboxMain.cleanupInterval(SandboxOptions.parse("--grant", "1m", "--stale-after", "3m").timings()))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(SandboxMain.cleanupInterval(SandboxOptions.parse("--pending-timeout", "4s").timings()))
                .isEqualTo(Duration.ofSeconds(5));
        assertThat(SandboxMain.cleanupInterval(SandboxOptions.parse("--grant", "P30D").timings()))
                .isEqualTo(Duration.ofSeconds(60));
    }
}
