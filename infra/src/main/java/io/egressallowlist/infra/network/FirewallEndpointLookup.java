package io.egressallowlist.infra.network;

import java.util.List;
import java.util.Map;

import io.egressallowlist.infra.common.CustomResourceFunction;
import io.egressallowlist.infra.common.LogEncryption;
import io.egressallowlist.infra.common.Nag;
import software.amazon.awscdk.CustomResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

/**
 * Resolves the firewall endpoint of each firewall subnet (and so of each zone) at deploy time.
 *
 * <p>Why not {@code Fn::Select} over the firewall's {@code EndpointIds}: that list is unordered
 * {@code az:vpce-id} pairs, so element 0 is only right with one zone. Why not an
 * {@code AwsCustomResource} reading {@code FirewallStatus.SyncStates.<az>}: the path needs the zone
 * name as a literal, which an environment-agnostic template does not have. A small function that
 * matches DescribeFirewall's attachments on subnet id needs neither (see firewall_endpoints.py).
 */
public final class FirewallEndpointLookup extends Construct {

    private final CustomResource endpoints;

    public FirewallEndpointLookup(Construct scope, String id, EgressFirewall firewall, List<String> subnetIds,
                                  LogEncryption logs) {
        super(scope, id);
        ILogGroup logGroup = logs.logGroup(this, "Logs", null);
        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("Reads the firewall's endpoints for CloudFormation; nothing else.")
                .inlinePolicies(Map.of("DescribeFirewall", PolicyDocument.Builder.create()
                        .statements(List.of(
                                PolicyStatement.Builder.create()
                                        .actions(List.of("network-firewall:DescribeFirewall"))
                                        .resources(List.of(firewall.firewallArn()))
                                        .build(),
                                PolicyStatement.Builder.create()
                                        .actions(List.of("logs:CreateLogStream", "logs:PutLogEvents"))
                                        .resources(List.of(logGroup.getLogGroupArn()))
                                        .build()))
                        .build()))
                .build();
        Nag.suppress(role, "AwsSolutions-IAM5", Nag.LOG_STREAMS_REASON, Nag.LOG_STREAMS_OF_ONE_GROUP);
        Function function = Function.Builder.create(this, "Function")
                .description("Custom resource: the Network Firewall endpoint id of each firewall subnet.")
                .runtime(Runtime.PYTHON_3_13)
                .architecture(Architecture.ARM_64)
                .handler("index.handler")
                .code(Code.fromInline(CustomResourceFunction.inlineSource(
                        FirewallEndpointLookup.class, "firewall_endpoints.py")))
                // Up to 20 reads 15 s apart while the endpoints come up, plus the reply.
                .timeout(Duration.minutes(6))
                .memorySize(256)
                .role(role)
                .logGroup(logGroup)
                .build();
        endpoints = CustomResource.Builder.create(this, "Endpoints")
                .serviceToken(function.getFunctionArn())
                .resourceType("Custom::FirewallEndpoints")
                .properties(Map.of(
                        "FirewallArn", firewall.firewallArn(),
                        "SubnetIds", subnetIds,
                        // Re-read whenever the firewall's endpoints change.
                        "EndpointIds", firewall.firewall().getAttrEndpointIds()))
                .build();
    }

    /** The endpoint id in the {@code index}-th firewall subnet, i.e. in zone {@code index}. */
    public String endpointId(int index) {
        return endpoints.getAttString("EndpointId" + index);
    }
}
