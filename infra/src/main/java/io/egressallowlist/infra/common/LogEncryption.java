package io.egressallowlist.infra.common;

import java.util.List;
import java.util.Map;
import java.util.Set;

import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnDeletionPolicy;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * A customer-managed KMS key for a stack's CloudWatch Logs, and the log groups encrypted with it.
 * Log groups are retained when the stack is deleted: they are the evidence an investigation needs.
 */
public final class LogEncryption extends Construct {

    /** The retention periods CloudWatch Logs accepts. */
    private static final Set<Integer> RETENTIONS = Set.of(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545,
            731, 1096, 1827, 2192, 2557, 2922, 3288, 3653);

    private final Key key;
    private final int retentionDays;

    public LogEncryption(Construct scope, String id, int retentionDays) {
        super(scope, id);
        if (!RETENTIONS.contains(retentionDays)) {
            throw new IllegalArgumentException("logRetentionDays must be one of " + RETENTIONS.stream().sorted().toList()
                    + ", was " + retentionDays + ".");
        }
        this.retentionDays = retentionDays;
        key = Key.Builder.create(this, "Key")
                .description("Encrypts the CloudWatch Logs of " + scope.getNode().getPath())
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        // CloudWatch Logs uses the key on behalf of log groups of this account and region only. CloudWatch Logs
        // passes the log group ARN as encryption context on every KMS call ("Encrypt log data in CloudWatch Logs
        // using AWS KMS"), so this condition, which names this account, is its confused-deputy protection.
        key.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("AllowCloudWatchLogsOfThisAccount")
                .principals(List.of(new ServicePrincipal("logs." + Aws.REGION + ".amazonaws.com")))
                .actions(List.of("kms:Encrypt", "kms:Decrypt", "kms:ReEncryptFrom", "kms:ReEncryptTo",
                        "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext", "kms:DescribeKey"))
                .resources(List.of("*"))
                .conditions(Map.of("ArnLike", Map.of("kms:EncryptionContext:aws:logs:arn",
                        "arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":log-group:*")))
                .build());
    }

    /** An encrypted log group with the configured retention; named by CloudFormation unless given. */
    public ILogGroup logGroup(Construct scope, String id, String name) {
        CfnLogGroup group = CfnLogGroup.Builder.create(scope, id)
                .logGroupName(name)
                .retentionInDays(retentionDays)
                .kmsKeyId(key.getKeyArn())
                .build();
        group.getCfnOptions().setDeletionPolicy(CfnDeletionPolicy.RETAIN);
        group.getCfnOptions().setUpdateReplacePolicy(CfnDeletionPolicy.RETAIN);
        // Ref is the name; importing by it keeps the dependency on the group.
        return LogGroup.fromLogGroupName(scope, id + "Ref", group.getRef());
    }

    public Key key() {
        return key;
    }
}
