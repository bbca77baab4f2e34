package io.egressallowlist.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import io.egressallowlist.infra.config.ControlPlaneSettings;
import io.egressallowlist.infra.config.NetworkSettings;
import io.egressallowlist.infra.config.ScopeSettings;
import io.egressallowlist.infra.config.StudioSettings;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.reconcile.DriftMode;
import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.assertions.Template;

/**
 * Builds the three stacks the way the app does, with cdk-nag and cdk.json's feature flags, against small real
 * jars in a temp directory.
 */
public final class TestStacks {

    static final String POLICY = """
            default-duration = P30D
            max-duration = P90D
            quorum = 2
            approvers = U0123ABCD, U0456EFGH
            deny paste-sites = .pastebin.com ; Paste sites are an exfiltration channel
            """;

    public final EgressAllowlistStacks stacks;
    public final Template network;
    public final Template studio;
    public final Template controlPlane;

    private TestStacks(EgressAllowlistStacks stacks) {
        this.stacks = stacks;
        this.network = Template.fromStack(stacks.network());
        this.studio = Template.fromStack(stacks.studio());
        this.controlPlane = Template.fromStack(stacks.controlPlane());
    }

    public static TestStacks synth(int zones) {
        return synth(NetworkSettings.defaults().withZoneCount(zones), false);
    }

    public static TestStacks synth(NetworkSettings network, boolean tracing) {
        return synth(network, tracing, Map.of());
    }

    /** With {@code context} besides cdk.json's feature flags, as {@code -c key=value} would give it. */
    public static TestStacks synth(NetworkSettings network, boolean tracing, Map<String, Object> context) {
        Path work = temporaryDirectory();
        Map<String, Object> all = new HashMap<>(CdkJson.featureFlags());
        all.putAll(context);
        App app = new App(AppProps.builder().outdir(work.resolve("cdk.out").toString()).context(all).build());
        EgressAllowlistStacks stacks = EgressAllowlistStacks.create(app, "Test", network, StudioSettings.defaults(),
                controlPlaneSettings(functionJars(work.resolve("functions")), tracing));
        Aspects.of(app).add(new AwsSolutionsChecks());
        return new TestStacks(stacks);
    }

    /** With {@code scopes} declared, as context 'scopes' would declare them. */
    public static TestStacks synth(NetworkSettings network, ScopeSettings scopes) {
        Path work = temporaryDirectory();
        App app = new App(AppProps.builder().outdir(work.resolve("cdk.out").toString())
                .context(new HashMap<>(CdkJson.featureFlags())).build());
        EgressAllowlistStacks stacks = EgressAllowlistStacks.create(app, "Test", network, StudioSettings.defaults(),
                controlPlaneSettings(functionJars(work.resolve("functions")), false), scopes);
        Aspects.of(app).add(new AwsSolutionsChecks());
        return new TestStacks(stacks);
    }

    static ControlPlaneSettings controlPlaneSettings(Path functionsDir, boolean tracing) {
        return new ControlPlaneSettings(functionsDir, ControlPlaneSettings.defaultSizing(), POLICY, DriftMode.ENFORCE,
                "C0123CHANNEL", tracing, ControlPlaneSettings.DEFAULT_JAVA_TOOL_OPTIONS,
                ControlPlaneSettings.DEFAULT_API_RATE_LIMIT, ControlPlaneSettings.DEFAULT_API_BURST_LIMIT, 365);
    }

    static ControlPlaneSettings controlPlaneSettingsWithPolicy(String policy) {
        return new ControlPlaneSettings(temporaryDirectory(), ControlPlaneSettings.defaultSizing(), policy,
                DriftMode.ENFORCE, "C0123CHANNEL", false, ControlPlaneSettings.DEFAULT_JAVA_TOOL_OPTIONS, 20, 40, 365);
    }

    /** One small, valid jar per function at {@code <dir>/<name>/target/<name>.jar}. */
    static Path functionJars(Path dir) {
        try {
            for (String name : FunctionNames.ALL) {
                Path jar = dir.resolve(name).resolve("target").resolve(name + ".jar");
                Files.createDirectories(jar.getParent());
                Manifest manifest = new Manifest();
                manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
                try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
                    out.putNextEntry(new JarEntry("function-name.txt"));
                    out.write(name.getBytes(StandardCharsets.UTF_8));
                    out.closeEntry();
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path temporaryDirectory() {
        try {
            Path dir = Files.createTempDirectory("egress-infra-test");
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
