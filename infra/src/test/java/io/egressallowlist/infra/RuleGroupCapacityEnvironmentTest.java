package io.egressallowlist.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.egressallowlist.infra.config.ControlPlaneSettings;
import io.egressallowlist.infra.config.NetworkSettings;
import io.egressallowlist.infra.config.StudioSettings;
import io.egressallowlist.shared.config.EnvKey;
import io.egressallowlist.shared.events.FunctionNames;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * The rule group's capacity (context {@code ruleGroupCapacity}, fixed once the group exists) reaches the functions
 * that take new requests, which warn when the allow-list is full or nearly so, and no other function.
 */
class RuleGroupCapacityEnvironmentTest {

    @Test
    void theFunctionsThatTakeRequestsAreToldTheNetworksRuleGroupCapacity() {
        Path work = TestStacks.temporaryDirectory();
        App app = new App(AppProps.builder().outdir(work.resolve("cdk.out").toString())
                .context(new HashMap<>(CdkJson.featureFlags())).build());
        ControlPlaneSettings settings = TestStacks.controlPlaneSettings(TestStacks.functionJars(work.resolve("functions")),
                false);
        EgressAllowlistStacks stacks = EgressAllowlistStacks.create(app, "Test",
                NetworkSettings.defaults().withRuleGroupCapacity(5000), StudioSettings.defaults(), settings);
        Template template = Template.fromStack(stacks.controlPlane());

        for (String name : FunctionNames.ALL) {
            Map<String, Object> env = ControlPlaneStackTest.environment(ControlPlaneStackTest.function(template, name));
            if (name.equals(FunctionNames.REQUEST_API) || name.equals(FunctionNames.SLACK_INTERACTIONS)) {
                assertThat(env).as(name).containsEntry(EnvKey.RULE_GROUP_CAPACITY.name(), "5000");
            } else {
                assertThat(env).as(name).doesNotContainKey(EnvKey.RULE_GROUP_CAPACITY.name());
            }
        }
    }
}
