package io.egressallowlist.emulators.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The base of every awsJson emulator: it declares its protocol ({@link AwsJsonProtocol}) and, in its
 * constructor, its operations and admin actions; this class routes a call to the operation and answers an
 * operation it does not declare the way AWS does, {@code UnknownOperationException} (HTTP 400) in the
 * service's own {@code __type} form.
 */
public abstract class AwsJsonProtocolService implements AwsJsonService {

    /** One operation: the input document in, the output document out, or an {@link AwsServiceError}. */
    @FunctionalInterface
    public interface Operation {
        JsonNode handle(ObjectNode input);
    }

    private final String serviceName;
    private final AwsJsonProtocol protocol;
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final EmulatorAdmin admin;

    /**
     * @param serviceName the service as people name it, for messages (e.g. {@code Network Firewall})
     * @param adminName   the admin path segment under {@code /_emulator/}, or null for a service without switches
     */
    protected AwsJsonProtocolService(String serviceName, AwsJsonProtocol protocol, String adminName) {
        this.serviceName = Objects.requireNonNull(serviceName, "serviceName");
        this.protocol = Objects.requireNonNull(protocol, "protocol");
        this.admin = adminName == null ? null : new EmulatorAdmin(adminName);
    }

    /** Declares an operation; called from the subclass's constructor. */
    protected final void operation(String name, Operation operation) {
        if (operations.putIfAbsent(name, Objects.requireNonNull(operation, "operation")) != null) {
            throw new IllegalArgumentException(serviceName + " declares the operation " + name + " twice");
        }
    }

    /** Declares several operations, by name; called from the subclass's constructor. */
    protected final void operations(Map<String, Operation> table) {
        table.forEach(this::operation);
    }

    /** Declares an admin action that answers a JSON document; called from the subclass's constructor. */
    protected final void adminQuery(String action, Function<ObjectNode, JsonNode> query) {
        requireAdmin().add(action, query);
    }

    /** Declares an admin action that answers {@code {}}; called from the subclass's constructor. */
    protected final void adminAction(String action, Consumer<ObjectNode> command) {
        requireAdmin().add(action, body -> {
            command.accept(body);
            return JsonNodeFactory.instance.objectNode();
        });
    }

    @Override
    public final AwsJsonProtocol protocol() {
        return protocol;
    }

    @Override
    public final Optional<EmulatorAdmin> admin() {
        return Optional.ofNullable(admin);
    }

    /** The operations this emulator implements, sorted. */
    public final Set<String> operations() {
        return new TreeSet<>(operations.keySet());
    }

    @Override
    public final JsonNode handle(String operation, ObjectNode input) {
        Operation declared = operations.get(operation);
        if (declared == null) {
            throw AwsServiceError.client("UnknownOperationException", "The " + serviceName
                    + " emulator does not implement " + operation + "; it implements " + operations());
        }
        return invoke(operation, declared, input);
    }

    /**
     * Runs one declared operation. A service overrides this hook to check every input against its model first,
     * or to hold one lock around every operation.
     */
    protected JsonNode invoke(String operation, Operation declared, ObjectNode input) {
        return declared.handle(input);
    }

    private EmulatorAdmin requireAdmin() {
        if (admin == null) {
            throw new IllegalStateException(serviceName + " has no admin name, so it cannot declare admin actions");
        }
        return admin;
    }
}
