package io.egressallowlist.infra;

import static io.egressallowlist.infra.Templates.list;
import static io.egressallowlist.infra.Templates.map;
import static io.egressallowlist.infra.Templates.properties;
import static io.egressallowlist.infra.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.egressallowlist.infra.common.FunctionEnvironmentLimit;
import io.egressallowlist.infra.config.ControlPlaneSettings;
import io.egressallowlist.infra.config.NetworkSettings;
import io.egressallowlist.infra.config.StudioSettings;
import io.egressallowlist.infra.controlplane.ApprovalPolicyLayer;
import io.egressallowlist.shared.config.EnvKey;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.reconcile.DriftMode;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;

/**
 * The approval policy travels in a layer, never in a variable, and no function of any stack can be synthesized
 * with more environment than the 4 KB Lambda allows all of a function's variables together.
 */
class FunctionEnvironmentTest {

    private static TestStacks stacks;

    @BeforeAll
    static void synth() {
        stacks = TestStacks.synth(2);
    }

    static Stream<String> functions() {
        return FunctionNames.ALL.stream();
    }

    private static List<Template> templates() {
        return List.of(stacks.network, stacks.studio, stacks.controlPlane);
    }

    @Test
    void noFunctionOfAnyStackCarriesThePolicyTextInItsEnvironment() {
        List<String> policyLines = TestStacks.POLICY.lines().filter(line -> !line.isBlank()).toList();
        for (Template template : templates()) {
            resources(template, "AWS::Lambda::Function").forEach((id, function) -> {
                String environment = String.valueOf(properties(function).get("Environment"));
                assertThat(policyLines).as(id).noneMatch(environment::contains);
            });
        }
    }

    @ParameterizedTest
    @MethodSource("functions")
    void everyFunctionThatReadsThePolicyHasTheLayerAndItsPathInItsEnvironment(String name) {
        Map<String, Object> function = ControlPlaneStackTest.function(stacks.controlPlane, name);
        assertThat(EnvKey.POLICY_FILE.isReadBy(name)).isTrue();
        assertThat(ControlPlaneStackTest.environment(function))
                .containsEntry(EnvKey.POLICY_FILE.name(), ApprovalPolicyLayer.MOUNTED_PATH);
        assertThat(list(function.get("Layers")).stream().map(Templates::ref).toList()).containsExactly(policyLayerId());
    }

    @Test
    void theLayerHoldsThePolicyAtThePathTheFunctionsAreGivenForTheirRuntimeAndArchitecture() throws IOException {
        Map<String, Object> layer = properties(resources(stacks.controlPlane, "AWS::Lambda::LayerVersion")
                .get(policyLayerId()));
        assertThat(layer).containsEntry("CompatibleRuntimes", List.of("java21"))
                .containsEntry("CompatibleArchitectures", List.of("arm64"));
        String assetHash = map(layer.get("Content")).get("S3Key").toString().replace(".zip", "");
        // Lambda extracts a layer into /opt: the asset's relative path is the path under /opt.
        Path staged = outdir().resolve("asset." + assetHash)
                .resolve(ApprovalPolicyLayer.MOUNTED_PATH.substring("/opt/".length()));
        assertThat(ApprovalPolicyLayer.MOUNTED_PATH).startsWith("/opt/");
        assertThat(Files.readString(staged, StandardCharsets.UTF_8)).isEqualTo(TestStacks.POLICY);
        try (Stream<Path> files = Files.walk(outdir().resolve("asset." + assetHash))) {
            assertThat(files.filter(Files::isRegularFile).toList()).containsExactly(staged);
        }
    }

    @Test
    void everyFunctionOfEveryStackLeavesAtLeastOneKilobyteOfTheLimit() {
        for (Template template : templates()) {
            resources(template, "AWS::Lambda::Function").forEach((id, function) -> {
                Object environment = properties(function).get("Environment");
                Map<?, ?> variables = environment == null ? Map.of() : map(map(environment).get("Variables"));
                assertThat(FunctionEnvironmentLimit.size(variables)).as(id)
                        .isLessThanOrEqualTo(FunctionEnvironmentLimit.LIMIT_BYTES - 1024);
            });
        }
    }

    @Test
    void theSizeIsTheVariablesAsOneJsonObjectWithUnresolvedValuesCountedAtTheirBound() {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("A", "b");
        assertThat(FunctionEnvironmentLimit.size(variables)).isEqualTo("{\"A\":\"b\"}".length());
        variables.put("QUOTE", "say \"hi\"\n");
        assertThat(FunctionEnvironmentLimit.size(variables))
                .isEqualTo("{\"A\":\"b\",\"QUOTE\":\"say \\\"hi\\\"\\n\"}".length());
        assertThat(FunctionEnvironmentLimit.size(Map.of("T", Map.of("Ref", "Table"))))
                .isEqualTo("{\"T\":\"\"}".length() + 256);
        assertThat(FunctionEnvironmentLimit.size(Map.of("J", Map.of("Fn::Join", List.of("", List.of("ab-",
                Map.of("Ref", "Table"))))))).isEqualTo("{\"J\":\"ab-\"}".length() + 256);
        assertThat(FunctionEnvironmentLimit.size(Map.of("U", "é"))).isEqualTo("{\"U\":\"\"}".length() + 2);
    }

    @Test
    void aValueDeclaredWithItsBoundIsCountedAtThatBound() {
        App app = new App(AppProps.builder().outdir(TestStacks.temporaryDirectory().toString()).build());
        Stack stack = new Stack(app, "Bounds");
        String id = new software.amazon.awscdk.CfnParameter(stack, "DomainId").getValueAsString();
        function(stack, "Fits", Map.of("A", FunctionEnvironmentLimit.bounded(stack, id, 4_000), "B", "x".repeat(20)));
        function(stack, "TooLarge", Map.of("A", FunctionEnvironmentLimit.bounded(stack, id, 4_000), "B", "x".repeat(100)));
        FunctionEnvironmentLimit.addTo(stack);

        // 4,000 bytes for A: B of 20 fits, B of 100 does not; counted at 256, both would.
        assertThatThrownBy(app::synth).hasMessageContaining("Bounds/TooLarge/Resource")
                .hasMessageNotContaining("Bounds/Fits");
    }

    @Test
    void aFunctionWithTooLargeAnEnvironmentFailsTheSynthNamingThatFunctionOnly() {
        App app = new App(AppProps.builder().outdir(TestStacks.temporaryDirectory().toString()).build());
        Stack stack = new Stack(app, "Limits");
        function(stack, "Small", Map.of("TABLE", "requests"));
        function(stack, "Large", Map.of("TABLE", "requests", "BLOB", "x".repeat(4_100)));
        FunctionEnvironmentLimit.addTo(stack);

        assertThatThrownBy(app::synth)
                .hasMessageContaining("Limits/Large/Resource")
                .hasMessageContaining("over the 4096 bytes")
                .hasMessageContaining("BLOB (4")
                .hasMessageNotContaining("Limits/Small");
    }

    @Test
    void aControlPlaneWhoseVariablesOutgrowTheLimitFailsTheSynthNamingEachFunction() {
        Path work = TestStacks.temporaryDirectory();
        App app = new App(AppProps.builder().outdir(work.resolve("cdk.out").toString()).build());
        ControlPlaneSettings base = TestStacks.controlPlaneSettings(TestStacks.functionJars(work.resolve("functions")),
                false);
        ControlPlaneSettings oversized = new ControlPlaneSettings(base.functionsDir(), base.sizing(), base.policyText(),
                DriftMode.ENFORCE, base.slackChannelId(), false, "-Dpadding=" + "x".repeat(4_000),
                base.apiRateLimit(), base.apiBurstLimit(), base.logRetentionDays());
        EgressAllowlistStacks.create(app, "Big", NetworkSettings.defaults(), StudioSettings.defaults(), oversized);

        assertThatThrownBy(app::synth)
                .hasMessageContaining("Big-ControlPlane/FirewallSyncFunction/Function")
                .hasMessageContaining("Big-ControlPlane/RequestApiFunction/Function")
                .hasMessageContaining(EnvKey.JAVA_TOOL_OPTIONS.name());
    }

    private static void function(Stack stack, String id, Map<String, String> environment) {
        Function.Builder.create(stack, id).runtime(Runtime.PYTHON_3_12).handler("index.handler")
                .code(Code.fromInline("def handler(event, context):\n    return None\n"))
                .environment(environment).build();
    }

    private static String policyLayerId() {
        return resources(stacks.controlPlane, "AWS::Lambda::LayerVersion").keySet().stream()
                .filter(id -> id.startsWith("ApprovalPolicyLayer")).findFirst()
                .orElseThrow(() -> new AssertionError("no approval policy layer"));
    }

    private static Path outdir() {
        return Path.of(((App) stacks.stacks.controlPlane().getNode().getRoot()).getOutdir());
    }
}
