package io.egressallowlist.bench;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.core.sync.RequestBody;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counts, times and sizes every SDK call, per {@code Service.Operation}: where a reconcile spends its
 * time, and the bytes it sends (the UpdateRuleGroup payload) and receives. Sizes are the HTTP bodies as
 * sent on the wire; times run from the start of the SDK call to its end (marshalling, HTTP, unmarshalling).
 */
final class CallMeter implements ExecutionInterceptor {

    /** Totals of one operation. */
    record Totals(long calls, long nanos, long requestBytes, long responseBytes) {
        Totals plus(Totals other) {
            return new Totals(calls + other.calls, nanos + other.nanos, requestBytes + other.requestBytes,
                    responseBytes + other.responseBytes);
        }
    }

    private static final ExecutionAttribute<Long> STARTED = new ExecutionAttribute<>("bench.started");
    private static final ExecutionAttribute<Long> SENT = new ExecutionAttribute<>("bench.sent");
    private static final ExecutionAttribute<Long> RECEIVED = new ExecutionAttribute<>("bench.received");

    private final Map<String, Totals> totals = new TreeMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        attributes.putAttribute(STARTED, System.nanoTime());
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        long bytes = context.requestBody().flatMap(RequestBody::optionalContentLength)
                .or(() -> context.httpRequest().firstMatchingHeader("Content-Length").map(Long::parseLong))
                .orElse(0L);
        attributes.putAttribute(SENT, bytes);
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        attributes.putAttribute(RECEIVED, context.httpResponse().firstMatchingHeader("Content-Length")
                .map(Long::parseLong).orElse(0L));
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        record(attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        record(attributes); // e.g. a ConditionalCheckFailedException the store expects and handles
    }

    private void record(ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        Long started = attributes.getAttribute(STARTED);
        Totals call = new Totals(1, started == null ? 0 : System.nanoTime() - started,
                orZero(attributes.getAttribute(SENT)), orZero(attributes.getAttribute(RECEIVED)));
        synchronized (totals) {
            totals.merge(operation, call, Totals::plus);
        }
    }

    /** The totals since the last call, and starts counting afresh. */
    Map<String, Totals> drain() {
        synchronized (totals) {
            Map<String, Totals> copy = new TreeMap<>(totals);
            totals.clear();
            return copy;
        }
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
