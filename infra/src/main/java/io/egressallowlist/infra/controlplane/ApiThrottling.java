package io.egressallowlist.infra.controlplane;

/** Stage-wide throttling of an API: steady requests per second and burst. */
public record ApiThrottling(int rateLimit, int burstLimit) {
}
