package io.egressallowlist.infra.controlplane;

import java.util.List;
import java.util.Map;

import io.egressallowlist.infra.common.CustomResourceFunction;
import io.egressallowlist.infra.common.LogEncryption;
import io.egressallowlist.infra.common.Nag;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The account-wide API Gateway setting that stage logging needs: API Gateway writes the logs of every
 * stage of an account and Region with one role, {@code cloudwatchRoleArn} of the account, and a stage
 * with access logging fails to create while none is set ("Permissions for CloudWatch logging", API
 * Gateway developer guide; aws-api-notes §9).
 *
 * <p>Not {@code AWS::ApiGateway::Account}: that resource overwrites whatever role the account has, and
 * leaves its own role named in the setting after the stack deleted it. Instead a custom resource
 * ({@code api_gateway_account.py}) sets this stack's role only where no existing role is set, never
 * replaces another, and leaves the setting alone on deletion; the role is retained with the stack's
 * deletion, because the account setting (and every stage of the account logging through it) may still
 * name it.
 */
public final class ApiGatewayAccountLogging extends Construct {

    private static final String LOG_GROUPS_OF_THIS_ACCOUNT =
            "arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":log-group:*";

    private final CustomResource setting;

    public ApiGatewayAccountLogging(Construct scope, String id, LogEncryption logs) {
        super(scope, id);
        Role role = Role.Builder.create(this, "CloudWatchRole")
                .assumedBy(new ServicePrincipal("apigateway.amazonaws.com"))
                .description("API Gateway's account-wide role for writing stage logs to CloudWatch Logs; retained "
                        + "when the stack is deleted because the account setting may still name it.")
                // The actions of the AWS managed AmazonAPIGatewayPushToCloudWatchLogs, which API Gateway documents
                // for this role, limited to the log groups of this account and region.
                .inlinePolicies(Map.of("PushToCloudWatchLogs", PolicyDocument.Builder.create()
                        .statements(List.of(PolicyStatement.Builder.create()
                                .actions(List.of("logs:CreateLogGroup", "logs:CreateLogStream", "logs:DescribeLogGroups",
                                        "logs:DescribeLogStreams", "logs:PutLogEvents", "logs:GetLogEvents",
                                        "logs:FilterLogEvents"))
                                .resources(List.of(LOG_GROUPS_OF_THIS_ACCOUNT))
                                .build()))
                        .build()))
                .build();
        role.applyRemovalPolicy(RemovalPolicy.RETAIN);
        Nag.suppress(role, "AwsSolutions-IAM5", "The account-wide role of API Gateway: it writes the log groups of "
                        + "any stage of any API of this account and region (execution logs go to groups API Gateway "
                        + "names itself), so it cannot name them.",
                "^Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:log-group:\\*$");

        String account = "arn:" + Aws.PARTITION + ":apigateway:" + Aws.REGION + "::/account";
        CustomResourceFunction function = new CustomResourceFunction(this, "Setter", ApiGatewayAccountLogging.class,
                "api_gateway_account.py", "Sets API Gateway's account CloudWatch Logs role where none is set.",
                List.of(
                        PolicyStatement.Builder.create().sid("ReadAndSetTheAccountSetting")
                                .actions(List.of("apigateway:GET", "apigateway:PATCH"))
                                .resources(List.of(account))
                                .build(),
                        PolicyStatement.Builder.create().sid("PassTheRoleToApiGateway")
                                .actions(List.of("iam:PassRole"))
                                .resources(List.of(role.getRoleArn()))
                                .conditions(Map.of("StringEquals",
                                        Map.of("iam:PassedToService", "apigateway.amazonaws.com")))
                                .build(),
                        PolicyStatement.Builder.create().sid("CheckTheRoleAlreadySetExists")
                                .actions(List.of("iam:GetRole"))
                                .resources(List.of("arn:" + Aws.PARTITION + ":iam::" + Aws.ACCOUNT_ID + ":role/*"))
                                .build()),
                Duration.minutes(3), logs);
        Nag.suppress(function, "AwsSolutions-IAM5", "GetRole (read only) on the roles of this account: the role "
                        + "already named in the account setting can be any role, and must exist before it is kept.",
                "^Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role/\\*$");
        setting = function.resource(this, "Setting", "Custom::ApiGatewayCloudWatchRole",
                Map.of("RoleArn", role.getRoleArn()));
    }

    /** Makes {@code api}'s stage wait for the account setting, which its access logging needs. */
    public void requiredBy(RestApi api) {
        api.getDeploymentStage().getNode().addDependency(setting);
    }
}
