package io.egressallowlist.infra.controlplane;

import java.util.List;
import java.util.Map;

import io.egressallowlist.infra.common.Nag;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.EndpointConfiguration;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.ProxyResourceOptions;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpoint;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAttributes;
import software.amazon.awscdk.services.iam.AccountRootPrincipal;
import software.amazon.awscdk.services.iam.AnyPrincipal;
import software.amazon.awscdk.services.iam.Effect;
import software.amazon.awscdk.services.iam.PolicyDocument;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

/**
 * The private request API in front of {@code request-api}: endpoint type PRIVATE, reachable only
 * through the Studio VPC's execute-api endpoint (resource policy), every method SigV4-signed (IAM
 * auth), so the caller's identity is an IAM principal the function can trust.
 */
public final class RequestApi extends Construct {

    public static final String STAGE = "v1";

    private final RestApi api;
    private final String executeApiEndpointId;

    public RequestApi(Construct scope, String id, ControlPlaneFunction function, String executeApiEndpointId,
                      ILogGroup accessLogs, ApiThrottling throttling) {
        super(scope, id);
        this.executeApiEndpointId = executeApiEndpointId;
        IInterfaceVpcEndpoint endpoint = InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(this, "ExecuteApiEndpoint",
                InterfaceVpcEndpointAttributes.builder().vpcEndpointId(executeApiEndpointId).port(443).build());
        api = RestApi.Builder.create(this, "Api")
                .description("Egress allow-list requests (private; IAM-authenticated)")
                .endpointConfiguration(EndpointConfiguration.builder()
                        .types(List.of(EndpointType.PRIVATE))
                        .vpcEndpoints(List.of(endpoint))
                        .build())
                .policy(resourcePolicy(executeApiEndpointId))
                .cloudWatchRole(false)
                .deployOptions(throttling.stageOptions(STAGE, accessLogs))
                .defaultMethodOptions(MethodOptions.builder().authorizationType(AuthorizationType.IAM).build())
                .build();
        LambdaIntegration integration = new LambdaIntegration(function.alias());
        api.getRoot().addMethod("ANY", integration);
        api.getRoot().addProxy(ProxyResourceOptions.builder().defaultIntegration(integration).anyMethod(true).build());

        Nag.suppress(api, "AwsSolutions-APIG2", "A Lambda proxy API: request-api validates every path, parameter and "
                + "body into value objects and answers 400 with the reason; an API Gateway model would duplicate it.");
        Nag.suppress(api, "AwsSolutions-APIG3", "Private API: reachable only through the Studio VPC's execute-api "
                + "endpoint (resource policy) and only with SigV4 credentials; there is no internet traffic to filter.");
        ApiThrottling.suppressExecutionLogs(api, "caller, status, latency, errors");
        Nag.suppress(api, "AwsSolutions-COG4", "Callers are IAM principals (Studio execution roles, engineers), "
                + "authenticated with SigV4 (authorization type AWS_IAM); there is no Cognito user pool.");
    }

    /**
     * Allow IAM principals of this account (their own policies must allow too), and deny anything
     * that does not arrive through the Studio VPC's endpoint.
     */
    private static PolicyDocument resourcePolicy(String executeApiEndpointId) {
        return PolicyDocument.Builder.create().statements(List.of(
                PolicyStatement.Builder.create()
                        .sid("InvokeByIamPrincipalsOfThisAccount")
                        .principals(List.of(new AccountRootPrincipal()))
                        .actions(List.of("execute-api:Invoke"))
                        .resources(List.of("execute-api:/*"))
                        .build(),
                PolicyStatement.Builder.create()
                        .sid("OnlyThroughTheStudioVpcEndpoint")
                        .effect(Effect.DENY)
                        .principals(List.of(new AnyPrincipal()))
                        .actions(List.of("execute-api:Invoke"))
                        .resources(List.of("execute-api:/*"))
                        .conditions(Map.of("StringNotEquals", Map.of("aws:SourceVpce", executeApiEndpointId)))
                        .build()))
                .build();
    }

    public RestApi api() {
        return api;
    }

    /**
     * The stage's URL under the endpoint-specific name {@code <api-id>-<vpce-id>.execute-api.<region>.<suffix>},
     * which resolves to the VPC's execute-api endpoint whether or not that endpoint has private DNS ("Invoke a
     * private API using an endpoint-specific public DNS hostname", API Gateway developer guide; it needs the
     * endpoint associated with the API, as {@code vpcEndpoints} does above).
     */
    public String url() {
        return "https://" + api.getRestApiId() + "-" + executeApiEndpointId + ".execute-api." + Aws.REGION + "."
                + Aws.URL_SUFFIX + "/" + STAGE + "/";
    }

    /** ARN pattern of every method of the deployed stage, for identity policies. */
    public String invokeArn() {
        return api.arnForExecuteApi("*", "/*", STAGE);
    }
}
