package io.egressallowlist.emulators.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * One loopback HTTP server hosting several AWS JSON-protocol services, routed on {@code X-Amz-Target}
 * (aws-api-notes §1.1 and §8): {@code POST /}, JSON body, {@code x-amzn-RequestId} on every reply,
 * errors as {@code {"__type": ..., "Message": ...}} with status 400 (client) or 500 (fault). It also hosts
 * Query-protocol services (EC2): a form-encoded {@code POST /} without {@code X-Amz-Target} is routed on its
 * {@code Version} parameter ({@link QueryProtocolService}), so every emulator shares one endpoint, as the
 * control plane's single {@code ENDPOINT_AWS} override expects.
 *
 * <p>Besides the AWS routes it serves a small admin API under {@code /_emulator/}:
 * <ul>
 *   <li>{@code GET /_emulator/health} — liveness;</li>
 *   <li>{@code GET /_emulator/calls} — calls received per operation;</li>
 *   <li>{@code POST /_emulator/faults/<targetPrefix>} — set generic faults of one service
 *       (body: {@code throttleNext, throttleFraction, internalErrorNext, internalErrorFraction,
 *       latencyMillis, onlyOperation, seed});</li>
 *   <li>{@code DELETE /_emulator/faults} — clear every generic fault;</li>
 *   <li>{@code POST /_emulator/<adminName>/<action>} — service-specific switches ({@link EmulatorAdmin}).</li>
 * </ul>
 */
public final class AwsJsonServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How a call is answered before it reaches a service: awsJson1_1, bare error names. */
    private static final AwsJsonProtocol UNROUTED = AwsJsonProtocol.awsJson1_1("_emulator", "InternalFailure");
    private static final String ADMIN_PREFIX = "/_emulator/";
    private static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final Map<String, AwsJsonService> services = new LinkedHashMap<>();
    private final Map<String, FaultInjector> faults = new LinkedHashMap<>();
    private final Map<String, EmulatorAdmin> admins = new LinkedHashMap<>();
    private final CallLog callLog = new CallLog();
    private final QueryProtocolRoute queryRoute = new QueryProtocolRoute();
    private final LoopbackHttpServer server;

    private AwsJsonServer(LoopbackHttpServer server) {
        this.server = server;
    }

    /**
     * Starts a server on the loopback interface. Port 0 picks a free port.
     *
     * @throws IOException when the port cannot be bound (for example, it is taken)
     */
    public static AwsJsonServer start(int port, AwsJsonService... services) throws IOException {
        return start(port, List.of(services), List.of());
    }

    /**
     * Starts a server hosting JSON-protocol and Query-protocol services. Port 0 picks a free port.
     *
     * @throws IOException when the port cannot be bound (for example, it is taken)
     */
    public static AwsJsonServer start(int port, List<? extends AwsJsonService> services,
                                      List<? extends QueryProtocolService> queryServices) throws IOException {
        LoopbackHttpServer http = LoopbackHttpServer.bind(port, 128, "aws-emulator", 16);
        AwsJsonServer emulator = new AwsJsonServer(http);
        services.forEach(emulator::register);
        queryServices.forEach(emulator::register);
        http.start(emulator::dispatch);
        return emulator;
    }

    private void register(QueryProtocolService service) {
        if (faults.containsKey(service.name())) {
            throw new IllegalArgumentException("two services are named " + service.name());
        }
        queryRoute.register(service);
        faults.put(service.name(), new FaultInjector());
        service.admin().ifPresent(admin -> admins.put(admin.name(), admin));
    }

    private void register(AwsJsonService service) {
        String prefix = service.protocol().targetPrefix();
        services.put(prefix, service);
        faults.put(prefix, new FaultInjector());
        service.admin().ifPresent(admin -> admins.put(admin.name(), admin));
    }

    /** The base URL to pass to an SDK client's {@code endpointOverride}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    public int port() {
        return server.port();
    }

    /** The generic fault switches of one service, by its target prefix (a Query service: by its name). */
    public FaultInjector faults(String targetPrefix) {
        FaultInjector injector = faults.get(targetPrefix);
        if (injector == null) {
            throw new IllegalArgumentException("no service with target prefix " + targetPrefix
                    + " (have " + services.keySet() + ")");
        }
        return injector;
    }

    public CallLog calls() {
        return callLog;
    }

    @Override
    public void close() {
        server.close();
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith(ADMIN_PREFIX)) {
                handleAdmin(exchange, path.substring(ADMIN_PREFIX.length()));
            } else {
                handleAws(exchange, path);
            }
        } catch (RuntimeException e) {
            // A bug in an emulator must still produce a well-formed reply, never a dropped connection.
            writeError(exchange, 500, UNROUTED, "InternalFailure", "emulator failure: " + e);
        }
    }

    private void handleAws(HttpExchange exchange, String path) throws IOException {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if ("POST".equals(exchange.getRequestMethod()) && "/".equals(path) && !queryRoute.isEmpty()
                && QueryProtocolRoute.accepts(exchange)) {
            queryRoute.handle(exchange, readQueryBody(exchange), faults, callLog);
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod()) || !"/".equals(path)) {
            writeError(exchange, 404, UNROUTED, "UnknownOperationException",
                    "AWS JSON services accept only POST / (got " + exchange.getRequestMethod() + " " + path + ")");
            return;
        }
        if (target == null || target.indexOf('.') < 1) {
            writeError(exchange, 400, UNROUTED, "UnknownOperationException",
                    "Missing or malformed X-Amz-Target header; expected <ServicePrefix>.<Operation>");
            return;
        }
        String prefix = target.substring(0, target.indexOf('.'));
        String operation = target.substring(target.indexOf('.') + 1);
        AwsJsonService service = services.get(prefix);
        if (service == null) {
            writeError(exchange, 400, UNROUTED, "UnknownOperationException",
                    "No service answers X-Amz-Target prefix " + prefix);
            return;
        }
        AwsJsonProtocol protocol = service.protocol();
        int status;
        byte[] body;
        String errorName = null;
        try {
            ObjectNode input = readInput(exchange.getRequestBody());
            applyGenericFaults(service, operation);
            JsonNode output = service.handle(operation, input);
            status = 200;
            body = JSON.writeValueAsBytes(output);
        } catch (AwsServiceError error) {
            errorName = error.errorName();
            status = error.httpStatus();
            body = JSON.writeValueAsBytes(protocol.errorDocument(error.errorName(), error.getMessage()));
        } catch (RuntimeException e) {
            callLog.record(new CallLog.Call(prefix, operation, "InternalFailure"));
            throw e;
        }
        // Recorded before the reply is sent, so a client holding its answer always finds its call in the log.
        callLog.record(new CallLog.Call(prefix, operation, errorName));
        writeJson(exchange, status, protocol.contentType(), body);
    }

    private void applyGenericFaults(AwsJsonService service, String operation) {
        FaultInjector injector = faults.get(service.protocol().targetPrefix());
        long latency = injector.latencyMillis();
        if (latency > 0) {
            sleep(latency);
        }
        switch (injector.decide(operation)) {
            case THROTTLE -> throw AwsServiceError.client(AwsJsonProtocol.THROTTLING_ERROR, "Rate exceeded");
            case INTERNAL_ERROR -> throw AwsServiceError.fault(service.protocol().internalErrorName(),
                    "An internal error occurred (injected by the emulator)");
            case PROCEED -> { }
        }
    }

    private static ObjectNode readInput(InputStream body) {
        byte[] bytes;
        try {
            bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        } catch (IOException e) {
            throw AwsServiceError.client("SerializationException", "Could not read the request body: " + e.getMessage());
        }
        if (bytes.length > MAX_BODY_BYTES) {
            throw AwsServiceError.client("SerializationException", "Request body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        // awsJson: an empty input may be sent as an empty body; treat it as {} (aws-api-notes §1.1).
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode parsed = JSON.readTree(bytes);
            if (parsed == null || parsed.isMissingNode()) {
                return JSON.createObjectNode();
            }
            if (!parsed.isObject()) {
                throw AwsServiceError.client("SerializationException", "The request body must be a JSON object");
            }
            return (ObjectNode) parsed;
        } catch (JsonProcessingException e) {
            throw AwsServiceError.client("SerializationException", "The request body is not valid JSON: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw AwsServiceError.client("SerializationException", "Could not read the request body: " + e.getMessage());
        }
    }

    private static byte[] readQueryBody(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("request body exceeds " + MAX_BODY_BYTES + " bytes");
        }
        return bytes;
    }

    private void handleAdmin(HttpExchange exchange, String rest) throws IOException {
        String method = exchange.getRequestMethod();
        try {
            if (rest.equals("health")) {
                writeAdmin(exchange, 200, JSON.createObjectNode().put("status", "ok"));
            } else if (rest.equals("calls") && method.equals("GET")) {
                writeAdmin(exchange, 200, JSON.valueToTree(callLog.summary()));
            } else if (rest.equals("calls") && method.equals("DELETE")) {
                callLog.clear();
                writeAdmin(exchange, 200, JSON.createObjectNode());
            } else if (rest.equals("faults") && method.equals("DELETE")) {
                faults.values().forEach(FaultInjector::reset);
                writeAdmin(exchange, 200, JSON.createObjectNode());
            } else if (rest.startsWith("faults/") && method.equals("POST")) {
                configureFaults(faults(rest.substring("faults/".length())), readAdminBody(exchange));
                writeAdmin(exchange, 200, JSON.createObjectNode());
            } else if (rest.contains("/") && method.equals("POST")) {
                String name = rest.substring(0, rest.indexOf('/'));
                EmulatorAdmin admin = admins.get(name);
                if (admin == null) {
                    throw new IllegalArgumentException("no admin API named " + name + " (have " + admins.keySet() + ")");
                }
                writeAdmin(exchange, 200, admin.run(rest.substring(rest.indexOf('/') + 1), readAdminBody(exchange)));
            } else {
                writeAdmin(exchange, 404, JSON.createObjectNode().put("error", "unknown admin route " + method + " " + rest));
            }
        } catch (IllegalArgumentException e) {
            writeAdmin(exchange, 400, JSON.createObjectNode().put("error", e.getMessage()));
        }
    }

    /** One fault setting an admin body may carry, by its member name. */
    private record FaultSetting(String member, BiConsumer<FaultInjector, JsonNode> apply) { }

    /** The fault settings, applied in this order when present. */
    private static final List<FaultSetting> FAULT_SETTINGS = List.of(
            new FaultSetting("seed", (injector, value) -> injector.seed(value.asLong())),
            new FaultSetting("throttleNext", (injector, value) -> injector.throttleNext(value.asInt())),
            new FaultSetting("throttleFraction", (injector, value) -> injector.throttleFraction(value.asDouble())),
            new FaultSetting("internalErrorNext", (injector, value) -> injector.internalErrorNext(value.asInt())),
            new FaultSetting("internalErrorFraction", (injector, value) -> injector.internalErrorFraction(value.asDouble())),
            new FaultSetting("latencyMillis", (injector, value) -> injector.latencyMillis(value.asLong())),
            new FaultSetting("onlyOperation", (injector, value) -> injector.onlyOperation(value.isNull() ? null : value.asText())));

    private static void configureFaults(FaultInjector injector, ObjectNode body) {
        FAULT_SETTINGS.stream().filter(setting -> body.has(setting.member()))
                .forEach(setting -> setting.apply().accept(injector, body.get(setting.member())));
    }

    private static ObjectNode readAdminBody(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES);
        if (bytes.length == 0) {
            return JSON.createObjectNode();
        }
        JsonNode node;
        try {
            node = JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("admin body is not valid JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new IllegalArgumentException("admin body must be a JSON object");
        }
        return object;
    }

    private static void writeAdmin(HttpExchange exchange, int status, JsonNode body) throws IOException {
        writeJson(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void writeError(HttpExchange exchange, int status, AwsJsonProtocol protocol, String errorName,
                                   String message) throws IOException {
        writeJson(exchange, status, protocol.contentType(),
                JSON.writeValueAsBytes(protocol.errorDocument(errorName, message)));
    }

    private static void writeJson(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.getResponseHeaders().set("Date",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
