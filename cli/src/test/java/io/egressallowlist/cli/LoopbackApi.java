package io.egressallowlist.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP server that answers like the request API, started for each test, and the CLI run against it
 * as {@code alice}. Each call is recorded as {@code "METHOD uri caller=… body=…"}; it is answered with what was
 * set for its {@code "METHOD path"} (without the query), else with the answer set for every other call.
 */
final class LoopbackApi implements BeforeEachCallback, AfterEachCallback {

    static final String PRINCIPAL = "arn:aws:iam::1:user/alice";

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final Map<String, Map.Entry<Integer, String>> answers = new ConcurrentHashMap<>();
    private final Map<String, java.util.Deque<String>> turns = new ConcurrentHashMap<>();
    private volatile Map.Entry<Integer, String> otherwise = Map.entry(200, "{}");
    private HttpServer server;

    /** Answers {@code route} ({@code "METHOD path"}) with {@code status} and {@code body}. */
    LoopbackApi answer(String route, int status, String body) {
        answers.put(route, Map.entry(status, body));
        return this;
    }

    /** Answers the calls of {@code route} with {@code bodies} in turn (status 200), the last one again after that. */
    LoopbackApi answerInTurn(String route, String... bodies) {
        turns.put(route, new java.util.concurrent.ConcurrentLinkedDeque<>(List.of(bodies)));
        return answer(route, 200, bodies[bodies.length - 1]);
    }

    /** Answers every call without an answer of its own with {@code status} and {@code body}. */
    LoopbackApi otherwise(int status, String body) {
        otherwise = Map.entry(status, body);
        return this;
    }

    EgressCli.Exit run(String... args) {
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
        List<String> all = new ArrayList<>(List.of("--endpoint", endpoint));
        all.addAll(List.of(args));
        return new EgressCli(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(all.toArray(String[]::new), Map.of("EGRESS_PRINCIPAL", PRINCIPAL));
    }

    List<String> seen() {
        return seen;
    }

    String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Stops answering: the CLI finds nothing listening. */
    void stop() {
        server.stop(0);
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " caller="
                    + exchange.getRequestHeaders().getFirst(ApiClient.SANDBOX_CALLER_HEADER) + " body=" + requestBody);
            String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
            java.util.Deque<String> inTurn = turns.get(route);
            String next = inTurn == null || inTurn.size() <= 1 ? null : inTurn.pollFirst();
            Map.Entry<Integer, String> answer = next != null ? Map.entry(200, next) : answers.getOrDefault(route, otherwise);
            byte[] reply = answer.getValue().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type",
                    answer.getKey() >= 400 ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(answer.getKey(), reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.stop(0);
    }
}
