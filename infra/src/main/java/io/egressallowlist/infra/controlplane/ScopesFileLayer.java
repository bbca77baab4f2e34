package io.egressallowlist.infra.controlplane;

import java.util.List;
import java.util.Map;

import io.egressallowlist.infra.common.CustomResourceFunction;
import io.egressallowlist.infra.common.LogEncryption;
import io.egressallowlist.infra.config.ScopeSettings;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.lambda.LayerVersion;
import software.constructs.Construct;

/**
 * The scopes file ({@code ScopesParser}'s format), shipped to the functions as a layer published at deploy
 * ({@code scopes_layer.py}): it names each scope's rule group by ARN, and the account and Region in an ARN are known
 * only at deploy, which a layer built at synth cannot hold. Each scope's policy travels in the approval-policy layer
 * ({@link ApprovalPolicyLayer#scopePolicyPath}); both layers extract into the same directory under {@code /opt}, so
 * the file names each policy relative to itself.
 */
public final class ScopesFileLayer extends Construct {

    static final String FILE_NAME = "scopes.txt";
    /** Where the functions find the scopes file: the value of {@code SCOPES_FILE}. */
    public static final String MOUNTED_PATH = "/opt/" + ApprovalPolicyLayer.DIRECTORY + "/" + FILE_NAME;

    private final CustomResource layerVersion;
    private final ILayerVersion layer;

    /**
     * @param ruleGroupArns each scope's rule group
     * @param domainIds     each team scope's Studio domains
     * @param subnetIds     each team scope's SageMaker subnets
     */
    public ScopesFileLayer(Construct scope, String id, ScopeSettings scopes, Map<String, String> ruleGroupArns,
                           Map<String, List<String>> domainIds, Map<String, List<String>> subnetIds,
                           LogEncryption logs) {
        super(scope, id);
        String layerName = Stack.of(this).getStackName() + "-scopes";
        CustomResourceFunction publisher = new CustomResourceFunction(this, "Publisher", ScopesFileLayer.class,
                "scopes_layer.py", "Publishes the scopes file, with its rule group ARNs, as a layer version.",
                List.of(PolicyStatement.Builder.create().sid("PublishTheScopesLayerOnly")
                        .actions(List.of("lambda:PublishLayerVersion"))
                        .resources(List.of("arn:" + Aws.PARTITION + ":lambda:" + Aws.REGION + ":" + Aws.ACCOUNT_ID
                                + ":layer:" + layerName))
                        .build()),
                Duration.minutes(2), logs);
        layerVersion = publisher.resource(this, "LayerVersion", "Custom::ScopesLayer", Map.of(
                "LayerName", layerName,
                "Description", "Egress allow-list scopes, read from " + MOUNTED_PATH,
                "CompatibleRuntimes", List.of("java21"),
                "CompatibleArchitectures", List.of("arm64"),
                "Files", Map.of(ApprovalPolicyLayer.DIRECTORY + "/" + FILE_NAME, text(scopes, ruleGroupArns, domainIds, subnetIds))));
        layer = LayerVersion.fromLayerVersionArn(this, "Layer", layerVersion.getAttString("LayerVersionArn"));
    }

    public ILayerVersion layer() {
        return layer;
    }

    /**
     * The file, one block per scope in declaration order; ARNs, created domains' ids and subnet ids are resolved at
     * deploy. The scopes' domains and subnets are here, not in the functions' variables: for every scope they outgrow
     * the 4 KB Lambda allows a function's variables ({@code FunctionEnvironmentLimit}).
     */
    static String text(ScopeSettings scopes, Map<String, String> ruleGroupArns, Map<String, List<String>> domainIds,
                       Map<String, List<String>> subnetIds) {
        StringBuilder text = new StringBuilder("# Scopes: one block per scope, starting with \"scope <name>\".\n"
                + "# Written by the control-plane stack from context 'scopes'.\n");
        for (ScopeSettings.Scope scope : scopes.scopes()) {
            text.append("\nscope ").append(scope.name()).append('\n');
            line(text, "rule-group", ruleGroupArns.get(scope.name()));
            line(text, "capacity", Integer.toString(scope.capacity()));
            List<String> domains = domainIds.getOrDefault(scope.name(), List.of());
            if (!domains.isEmpty()) {
                line(text, "studio-domains", String.join(", ", domains));
            }
            if (scope.learning()) {
                line(text, "mode", "learn");
            }
            line(text, "policy", ApprovalPolicyLayer.scopePolicyPath(scope.name()));
            List<String> subnets = subnetIds.getOrDefault(scope.name(), List.of());
            if (!subnets.isEmpty()) {
                line(text, "studio-subnets", String.join(", ", subnets));
            }
        }
        return text.toString();
    }

    private static void line(StringBuilder text, String key, String value) {
        text.append(String.format("%-14s = ", key)).append(value).append('\n');
    }
}
