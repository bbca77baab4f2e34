package io.egressallowlist.infra.controlplane;

import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
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
}
