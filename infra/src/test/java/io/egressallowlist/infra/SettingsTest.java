package io.egressallowlist.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.egressallowlist.infra.config.ContextValues;
import io.egressallowlist.infra.config.ControlPlaneSettings;
import io.egressallowlist.infra.config.FirewallPlacement;
import io.egressallowlist.infra.config.FunctionSizing;
import io.egressallowlist.infra.config.NetworkSettings;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.reconcile.DriftMode;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/** Context as it arrives from cdk.json (typed JSON) and from {@code -c key=value} (always strings). */
class SettingsTest {

    private static ContextValues context(Map<String, Object> values) {
        return new ContextValues(new App(AppProps.builder().context(values).build()).getNode());
    }

    @Test
    void commandLineStringsAreReadLikeJsonValues() {
        NetworkSettings network = NetworkSettings.from(context(Map.of("availabilityZoneCount", "3",
                "ruleGroupCapacity", "10000", "baselineDomains", "Example.COM, .github.com")));
        assertThat(network.zoneCount()).isEqualTo(3);
        assertThat(network.ruleGroupCapacity()).isEqualTo(10_000);
        assertThat(network.baselineDomains()).containsExactly(".github.com", "example.com");
    }

    @Test
    void firewallPlacementIsReadFromContextAndDefaultsToFirewallFirst() {
        assertThat(NetworkSettings.from(context(Map.of())).firewallPlacement()).isEqualTo(FirewallPlacement.FIREWALL_FIRST);
        assertThat(NetworkSettings.from(context(Map.of("firewallPlacement", "nat-first"))).firewallPlacement())
                .isEqualTo(FirewallPlacement.NAT_FIRST);
        assertThat(NetworkSettings.from(context(Map.of("firewallPlacement", " Firewall-First "))).firewallPlacement())
                .isEqualTo(FirewallPlacement.FIREWALL_FIRST);
        assertThatThrownBy(() -> NetworkSettings.from(context(Map.of("firewallPlacement", "NAT_FIRST"))))
                .hasMessageContaining("'firewallPlacement' must be one of firewall-first, nat-first");
    }

    @Test
    void homeNetIsWhatTheFirewallSeesAsSource() {
        NetworkSettings firewallFirst = NetworkSettings.from(context(Map.of("vpcCidr", "10.8.0.0/20", "availabilityZoneCount", 3)));
        assertThat(firewallFirst.homeNet()).containsExactly("10.8.0.0/22", "10.8.4.0/22", "10.8.8.0/22");
        assertThat(firewallFirst.withFirewallPlacement(FirewallPlacement.NAT_FIRST).homeNet()).containsExactly("10.8.0.0/20");
    }

    @Test
    void concreteZoneNamesSetTheZoneCount() {
        NetworkSettings network = NetworkSettings.from(context(Map.of("availabilityZones", List.of("eu-west-1a", "eu-west-1c"))));
        assertThat(network.zoneCount()).isEqualTo(2);
        assertThat(network.zoneNames()).containsExactly("eu-west-1a", "eu-west-1c");
    }

    @Test
    void aBaselineDomainThatIsNotAPublicInternetNameIsRefused() {
        assertThatThrownBy(() -> NetworkSettings.from(context(Map.of("baselineDomains", List.of("intranet")))))
                .hasMessageContaining("single-label");
    }

    @Test
    void functionSizingOverridesApplyPerFunctionAndRespectTheApiGatewayLimit() {
        Path policy = TestStacks.temporaryDirectory().resolve("policy.txt");
        writePolicy(policy);
        ControlPlaneSettings settings = ControlPlaneSettings.from(context(Map.of("policyFile", policy.toString(),
                "functions", Map.of("firewall-sync", Map.of("memoryMb", 2048)), "driftMode", "adopt")));
        assertThat(settings.sizing().get(FunctionNames.FIREWALL_SYNC)).isEqualTo(new FunctionSizing(2048, 300));
        assertThat(settings.sizing().get(FunctionNames.REQUEST_API)).isEqualTo(FunctionSizing.defaultFor(FunctionNames.REQUEST_API));
        assertThat(settings.driftMode()).isEqualTo(DriftMode.ADOPT);
        assertThatThrownBy(() -> ControlPlaneSettings.from(context(Map.of("policyFile", policy.toString(),
                "functions", Map.of("request-api", Map.of("timeoutSeconds", 60))))))
                .hasMessageContaining("at most 29");
    }

    @Test
    void anInvalidApprovalPolicyFailsTheSynthWithItsLineNumbers() {
        assertThatThrownBy(() -> TestStacks.controlPlaneSettingsWithPolicy("quorum = many\n"))
                .hasMessageContaining("approval policy is invalid").hasMessageContaining("line 1");
    }

    @Test
    void theShippedApprovalPolicyIsValid() {
        ControlPlaneSettings settings = ControlPlaneSettings.from(context(Map.of()));
        assertThat(settings.policyText()).contains("quorum");
        assertThat(settings.functionsDir()).endsWith(Path.of("functions"));
    }

    private static void writePolicy(Path file) {
        try {
            Files.writeString(file, TestStacks.POLICY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
