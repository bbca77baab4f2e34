package io.egressallowlist.infra.config;

import java.util.Map;

import io.egressallowlist.shared.events.FunctionNames;

/** Memory and timeout of one function. */
public record FunctionSizing(int memoryMb, int timeoutSeconds) {

    /** API Gateway gives up on an integration after 29 seconds (aws-api-notes §3). */
    static final int API_TIMEOUT_CEILING = 29;

    public FunctionSizing {
        if (memoryMb < 128 || memoryMb > 10_240) {
            throw new IllegalArgumentException("memoryMb must be 128–10240, was " + memoryMb + ".");
        }
        if (timeoutSeconds < 1 || timeoutSeconds > 900) {
            throw new IllegalArgumentException("timeoutSeconds must be 1–900, was " + timeoutSeconds + ".");
        }
    }

    /**
     * Defaults: the API functions answer a person and must finish within the API Gateway limit; the
     * scheduled ones may page through the whole table or wait for the firewall to sync.
     */
    public static FunctionSizing defaultFor(String function) {
        return switch (function) {
            case FunctionNames.REQUEST_API, FunctionNames.SLACK_INTERACTIONS -> new FunctionSizing(1024, 20);
            case FunctionNames.FIREWALL_SYNC, FunctionNames.STALE_CLEANUP -> new FunctionSizing(1024, 300);
            case FunctionNames.STUDIO_GUARD -> new FunctionSizing(512, 120);
            case FunctionNames.ALERT_INGEST -> new FunctionSizing(1024, 60);
            default -> throw new IllegalArgumentException("Unknown function '" + function + "'.");
        };
    }

    /** Applies {@code {"memoryMb": …, "timeoutSeconds": …}} (either key optional) over the default. */
    static FunctionSizing from(String function, Object override) {
        FunctionSizing sizing = defaultFor(function);
        if (override == null) {
            return sizing;
        }
        if (!(override instanceof Map<?, ?> values)) {
            throw new IllegalArgumentException("functions." + function + " must be a JSON object.");
        }
        FunctionSizing result = new FunctionSizing(
                number(values.get("memoryMb"), sizing.memoryMb()),
                number(values.get("timeoutSeconds"), sizing.timeoutSeconds()));
        boolean behindApi = function.equals(FunctionNames.REQUEST_API)
                || function.equals(FunctionNames.SLACK_INTERACTIONS);
        if (behindApi && result.timeoutSeconds() > API_TIMEOUT_CEILING) {
            throw new IllegalArgumentException("functions." + function + ".timeoutSeconds must be at most "
                    + API_TIMEOUT_CEILING + ": API Gateway stops waiting after 29 seconds.");
        }
        return result;
    }

    private static int number(Object value, int fallback) {
        if (value == null) {
            return fallback;
        }
        return value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString().strip());
    }
}
