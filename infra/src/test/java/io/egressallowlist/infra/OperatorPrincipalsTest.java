package io.egressallowlist.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.egressallowlist.infra.config.ContextValues;
import io.egressallowlist.infra.config.ControlPlaneSettings;
import io.egressallowlist.infra.config.NetworkSettings;
import io.egressallowlist.infra.config.StudioSettings;
import io.egressallowlist.shared.config.EnvKey;
import io.egressallowlist.shared.events.FunctionNames;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.assertions.Template;

/**
 * Context {@code operatorPrincipals}: who reads the audit trail besides the approvers. It reaches request-api, which
 * serves {@code GET /audit}, and no other function; a value that is no IAM ARN fails the synth.
 */
class OperatorPrincipalsTest {

    private static final String ROLE = "arn:aws:iam::111122223333:role/ops/EgressOperator";

    private static ContextValues context(Map<String, Object> values) {
        return new ContextValues(new App(AppProps.builder().context(values).build()).getNode());
    }

    private static Path policy() throws Exception {
        Path file = TestStacks.temporaryDirectory().resolve("policy.txt");
        Files.writeString(file, TestStacks.POLICY);
        return file;
    }

    @Test
    void operatorPrincipalsAreReadFromAJsonArrayOrACommaSeparatedString() throws Exception {
        String policy = policy().toString();
        assertThat(ControlPlaneSettings.from(context(Map.of("policyFile", policy, "operatorPrincipals",
                List.of(ROLE, "arn:aws:iam::111122223333:user/carol")))).operatorPrincipals())
                .containsExactly(ROLE, "arn:aws:iam::111122223333:user/carol");
        assertThat(ControlPlaneSettings.from(context(Map.of("policyFile", policy, "operatorPrincipals",
                ROLE + " , arn:aws:iam::111122223333:user/carol"))).operatorPrincipals()).hasSize(2);
        assertThat(ControlPlaneSettings.from(context(Map.of("policyFile", policy))).operatorPrincipals()).isEmpty();
    }

    @Test
    void anOperatorThatIsNoIamArnFailsTheSynthNamingTheContextKey() throws Exception {
        String policy = policy().toString();
        assertThatThrownBy(() -> ControlPlaneSettings.from(context(Map.of("policyFile", policy, "operatorPrincipals",
                "EgressOperator")))).hasMessageContaining("operatorPrincipals").hasMessageContaining("'EgressOperator'");
    }

    @Test
    void onlyRequestApiIsToldTheOperators() {
        Path work = TestStacks.temporaryDirectory();
        App app = new App(AppProps.builder().outdir(work.resolve("cdk.out").toString())
                .context(new HashMap<>(CdkJson.featureFlags())).build());
        ControlPlaneSettings base = TestStacks.controlPlaneSettings(TestStacks.functionJars(work.resolve("functions")),
                false);
        ControlPlaneSettings settings = new ControlPlaneSettings(base.functionsDir(), base.sizing(), base.policyText(),
                base.driftMode(), base.slackChannelId(), base.tracing(), base.javaToolOptions(), base.apiRateLimit(),
                base.apiBurstLimit(), base.logRetentionDays(), List.of(ROLE));
        EgressAllowlistStacks stacks = EgressAllowlistStacks.create(app, "Test", NetworkSettings.defaults(),
                StudioSettings.defaults(), settings);
        Template template = Template.fromStack(stacks.controlPlane());

        for (String name : FunctionNames.ALL) {
            Map<String, Object> env = ControlPlaneStackTest.environment(ControlPlaneStackTest.function(template, name));
            if (name.equals(FunctionNames.REQUEST_API)) {
                assertThat(env).containsEntry(EnvKey.OPERATOR_PRINCIPALS.name(), ROLE);
            } else {
                assertThat(env).as(name).doesNotContainKey(EnvKey.OPERATOR_PRINCIPALS.name());
            }
        }
    }
}
