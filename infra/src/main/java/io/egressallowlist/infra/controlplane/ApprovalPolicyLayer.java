package io.egressallowlist.infra.controlplane;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.amazon.awscdk.services.lambda.Runtime;
import software.constructs.Construct;

/**
 * The approval policy, shipped to the functions as a Lambda layer built at synth from the policy file.
 *
 * <p>Why a layer: Lambda allows all environment variables of a function together 4 KB (aws-api-notes §9),
 * and a policy with its deny rules and auto-approve list outgrows that; a layer is extracted under
 * {@code /opt} before the function starts (so the policy is read at init, and SnapStart's snapshot holds it)
 * and one asset serves all six functions, where bundling it into each jar would rewrite six assets. Parameter
 * Store would add a call, an IAM grant and a failure mode to every cold start, and its standard tier stops at
 * 4 KB as well. The layer's content hash is the policy's, so a policy change publishes a new layer version,
 * which changes every function's configuration and therefore publishes a new function version (and a new
 * SnapStart snapshot) behind the {@code live} alias; an unchanged policy changes nothing.
 */
public final class ApprovalPolicyLayer extends Construct {

    /** The directory inside the layer; Lambda extracts layers into {@code /opt}. */
    static final String DIRECTORY = "egress-allowlist";
    static final String FILE_NAME = "approval-policy.txt";
    /** Where the functions find the policy: the value of {@code POLICY_FILE}. */
    public static final String MOUNTED_PATH = "/opt/" + DIRECTORY + "/" + FILE_NAME;

    private final LayerVersion layer;

    /** @param policyText the policy, already validated by the settings */
    public ApprovalPolicyLayer(Construct scope, String id, String policyText) {
        this(scope, id, policyText, Map.of());
    }

    /**
     * @param policyText   the policy, already validated by the settings
     * @param scopePolicies each scope's policy by scope name, validated; shipped at {@link #scopePolicyPath}
     */
    public ApprovalPolicyLayer(Construct scope, String id, String policyText, Map<String, String> scopePolicies) {
        super(scope, id);
        layer = LayerVersion.Builder.create(this, "Layer")
                .description("Egress allow-list approval policy, read from " + MOUNTED_PATH)
                .code(Code.fromAsset(stage(policyText, scopePolicies).toString()))
                .compatibleRuntimes(List.of(Runtime.JAVA_21))
                .compatibleArchitectures(List.of(Architecture.ARM_64))
                // A version a function still points at is kept by Lambda anyway; older ones stay for rollback.
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
    }

    public LayerVersion layer() {
        return layer;
    }

    /** Where a scope's policy is, relative to the directory of the policy (and of the scopes file). */
    public static String scopePolicyPath(String scope) {
        return "scopes/" + scope + ".policy";
    }

    /**
     * A directory holding only {@code egress-allowlist/approval-policy.txt} and the scopes' policies; the asset is
     * hashed by content.
     */
    private static Path stage(String policyText, Map<String, String> scopePolicies) {
        try {
            Path root = Files.createTempDirectory("approval-policy-layer");
            Path directory = Files.createDirectories(root.resolve(DIRECTORY));
            Files.writeString(directory.resolve(FILE_NAME), policyText, StandardCharsets.UTF_8);
            for (Map.Entry<String, String> policy : scopePolicies.entrySet()) {
                Path file = directory.resolve(scopePolicyPath(policy.getKey()));
                Files.createDirectories(file.getParent());
                Files.writeString(file, policy.getValue(), StandardCharsets.UTF_8);
            }
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("could not stage the approval policy layer", e);
        }
    }
}
