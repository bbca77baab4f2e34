package io.egressallowlist.infra.studio;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.egressallowlist.infra.common.Nag;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * The role Studio apps and the jobs they start run as. Written out instead of
 * {@code AmazonSageMakerFullAccess}: that policy reaches every SageMaker resource, every S3 bucket named
 * like {@code *sagemaker*}, and can start jobs outside the protected subnets. Here, jobs may only be
 * created inside the protected subnets and security group, so they cannot bypass the firewall.
 */
public final class StudioExecutionRole extends Construct {

    private final Role role;

    public StudioExecutionRole(Construct scope, String id, String vpcId, List<String> subnetIds,
                               String securityGroupId) {
        super(scope, id);
        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("sagemaker.amazonaws.com"))
                .description("SageMaker Studio execution role: Studio apps and jobs in the protected network only.")
                .build();
        List<PolicyStatement> statements = new ArrayList<>();
        statements.add(statement("StudioAppsAndSpaces", List.of(
                        "sagemaker:CreateApp", "sagemaker:DeleteApp", "sagemaker:DescribeApp",
                        "sagemaker:CreateSpace", "sagemaker:UpdateSpace", "sagemaker:DeleteSpace",
                        "sagemaker:DescribeSpace", "sagemaker:DescribeDomain", "sagemaker:DescribeUserProfile",
                        "sagemaker:AddTags", "sagemaker:ListTags"),
                List.of(sageMaker("domain/*"), sageMaker("user-profile/*"), sageMaker("space/*"), sageMaker("app/*"))));
        statements.add(statement("ListStudioResources", List.of(
                        "sagemaker:ListApps", "sagemaker:ListSpaces", "sagemaker:ListUserProfiles",
                        "sagemaker:ListTrainingJobs", "sagemaker:ListProcessingJobs"),
                List.of("*")));
        statements.add(PolicyStatement.Builder.create()
                .sid("JobsOnlyInTheProtectedNetwork")
                .actions(List.of("sagemaker:CreateTrainingJob", "sagemaker:CreateProcessingJob"))
                .resources(List.of(sageMaker("training-job/*"), sageMaker("processing-job/*")))
                .conditions(Map.of(
                        "Null", Map.of("sagemaker:VpcSubnets", "false", "sagemaker:VpcSecurityGroupIds", "false"),
                        "ForAllValues:StringEquals", Map.of(
                                "sagemaker:VpcSubnets", subnetIds,
                                "sagemaker:VpcSecurityGroupIds", List.of(securityGroupId))))
                .build());
        statements.add(statement("ManageOwnJobs", List.of(
                        "sagemaker:DescribeTrainingJob", "sagemaker:StopTrainingJob",
                        "sagemaker:DescribeProcessingJob", "sagemaker:StopProcessingJob"),
                List.of(sageMaker("training-job/*"), sageMaker("processing-job/*"))));
        statements.add(PolicyStatement.Builder.create()
                .sid("PassSelfToSageMakerJobs")
                .actions(List.of("iam:PassRole"))
                .resources(List.of(role.getRoleArn()))
                .conditions(Map.of("StringEquals", Map.of("iam:PassedToService", "sagemaker.amazonaws.com")))
                .build());
        statements.add(statement("JobNetworkInterfacesDescribe", List.of(
                        "ec2:DescribeNetworkInterfaces", "ec2:DescribeVpcs", "ec2:DescribeSubnets",
                        "ec2:DescribeSecurityGroups", "ec2:DescribeDhcpOptions"),
                List.of("*")));
        statements.add(PolicyStatement.Builder.create()
                .sid("JobNetworkInterfacesInTheProtectedVpc")
                .actions(List.of("ec2:CreateNetworkInterface", "ec2:CreateNetworkInterfacePermission",
                        "ec2:DeleteNetworkInterface", "ec2:DeleteNetworkInterfacePermission"))
                .resources(List.of(ec2("network-interface/*")))
                .conditions(Map.of("StringEquals", Map.of("ec2:Vpc", ec2("vpc/" + vpcId))))
                .build());
        statements.add(statement("JobNetworkInterfacesInTheProtectedSubnets", List.of("ec2:CreateNetworkInterface"),
                concat(subnetIds.stream().map(s -> ec2("subnet/" + s)).toList(),
                        List.of(ec2("security-group/" + securityGroupId)))));
        statements.add(statement("DefaultSageMakerBucket", List.of(
                        "s3:CreateBucket", "s3:GetBucketLocation", "s3:ListBucket",
                        "s3:GetObject", "s3:PutObject", "s3:DeleteObject"),
                List.of(defaultBucket(), defaultBucket() + "/*")));
        statements.add(statement("SageMakerLogs", List.of(
                        "logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents",
                        "logs:DescribeLogStreams", "logs:GetLogEvents"),
                List.of("arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID
                        + ":log-group:/aws/sagemaker/*")));
        statements.add(PolicyStatement.Builder.create()
                .sid("SageMakerMetrics")
                .actions(List.of("cloudwatch:PutMetricData"))
                .resources(List.of("*"))
                .conditions(Map.of("StringLike", Map.of("cloudwatch:namespace", List.of("/aws/sagemaker/*", "SageMaker*"))))
                .build());
        statements.add(statement("EcrLogin", List.of("ecr:GetAuthorizationToken"), List.of("*")));
        statements.add(statement("EcrPullImages", List.of(
                        "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"),
                List.of("arn:" + Aws.PARTITION + ":ecr:" + Aws.REGION + ":*:repository/*")));
        role.attachInlinePolicy(Policy.Builder.create(this, "Permissions")
                .document(PolicyDocument.Builder.create().statements(statements).build())
                .build());
        suppressFindings();
    }

    /** Each wildcard above, with why it cannot be narrower. */
    private void suppressFindings() {
        String arn = "^Resource::arn:<AWS::Partition>:";
        String here = "<AWS::Region>:<AWS::AccountId>:";
        Nag.suppress(this, "AwsSolutions-IAM5", "Studio creates domains' apps, spaces and profiles with ids it "
                        + "chooses at run time; the domain itself references this role, so its id cannot appear here "
                        + "without a dependency cycle. Limited to this account and region.",
                arn + "sagemaker:" + here + "(domain|user-profile|space|app)/\\*$");
        Nag.suppress(this, "AwsSolutions-IAM5", "Jobs are named by the data scientist; creation is conditioned on "
                        + "sagemaker:VpcSubnets and sagemaker:VpcSecurityGroupIds being the protected ones.",
                arn + "sagemaker:" + here + "(training-job|processing-job)/\\*$");
        Nag.suppress(this, "AwsSolutions-IAM5", "Network interfaces of VPC jobs are created by SageMaker with "
                        + "ids unknown in advance; limited to the protected VPC by the ec2:Vpc condition.",
                arn + "ec2:" + here + "network-interface/\\*$");
        Nag.suppress(this, "AwsSolutions-IAM5", "Objects in the SageMaker SDK's default bucket "
                        + "(sagemaker-<region>-<account>) only; their keys are chosen by the SDK.",
                arn + "s3:::sagemaker-<AWS::Region>-<AWS::AccountId>/\\*$");
        Nag.suppress(this, "AwsSolutions-IAM5", "Log groups SageMaker creates per job and app under "
                        + "/aws/sagemaker/ only.",
                arn + "logs:" + here + "log-group:/aws/sagemaker/\\*$");
        Nag.suppress(this, "AwsSolutions-IAM5", "SageMaker's own framework and Studio images live in "
                        + "AWS-owned accounts that differ by region; pulls only (no push), in this region only.",
                arn + "ecr:<AWS::Region>:\\*:repository/\\*$");
        Nag.suppress(this, "AwsSolutions-IAM5", "Actions without resource-level permissions: sagemaker:List*, "
                        + "ec2:Describe*, ecr:GetAuthorizationToken, and cloudwatch:PutMetricData (which is limited "
                        + "by the cloudwatch:namespace condition).",
                "^Resource::\\*$");
    }

    private static PolicyStatement statement(String sid, List<String> actions, List<String> resources) {
        return PolicyStatement.Builder.create().sid(sid).actions(actions).resources(resources).build();
    }

    private static String sageMaker(String resource) {
        return "arn:" + Aws.PARTITION + ":sagemaker:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":" + resource;
    }

    private static String ec2(String resource) {
        return "arn:" + Aws.PARTITION + ":ec2:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":" + resource;
    }

    /** The SageMaker SDK's default bucket, {@code sagemaker-<region>-<account>}. */
    private static String defaultBucket() {
        return "arn:" + Aws.PARTITION + ":s3:::sagemaker-" + Aws.REGION + "-" + Aws.ACCOUNT_ID;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public Role role() {
        return role;
    }
}
