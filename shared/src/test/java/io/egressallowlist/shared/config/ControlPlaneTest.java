package io.egressallowlist.shared.config;

import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.notify.RecordingNotifier;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.testing.LocalEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The composition root: what it refuses to start without, and that it builds each part once. */
class ControlPlaneTest {

    private static final String RULE_GROUP = "arn:aws:network-firewall:us-east-1:123456789012:stateful-rulegroup/egress";

    /** Local endpoints that nothing listens on: building a client or a part sends nothing. */
    private static ControlPlaneEnvironment environment() {
        return LocalEnvironment.of(TableNames.withPrefix("root"), "bus", URI.create("http://127.0.0.1:9"),
                URI.create("http://127.0.0.1:9")).policy(LocalEnvironment.ONE_APPROVER_POLICY);
    }

    @Test
    void aFunctionThatLacksWhatItNeedsIsRefusedWithEveryMissingVariableAndTheFunctionNamed() {
        ControlPlaneConfig config = environment().config();

        assertThatThrownBy(() -> ControlPlane.builder(FunctionNames.REQUEST_API, config).build())
                .isInstanceOf(ControlPlaneConfig.ConfigException.class)
                .hasMessageContaining(EnvKey.RULE_GROUP_ARN.name() + " is required by request-api");
        assertThatThrownBy(() -> ControlPlane.builder(FunctionNames.SLACK_INTERACTIONS, config).build())
                .hasMessageContaining(EnvKey.SLACK_SIGNING_SECRET_ARN.name())
                .hasMessageContaining(EnvKey.SLACK_BOT_TOKEN_ARN.name())
                .hasMessageContaining(EnvKey.SLACK_CHANNEL_ID.name())
                .hasMessageContaining(EnvKey.RULE_GROUP_ARN.name() + " is required by slack-interactions");
        assertThatThrownBy(() -> ControlPlane.builder(FunctionNames.STUDIO_GUARD, config).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(EnvKey.PROTECTED_SUBNET_IDS.name() + " is required by studio-guard");
    }

    @Test
    void theGuardNeedsNoRuleGroupAndRefusesIdsThatAreNotStudioDomainIds() {
        ControlPlaneEnvironment guard = environment().protectedSubnetIds(List.of("subnet-1"));

        assertThat(ControlPlane.builder(FunctionNames.STUDIO_GUARD, guard.config()).build()).isNotNull();
        assertThatThrownBy(() -> ControlPlane.builder(FunctionNames.STUDIO_GUARD,
                guard.studioDomainIds(List.of("d-abc123", "studio-prod")).config()).build())
                .hasMessageContaining(EnvKey.STUDIO_DOMAIN_IDS.name()).hasMessageContaining("studio-prod");
    }

    @ParameterizedTest
    @ValueSource(strings = {"subnet-0abc", "subnet-0abc=", "=d-abc1", "subnet-0abc=d-abc=d-def", "vpc-0abc=d-abc1",
            "subnet-0abc=D-ABC1", "subnet-0abc=<!channel>"})
    void alertIngestRefusesAMalformedStudioSubnetNamingTheVariable(String entry) {
        ControlPlaneConfig config = environment().ruleGroupArn(RULE_GROUP)
                .set(EnvKey.STUDIO_SUBNETS, "subnet-0fff=d-fff1," + entry).config();

        assertThatThrownBy(() -> ControlPlane.builder(FunctionNames.ALERT_INGEST, config).build())
                .isInstanceOf(ControlPlaneConfig.ConfigException.class)
                .hasMessageContaining(EnvKey.STUDIO_SUBNETS.name() + " entries look like subnet-0abc123=d-abc123")
                .hasMessageContaining(entry);
    }

    @Test
    void alertIngestStartsWithWellFormedStudioSubnetsOrNone() {
        ControlPlaneEnvironment ingest = environment().ruleGroupArn(RULE_GROUP);

        assertThat(ControlPlane.builder(FunctionNames.ALERT_INGEST, ingest.config()).build()).isNotNull();
        assertThat(ControlPlane.builder(FunctionNames.ALERT_INGEST,
                ingest.studioSubnets(Map.of("subnet-0abc123", "d-abc123")).config()).build()).isNotNull();
    }

    @Test
    void aRuleGroupArnThatIsNotOneIsRefusedAtStart() {
        ControlPlaneConfig config = environment().ruleGroupArn("studio-egress").config();

        assertThatThrownBy(() -> ControlPlane.builder(FunctionNames.FIREWALL_SYNC, config).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stateful-rulegroup");
    }

    @Test
    void anUnknownFunctionIsRefused() {
        assertThatThrownBy(() -> ControlPlane.builder("blocked-attempts", environment().config()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blocked-attempts");
    }

    @Test
    void eachPartIsBuiltOnceAndSharedByEverythingThatUsesIt() {
        ControlPlane plane = ControlPlane.builder(FunctionNames.STALE_CLEANUP,
                environment().ruleGroupArn(RULE_GROUP).config()).notifier(new RecordingNotifier()).build();

        assertThat(plane.requests()).isSameAs(plane.requests());
        assertThat(plane.requestService()).isSameAs(plane.requestService());
        assertThat(plane.cleanupService()).isSameAs(plane.cleanupService());
        assertThat(plane.versions()).isSameAs(plane.versions());
    }

    @Test
    void aGivenNotifierReplacesSlackAndWithoutOneSlackMustBeConfigured() {
        RecordingNotifier recording = new RecordingNotifier();
        ControlPlaneConfig config = environment().ruleGroupArn(RULE_GROUP).config();

        assertThat(ControlPlane.builder(FunctionNames.FIREWALL_SYNC, config).notifier(recording).build().notifier())
                .isSameAs(recording);
        ControlPlane withoutSlack = ControlPlane.builder(FunctionNames.FIREWALL_SYNC, config).build();
        assertThatThrownBy(withoutSlack::notifier).isInstanceOf(ControlPlaneConfig.ConfigException.class)
                .hasMessageContaining(EnvKey.SLACK_BOT_TOKEN_ARN.name())
                .hasMessageContaining(EnvKey.SLACK_CHANNEL_ID.name());
    }
}
