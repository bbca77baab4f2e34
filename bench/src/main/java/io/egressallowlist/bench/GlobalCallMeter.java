package io.egressallowlist.bench;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A {@link CallMeter} on every SDK client a JVM builds, the function's own included: the SDK adds the interceptors
 * named in {@code software/amazon/awssdk/global/handlers/execution.interceptors} on the class path to every client
 * (a new instance per client, built by its no-argument constructor). The benchmark's child JVMs get that file through
 * {@link #classPathEntry}, so a handler built exactly as Lambda builds it is measured without a hook in its code.
 *
 * <p>The one shared meter is static because the SDK, not the benchmark, creates the instances. Only the measuring
 * child JVMs load this class as an interceptor; nothing is snapshotted there.
 */
public final class GlobalCallMeter implements ExecutionInterceptor {

    private static final CallMeter SHARED = new CallMeter();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        SHARED.beforeExecution(context, attributes);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        SHARED.beforeTransmission(context, attributes);
    }

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        SHARED.afterTransmission(context, attributes);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SHARED.afterExecution(context, attributes);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        SHARED.onExecutionFailure(context, attributes);
    }

    /** The calls every client of this JVM made since the last call, per operation. */
    static Map<String, CallMeter.Totals> drain() {
        return SHARED.drain();
    }

    /** A directory that, on a JVM's class path, puts this meter on every SDK client of that JVM. */
    static Path classPathEntry(Path work) throws java.io.IOException {
        Path dir = work.resolve("global-call-meter");
        Path file = dir.resolve("software/amazon/awssdk/global/handlers/execution.interceptors");
        Files.createDirectories(file.getParent());
        Files.writeString(file, GlobalCallMeter.class.getName() + "\n");
        return dir;
    }
}
