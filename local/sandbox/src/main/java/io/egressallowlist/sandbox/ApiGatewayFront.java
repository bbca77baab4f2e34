package io.egressallowlist.sandbox;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import io.egressallowlist.testbed.SampleScopes;
import io.egressallowlist.testbed.Testbed;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Speaks like API Gateway's REST API Lambda proxy integration (aws-api-notes §3): one HTTP exchange
 * becomes an {@link APIGatewayProxyRequestEvent} (path, query, single- and multi-value headers, the body
 * as received), the handler's response becomes the HTTP reply. For the private API the caller's IAM
 * identity — which API Gateway would take from the SigV4 signature — comes from the
 * {@value #CALLER_HEADER} header, or a configured default. A sample Studio user with a running app calls from
 * that app's address, as a notebook does through the VPC's execute-api endpoint; anyone else from the socket's.
 */
final class ApiGatewayFront {

    static final String CALLER_HEADER = "X-Egress-Caller-Arn";
    private static final int MAX_BODY = 10 * 1024 * 1024; // API Gateway's payload limit
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

    private ApiGatewayFront() {
    }

    /**
     * Invokes {@code handler} for an exchange whose path starts with {@code stagePrefix}.
     *
     * @param defaultCaller the IAM identity when the request names none; null for a route without IAM auth
     */
    static void forward(HttpExchange exchange, String stagePrefix, String functionName, String defaultCaller,
                        RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> handler)
            throws IOException {
        byte[] raw = exchange.getRequestBody().readNBytes(MAX_BODY + 1);
        if (raw.length > MAX_BODY) {
            reply(exchange, 413, Map.of("Content-Type", "application/json"), "{\"message\":\"Request Too Long\"}");
            return;
        }
        APIGatewayProxyRequestEvent event = toEvent(exchange, stagePrefix, raw, defaultCaller);
        APIGatewayProxyResponseEvent response;
        try {
            response = handler.handleRequest(event, new LocalLambdaContext(functionName));
        } catch (RuntimeException e) {
            // What API Gateway answers when the integration fails.
            reply(exchange, 502, Map.of("Content-Type", "application/json"), "{\"message\":\"Internal server error\"}");
            System.err.println("[" + functionName + "] failed: " + e);
            return;
        }
        Map<String, String> headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
        String body = response.getBody() == null ? "" : response.getBody();
        if (Boolean.TRUE.equals(response.getIsBase64Encoded())) {
            body = new String(java.util.Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        reply(exchange, response.getStatusCode() == null ? 200 : response.getStatusCode(), headers, body);
    }

    static APIGatewayProxyRequestEvent toEvent(HttpExchange exchange, String stagePrefix, byte[] raw, String defaultCaller) {
        String path = exchange.getRequestURI().getRawPath().substring(stagePrefix.length());
        if (path.isEmpty()) {
            path = "/";
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, List<String>> multiHeaders = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            headers.put(name, values.get(values.size() - 1));
            multiHeaders.put(name, new ArrayList<>(values));
        });
        Map<String, String> query = new LinkedHashMap<>();
        Map<String, List<String>> multiQuery = new LinkedHashMap<>();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                query.put(name, value);
                multiQuery.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        String caller = exchange.getRequestHeaders().getFirst(CALLER_HEADER);
        String remote = exchange.getRemoteAddress().getAddress().getHostAddress();
        APIGatewayProxyRequestEvent.RequestIdentity identity = new APIGatewayProxyRequestEvent.RequestIdentity()
                .withSourceIp(remote)
                .withUserAgent(exchange.getRequestHeaders().getFirst("User-Agent"));
        if (defaultCaller != null) {
            String userArn = caller == null || caller.isBlank() ? defaultCaller : caller;
            identity.setUserArn(userArn);
            identity.setAccountId("123456789012");
            identity.setSourceIp(studioAppAddress(userArn).orElse(remote));
        }
        Instant now = Instant.now();
        APIGatewayProxyRequestEvent.ProxyRequestContext context = new APIGatewayProxyRequestEvent.ProxyRequestContext()
                .withRequestId(UUID.randomUUID().toString())
                .withStage("local")
                .withPath(exchange.getRequestURI().getRawPath())
                .withHttpMethod(exchange.getRequestMethod())
                .withAccountId("123456789012")
                .withApiId("local")
                .withProtocol(exchange.getProtocol())
                .withIdentity(identity);
        context.setRequestTimeEpoch(now.toEpochMilli());
        context.setRequestTime(REQUEST_TIME.format(now.atZone(ZoneOffset.UTC)));
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod(exchange.getRequestMethod())
                .withPath(path)
                .withHeaders(headers)
                .withMultiValueHeaders(multiHeaders)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withMultiValueQueryStringParameters(multiQuery.isEmpty() ? null : multiQuery)
                .withRequestContext(context)
                .withBody(raw.length == 0 ? null : new String(raw, StandardCharsets.UTF_8))
                .withIsBase64Encoded(false);
    }

    /**
     * The address a sample Studio user's call comes from: their app's ({@link Testbed#appAddress}, a team user's
     * {@link SampleScopes#appAddress}), named by the
     * session of the Studio execution role ({@code assumed-role/<role>/<profile>}), as the caller's private address
     * is what API Gateway reports for a call through the VPC's interface endpoint.
     */
    static Optional<String> studioAppAddress(String userArn) {
        int slash = userArn.lastIndexOf('/');
        if (!userArn.contains(":assumed-role/") || slash < 0) {
            return Optional.empty();
        }
        String profile = userArn.substring(slash + 1);
        return Testbed.appAddress(profile).or(() -> SampleScopes.appAddress(profile));
    }

    static void reply(HttpExchange exchange, int status, Map<String, String> headers, String body) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
