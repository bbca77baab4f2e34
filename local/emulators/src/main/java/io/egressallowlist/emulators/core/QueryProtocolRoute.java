package io.egressallowlist.emulators.core;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Query-protocol side of {@link AwsJsonServer}: a form-encoded {@code POST /} without {@code X-Amz-Target}
 * goes to the {@link QueryProtocolService} whose API version the {@code Version} parameter names. The SDK for
 * Java v2 sends EC2 calls this way: {@code Content-Type: application/x-www-form-urlencoded; charset=utf-8}, body
 * {@code Action=…&Version=2016-11-15&…} (aws-sdk-java-v2, core/protocols/aws-query-protocol,
 * {@code QueryProtocolMarshaller} and {@code QueryParametersToBodyInterceptor}).
 */
final class QueryProtocolRoute {

    static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";
    /** What EC2 answers with (observed on real replies; the API reference does not state it). */
    private static final String XML_CONTENT_TYPE = "text/xml;charset=UTF-8";

    private final Map<String, QueryProtocolService> byVersion = new ConcurrentHashMap<>();

    void register(QueryProtocolService service) {
        if (byVersion.putIfAbsent(service.apiVersion(), service) != null) {
            throw new IllegalArgumentException("two Query services answer API version " + service.apiVersion());
        }
    }

    boolean isEmpty() {
        return byVersion.isEmpty();
    }

    Iterable<QueryProtocolService> services() {
        return byVersion.values();
    }

    /** True when the request looks like a Query-protocol call: a form body and no JSON target. */
    static boolean accepts(HttpExchange exchange) {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        return exchange.getRequestHeaders().getFirst("X-Amz-Target") == null && contentType != null
                && contentType.toLowerCase().startsWith(FORM_CONTENT_TYPE);
    }

    /**
     * Answers one call: decodes the form, picks the service, applies its generic faults, and writes its XML
     * answer or its error envelope.
     */
    void handle(HttpExchange exchange, byte[] body, Map<String, FaultInjector> faults, CallLog calls) throws IOException {
        Map<String, String> parameters = decodeForm(new String(body, StandardCharsets.UTF_8));
        String action = parameters.remove("Action");
        String version = parameters.remove("Version");
        QueryProtocolService service = version == null ? null : byVersion.get(version);
        if (service == null) {
            // No service to speak for: answer in the first one's envelope (EC2's is the only one hosted).
            QueryProtocolService any = byVersion.values().iterator().next();
            write(exchange, 400, any.errorDocument(version == null ? "MissingParameter" : "InvalidAction",
                    version == null ? "The request must contain the parameter Version"
                            : "No service with API version " + version + " is emulated here", requestId()));
            return;
        }
        String requestId = requestId();
        if (action == null || action.isEmpty()) {
            reply(exchange, service, calls, "", Optional.of(new AwsServiceError("MissingAction", 400,
                    "The request must contain the parameter Action")), null, requestId);
            return;
        }
        try {
            applyFaults(faults.get(service.name()), service, action);
            String xml = service.handle(action, parameters);
            reply(exchange, service, calls, action, Optional.empty(), xml, requestId);
        } catch (AwsServiceError error) {
            reply(exchange, service, calls, action, Optional.of(error), null, requestId);
        }
    }

    private static void reply(HttpExchange exchange, QueryProtocolService service, CallLog calls, String action,
                              Optional<AwsServiceError> error, String xml, String requestId) throws IOException {
        // Recorded before the reply is sent, so a client holding its answer always finds its call in the log.
        calls.record(new CallLog.Call(service.name(), action, error.map(AwsServiceError::errorName).orElse(null)));
        if (error.isPresent()) {
            write(exchange, error.get().httpStatus(),
                    service.errorDocument(error.get().errorName(), error.get().getMessage(), requestId));
        } else {
            write(exchange, 200, xml);
        }
    }

    private static void applyFaults(FaultInjector injector, QueryProtocolService service, String action) {
        long latency = injector.latencyMillis();
        if (latency > 0) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        switch (injector.decide(action)) {
            case THROTTLE -> throw service.throttled();
            case INTERNAL_ERROR -> throw service.internalError();
            case PROCEED -> { }
        }
    }

    /**
     * Decodes {@code a=1&b=x%20y} in order. A repeated name keeps its last value; Query parameters are flat
     * ({@code Filter.1.Value.2}), so a name never repeats in what the SDK sends.
     */
    static Map<String, String> decodeForm(String body) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return parameters;
    }

    private static String requestId() {
        return UUID.randomUUID().toString();
    }

    private static void write(HttpExchange exchange, int status, String xml) throws IOException {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", XML_CONTENT_TYPE);
        exchange.getResponseHeaders().set("Date",
                DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
