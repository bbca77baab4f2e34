package io.egressallowlist.infra.controlplane;

import java.util.List;

import io.egressallowlist.infra.common.Nag;
import software.amazon.awscdk.services.apigateway.EndpointConfiguration;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.logs.ILogGroup;
import software.constructs.Construct;

/**
 * The public route Slack calls: one {@code POST /slack/events} for interactivity and the slash
 * command. Slack cannot sign with SigV4 or reach a private API, so this API has no API Gateway
 * authoriser; {@code slack-interactions} verifies Slack's HMAC signature over the raw body before it
 * parses anything. Kept separate from the request API so neither's policy has to bend for the other.
 * {@link SlackWebAcl} puts an AWS WAF web ACL (rate per address, body size) in front of its stage.
 */
public final class SlackApi extends Construct {

    public static final String STAGE = "v1";
    public static final String EVENTS_PATH = "/slack/events";

    private final RestApi api;

    public SlackApi(Construct scope, String id, ControlPlaneFunction function, ILogGroup accessLogs,
                    ApiThrottling throttling) {
        super(scope, id);
        api = RestApi.Builder.create(this, "Api")
                .description("Slack interactivity and slash command (public; Slack-signature verified in code)")
                .endpointConfiguration(EndpointConfiguration.builder().types(List.of(EndpointType.REGIONAL)).build())
                .cloudWatchRole(false)
                .deployOptions(throttling.stageOptions(STAGE, accessLogs))
                .build();
        api.getRoot().resourceForPath(EVENTS_PATH).addMethod("POST", new LambdaIntegration(function.alias()));

        Nag.suppress(api, "AwsSolutions-APIG2", "The body must reach slack-interactions byte for byte: Slack's "
                + "signature is computed over the raw body, which the function verifies before parsing anything.");
        Nag.suppress(api, "AwsSolutions-APIG4", "Slack cannot send SigV4 or Cognito tokens; authenticity is the "
                + "v0 HMAC-SHA256 request signature, verified in slack-interactions with a 5-minute replay window.");
        ApiThrottling.suppressExecutionLogs(api, "status, latency, errors");
        Nag.suppress(api, "AwsSolutions-COG4", "Slack is the only caller and cannot use a Cognito user pool; "
                + "requests are authenticated by their HMAC signature.");
    }

    public RestApi api() {
        return api;
    }

    /** The URL for the Slack app manifest's interactivity and slash command settings. */
    public String eventsUrl() {
        return api.urlForPath(EVENTS_PATH);
    }
}
