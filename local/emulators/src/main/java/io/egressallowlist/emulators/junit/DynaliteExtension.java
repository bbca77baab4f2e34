package io.egressallowlist.emulators.junit;

import io.egressallowlist.emulators.dynalite.Dynalite;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Hands tests a running dynalite and a ready {@link DynamoDbClient}:
 * <pre>{@code
 * @ExtendWith(DynaliteExtension.class)
 * class RequestStoreTest {
 *     @Test void storesARequest(DynamoDbClient dynamo) { ... }
 * }
 * }</pre>
 * One dynalite process serves the whole test run (it starts in about half a second, but there is no
 * reason to pay that per class); it is stopped when the run ends. Tests isolate themselves by creating
 * tables with unique names ({@link #uniqueName(String)}).
 */
public final class DynaliteExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DynaliteExtension.class);

    /** Wraps the process so that JUnit closes it at the end of the run. */
    private record RunningDynalite(Dynalite dynalite, DynamoDbClient client)
            implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        @Override
        public void close() {
            client.close();
            dynalite.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == DynamoDbClient.class || type == Dynalite.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        RunningDynalite running = running(context);
        return parameter.getParameter().getType() == Dynalite.class ? running.dynalite() : running.client();
    }

    /** The dynalite of this test run, started on first use. */
    public static Dynalite dynalite(ExtensionContext context) {
        return running(context).dynalite();
    }

    private static RunningDynalite running(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(RunningDynalite.class, key -> {
            Dynalite dynalite = Dynalite.start();
            return new RunningDynalite(dynalite, dynalite.newClient());
        }, RunningDynalite.class);
    }

    /** A table name no other test uses: {@code prefix-<random>}, within DynamoDB's naming rules. */
    public static String uniqueName(String prefix) {
        return prefix + "-" + Long.toHexString(System.nanoTime()) + "-"
                + Integer.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextInt(1 << 20));
    }
}
