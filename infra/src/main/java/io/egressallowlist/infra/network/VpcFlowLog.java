package io.egressallowlist.infra.network;

import java.util.List;
import java.util.Map;

import io.egressallowlist.infra.common.LogEncryption;
import io.egressallowlist.infra.common.Nag;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.ec2.CfnFlowLog;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

/** Flow logs of every interface in the VPC (accepted and rejected), to an encrypted log group. */
public final class VpcFlowLog extends Construct {

    public VpcFlowLog(Construct scope, String id, String vpcId, LogEncryption logs) {
        super(scope, id);
        ILogGroup logGroup = logs.logGroup(this, "Logs", null);
        Role role = Role.Builder.create(this, "DeliveryRole")
                .assumedBy(ServicePrincipal.Builder.create("vpc-flow-logs.amazonaws.com")
                        .conditions(Map.of("StringEquals", Map.of("aws:SourceAccount", Aws.ACCOUNT_ID)))
                        .build())
                .description("Lets VPC Flow Logs write to its one log group.")
                .inlinePolicies(Map.of("WriteFlowLogs", PolicyDocument.Builder.create()
                        .statements(List.of(PolicyStatement.Builder.create()
                                .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"))
                                .resources(List.of(logGroup.getLogGroupArn()))
                                .build()))
                        .build()))
                .build();
        Nag.suppress(role, "AwsSolutions-IAM5", Nag.LOG_STREAMS_REASON, Nag.LOG_STREAMS_OF_ONE_GROUP);
        CfnFlowLog.Builder.create(this, "FlowLog")
                .resourceId(vpcId)
                .resourceType("VPC")
                .trafficType("ALL")
                .logDestinationType("cloud-watch-logs")
                .logGroupName(logGroup.getLogGroupName())
                .deliverLogsPermissionArn(role.getRoleArn())
                .build();
    }
}
