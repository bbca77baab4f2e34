package io.egressallowlist.infra.controlplane;

import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import io.egressallowlist.infra.common.Nag;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.logs.ILogGroup;

/** Stage-wide throttling of an API: steady requests per second and burst. */
public record ApiThrottling(int rateLimit, int burstLimit) {

    /** The stage both APIs deploy: these limits, JSON access logs to {@code accessLogs}, metrics on. */
    StageOptions stageOptions(String stageName, ILogGroup accessLogs) {
        return StageOptions.builder()
                .stageName(stageName)
                .throttlingRateLimit(rateLimit)
                .throttlingBurstLimit(burstLimit)
                .accessLogDestination(new LogGroupLogDestination(accessLogs))
                .accessLogFormat(AccessLogFormat.jsonWithStandardFields())
                .metricsEnabled(true)
                .build();
    }

    /**
     * Records why {@code api}'s stage has access logs (what they hold: {@code accessLogFields}) but no
     * execution logs, the stage {@link #stageOptions} deploys for both APIs.
     */
    static void suppressExecutionLogs(RestApi api, String accessLogFields) {
        Nag.suppress(api, "AwsSolutions-APIG6", "Access logs (" + accessLogFields + ") are on. Execution logs "
                + "go to log groups API Gateway creates itself, unencrypted and without retention, and can log "
                + "request bodies (Slack payloads, justifications).");
    }
}
