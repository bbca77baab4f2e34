package io.egressallowlist.infra.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.egressallowlist.shared.domain.Operators;
import io.egressallowlist.shared.domain.PolicyParser;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.reconcile.DriftMode;

/**
 * What the control-plane stack is built from.
 *
 * @param functionsDir     where the function jars are: {@code <dir>/<name>/target/<name>.jar}
 * @param sizing           memory and timeout per function name
 * @param policyText       the approval policy (approvers, quorum, deny rules, auto-approve, durations),
 *                         validated here so a broken policy fails the synth, not the first request
 * @param driftMode        what firewall-sync does when the live rule group differs from the last version
 * @param slackChannelId   the channel where approval requests are posted
 * @param tracing          whether the functions send traces to X-Ray
 * @param javaToolOptions  JVM flags; C1-only compilation shortens cold starts (aws-api-notes §6)
 * @param apiRateLimit     steady-state requests per second, per API stage
 * @param apiBurstLimit    burst requests, per API stage
 * @param logRetentionDays retention of function and API access logs
 * @param operatorPrincipals IAM user or role ARNs who read the audit trail besides the approvers
 *                         ({@code OPERATOR_PRINCIPALS} of request-api), validated here so a typo fails the synth
 */
public record ControlPlaneSettings(Path functionsDir, Map<String, FunctionSizing> sizing, String policyText,
                                   DriftMode driftMode, String slackChannelId, boolean tracing,
                                   String javaToolOptions, int apiRateLimit, int apiBurstLimit,
                                   int logRetentionDays, List<String> operatorPrincipals) {

    public static final String DEFAULT_FUNCTIONS_DIR = "../functions";
    public static final String DEFAULT_POLICY_FILE = "approval-policy.txt";
    /**
     * C1 only: the best of the flags measured by {@code bench/run.sh cold-start} that need nothing shipped
     * beside the jar (bench/README.md: 18–53 % less cold-invocation time than the default flags, every
     * function). AppCDS did better still, but needs an archive dumped from the exact jar; with SnapStart a
     * restore does not start the JVM, so it would only speed up taking the snapshot.
     */
    public static final String DEFAULT_JAVA_TOOL_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1";
    public static final int DEFAULT_API_RATE_LIMIT = 20;
    public static final int DEFAULT_API_BURST_LIMIT = 40;
    public static final int DEFAULT_LOG_RETENTION_DAYS = 365;

    public ControlPlaneSettings {
        functionsDir = functionsDir.toAbsolutePath().normalize();
        sizing = Map.copyOf(sizing);
        if (!sizing.keySet().equals(Set.copyOf(FunctionNames.ALL))) {
            throw new IllegalArgumentException("Sizing must name exactly " + FunctionNames.ALL + ", was " + sizing.keySet());
        }
        if (PolicyParser.parse(policyText) instanceof PolicyParser.Invalid invalid) {
            throw new IllegalArgumentException("The approval policy is invalid:\n  " + String.join("\n  ", invalid.errors()));
        }
        if (apiRateLimit < 1 || apiBurstLimit < 1) {
            throw new IllegalArgumentException("API throttling limits must be positive.");
        }
        if (logRetentionDays < 1) {
            throw new IllegalArgumentException("logRetentionDays must be positive, was " + logRetentionDays + ".");
        }
        try {
            operatorPrincipals = new Operators(operatorPrincipals).principals();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Context 'operatorPrincipals': " + e.getMessage() + ".", e);
        }
    }

    /** Without operators: only approvers read the audit trail. */
    public ControlPlaneSettings(Path functionsDir, Map<String, FunctionSizing> sizing, String policyText,
                                DriftMode driftMode, String slackChannelId, boolean tracing, String javaToolOptions,
                                int apiRateLimit, int apiBurstLimit, int logRetentionDays) {
        this(functionsDir, sizing, policyText, driftMode, slackChannelId, tracing, javaToolOptions, apiRateLimit,
                apiBurstLimit, logRetentionDays, List.of());
    }

    /** The jar a function module builds: {@code <functionsDir>/<name>/target/<name>.jar}. */
    public Path jarOf(String function) {
        return functionsDir.resolve(function).resolve("target").resolve(function + ".jar");
    }

    public static ControlPlaneSettings from(ContextValues context) {
        Map<String, Object> overrides = context.object("functions");
        Map<String, FunctionSizing> sizing = new LinkedHashMap<>();
        FunctionNames.ALL.forEach(name -> sizing.put(name, FunctionSizing.from(name, overrides.get(name))));
        return new ControlPlaneSettings(
                Path.of(context.string("functionsDir", DEFAULT_FUNCTIONS_DIR)),
                sizing,
                read(Path.of(context.string("policyFile", DEFAULT_POLICY_FILE))),
                DriftMode.valueOf(context.string("driftMode", DriftMode.ENFORCE.name()).toUpperCase(Locale.ROOT)),
                context.string("slackChannelId", ""),
                context.bool("tracing", false),
                context.string("javaToolOptions", DEFAULT_JAVA_TOOL_OPTIONS),
                context.integer("apiRateLimit", DEFAULT_API_RATE_LIMIT),
                context.integer("apiBurstLimit", DEFAULT_API_BURST_LIMIT),
                context.integer("logRetentionDays", DEFAULT_LOG_RETENTION_DAYS),
                context.list("operatorPrincipals", List.of()));
    }

    public static Map<String, FunctionSizing> defaultSizing() {
        Map<String, FunctionSizing> sizing = new LinkedHashMap<>();
        FunctionNames.ALL.forEach(name -> sizing.put(name, FunctionSizing.defaultFor(name)));
        return sizing;
    }

    private static String read(Path policyFile) {
        try {
            return Files.readString(policyFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the approval policy " + policyFile.toAbsolutePath()
                    + " (context 'policyFile').", e);
        }
    }
}
