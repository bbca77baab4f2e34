package io.egressallowlist.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.egressallowlist.functions.firewallsync.FirewallSyncHandler;
import io.egressallowlist.functions.requestapi.RequestApiHandler;
import io.egressallowlist.shared.config.ControlPlane;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.events.FunctionNames;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * {@code request-api-load}: warm request-api throughput over HTTP on loopback. An HTTP front in this JVM turns
 * each request into an API Gateway proxy event for one warm {@link RequestApiHandler} (as the sandbox's front
 * does; the caller is Alice's Studio role), backed by dynalite and the emulators. A bounded load client — N
 * threads, each sending its next request when the previous one answered, for a fixed time after a warm-up —
 * measures requests/s and latency. Two operations: {@code GET /allowlist/check} (reads) and
 * {@code POST /requests} (a new domain each time: conditional writes, an audit record, an event and a Slack card).
 */
final class RequestApiLoad {

    static final String NAME = "request-api-load";

    private RequestApiLoad() {
    }

    record Result(String operation, long requests, long errors, double seconds, long[] sortedMicros) {
        double perSecond() {
            return requests / seconds;
        }

        double percentileMs(double p) {
            if (sortedMicros.length == 0) {
                return Double.NaN;
            }
            return Stats.percentile(sortedMicros, p) / 1000.0;
        }
    }

    static void run(int threads, int seconds, int warmupSeconds) throws Exception {
        PrintStream figures = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream())); // one JSON log line per request otherwise
        try (BenchPlane plane = BenchPlane.start(null)) {
            ControlPlaneConfig config = ControlPlaneConfig.from(plane.environment());
            // The first reconcile records the seeded rule group as version 1: the allow-list checks read it.
            new FirewallSyncHandler(ControlPlane.of(FunctionNames.FIREWALL_SYNC, config))
                    .handleRequest(ColdStart.scheduledEvent(), null);
            RequestApiHandler handler = new RequestApiHandler(config);
            ExecutorService frontThreads = Executors.newFixedThreadPool(Math.max(8, threads));
            HttpServer front = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
            front.createContext("/api", exchange -> forward(exchange, handler));
            front.setExecutor(frontThreads);
            front.start();
            try {
                URI base = URI.create("http://127.0.0.1:" + front.getAddress().getPort() + "/api");
                Map<String, Object> machine = Machine.describe();
                AtomicLong sequence = new AtomicLong();
                LongFunction<HttpRequest> check = n -> HttpRequest.newBuilder(base.resolve("/api/allowlist/check?domain=pypi.org"))
                        .GET().build();
                LongFunction<HttpRequest> submit = n -> HttpRequest.newBuilder(base.resolve("/api/requests"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"domain\":\"load-" + sequence.incrementAndGet()
                                + ".example.org\",\"justification\":\"load\"}")).build();
                List<Result> results = new ArrayList<>();
                System.err.printf("GET /allowlist/check: %d s warm-up, %d s measured, %d threads%n", warmupSeconds, seconds, threads);
                load("GET /allowlist/check", check, threads, warmupSeconds);
                results.add(load("GET /allowlist/check", check, threads, seconds));
                System.err.printf("POST /requests: %d s warm-up, %d s measured, %d threads%n", warmupSeconds, seconds, threads);
                load("POST /requests", submit, threads, warmupSeconds);
                results.add(load("POST /requests", submit, threads, seconds));
                report(figures, results, threads, seconds, warmupSeconds, machine);
            } finally {
                front.stop(0);
                frontThreads.shutdownNow();
            }
        } finally {
            System.setOut(figures);
        }
    }

    private static Result load(String operation, LongFunction<HttpRequest> requests, int threads, int seconds) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long started = System.nanoTime();
        List<Future<long[]>> workers = new ArrayList<>();
        AtomicLong errors = new AtomicLong();
        for (int t = 0; t < threads; t++) {
            workers.add(pool.submit(() -> {
                long[] micros = new long[1 << 16];
                int count = 0;
                while (System.nanoTime() < end) {
                    long sent = System.nanoTime();
                    HttpResponse<String> response = client.send(requests.apply(count), HttpResponse.BodyHandlers.ofString());
                    long took = (System.nanoTime() - sent) / 1000;
                    if (response.statusCode() >= 300) {
                        errors.incrementAndGet();
                        continue;
                    }
                    if (count == micros.length) {
                        micros = Arrays.copyOf(micros, count * 2);
                    }
                    micros[count++] = took;
                }
                return Arrays.copyOf(micros, count);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> worker : workers) {
            all.add(worker.get());
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(operation, merged.length, errors.get(), elapsed, merged);
    }

    private static void report(PrintStream out, List<Result> results, int threads, int seconds, int warmup,
                               Map<String, Object> machine) {
        out.printf("request-api-load: one warm request-api handler behind an HTTP front on loopback, dynalite and the"
                + " emulators; %d client threads, %d s measured after %d s warm-up per operation%n%n", threads, seconds, warmup);
        Table table = new Table("operation", "requests", "errors", "requests/s", "p50 ms", "p99 ms", "max ms").labelColumns(1);
        List<Map<String, Object>> json = new ArrayList<>();
        for (Result result : results) {
            table.row(result.operation(), String.format("%,d", result.requests()), result.errors(),
                    String.format("%,.1f", result.perSecond()), String.format("%.1f", result.percentileMs(50)),
                    String.format("%.1f", result.percentileMs(99)), String.format("%.1f", result.percentileMs(100)));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("operation", result.operation());
            row.put("requests", result.requests());
            row.put("errors", result.errors());
            row.put("perSecond", Math.round(result.perSecond() * 10) / 10.0);
            row.put("p50Ms", Math.round(result.percentileMs(50) * 10) / 10.0);
            row.put("p99Ms", Math.round(result.percentileMs(99) * 10) / 10.0);
            row.put("maxMs", Math.round(result.percentileMs(100) * 10) / 10.0);
            json.add(row);
        }
        out.println(table.render());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", NAME);
        record.put("at", java.time.Instant.now().toString());
        record.put("machine", machine);
        record.put("loadAverage1mAfter", Machine.describe().get("loadAverage1m"));
        record.put("threads", threads);
        record.put("seconds", seconds);
        record.put("warmupSeconds", warmup);
        record.put("operations", json);
        out.println(JsonLine.of(record));
    }

    /** The API Gateway REST proxy event for one exchange, as the sandbox's front builds it (caller: Alice). */
    private static void forward(HttpExchange exchange, RequestApiHandler handler) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getRawPath().substring("/api".length());
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(values.size() - 1)));
            Map<String, String> query = new LinkedHashMap<>();
            String rawQuery = exchange.getRequestURI().getRawQuery();
            if (rawQuery != null) {
                for (String pair : rawQuery.split("&")) {
                    int eq = pair.indexOf('=');
                    query.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            APIGatewayProxyRequestEvent event = new APIGatewayProxyRequestEvent()
                    .withHttpMethod(exchange.getRequestMethod()).withPath(path).withHeaders(headers)
                    .withQueryStringParameters(query.isEmpty() ? null : query)
                    .withBody(raw.length == 0 ? null : new String(raw, StandardCharsets.UTF_8)).withIsBase64Encoded(false)
                    .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("load")
                            .withStage("bench").withPath("/api" + path).withHttpMethod(exchange.getRequestMethod())
                            .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity().withSourceIp("127.0.0.1")
                                    .withUserArn(BenchPlane.ALICE_ARN)));
            APIGatewayProxyResponseEvent response = handler.handleRequest(event, null);
            byte[] body = response.getBody() == null ? new byte[0] : response.getBody().getBytes(StandardCharsets.UTF_8);
            if (response.getHeaders() != null) {
                response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            }
            exchange.sendResponseHeaders(response.getStatusCode(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }
}
