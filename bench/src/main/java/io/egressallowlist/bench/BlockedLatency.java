package io.egressallowlist.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.shared.config.EnvKey;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code blocked-latency}: a blocked attempt in the sandbox until its domain shows in {@code GET /blocked}. The
 * sandbox runs as a user starts it ({@code java -jar local/sandbox/target/egress-sandbox.jar up}, free ports, its
 * own JVM); each attempt posts {@code POST /_sandbox/traffic} for the sample data scientist's app and a domain never
 * used before, then polls {@code GET /api/blocked} as that profile's caller (the front's default caller) every
 * {@value #POLL_MS} ms until the domain is listed. Timed from sending the traffic to the answer that lists it.
 */
final class BlockedLatency {

    static final String NAME = "blocked-latency";
    static final int POLL_MS = 20;
    static final Duration GIVE_UP = Duration.ofSeconds(15);
    static final double P50_TARGET_MS = 2_000;
    static final double MAX_TARGET_MS = 5_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One attempt: until listed, the traffic call alone, and how many reads it took. */
    record Attempt(double visibleMs, double trafficMs, int reads) {
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI front;

    private BlockedLatency(URI front) {
        this.front = front;
    }

    static void run(Options options) throws Exception {
        Path root = Path.of(System.getProperty("egress.root", "."));
        Path jar = root.resolve("local/sandbox/target/egress-sandbox.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing; build it with mvn -q -pl local/sandbox -am package -DskipTests");
        }
        int port = freePort();
        Process sandbox = start(jar, port, freePort(), freePort());
        try {
            BlockedLatency bench = new BlockedLatency(URI.create("http://127.0.0.1:" + port));
            // The profile has called the API from its app before, as a notebook user has: attempts from that address
            // are then attributed to the profile (Attributor, the API callers' source addresses).
            bench.list();
            Map<String, Object> machine = Machine.describe();
            List<Attempt> attempts = new ArrayList<>();
            for (int i = 0; i < options.warmup() + options.runs(); i++) {
                Attempt attempt = bench.attempt("attempt-" + i + "-" + System.currentTimeMillis() + ".blocked-bench.example.net");
                System.err.printf("attempt %d: visible after %.0f ms (%d reads)%n", i + 1, attempt.visibleMs(), attempt.reads());
                if (i >= options.warmup()) {
                    attempts.add(attempt);
                }
            }
            machine.put("loadAverage1mAfter", Machine.describe().get("loadAverage1m"));
            report(System.out, options, attempts, machine);
        } finally {
            sandbox.destroy(); // SIGTERM: the sandbox's shutdown hook stops dynalite and frees its ports
            if (!sandbox.waitFor(30, TimeUnit.SECONDS)) {
                sandbox.destroyForcibly();
            }
        }
    }

    private Attempt attempt(String domain) throws IOException, InterruptedException {
        long started = System.nanoTime();
        HttpResponse<String> traffic = http.send(HttpRequest.newBuilder(front.resolve("/_sandbox/traffic"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                        "profile", SageMakerSamples.DATA_SCIENTIST, "domain", domain, "count", 1, "protocol", "TLS"))))
                .build(), HttpResponse.BodyHandlers.ofString());
        double trafficMs = (System.nanoTime() - started) / 1e6;
        if (traffic.statusCode() != 200 || JSON.readTree(traffic.body()).path("allowed").asBoolean(true)) {
            throw new IllegalStateException("the traffic was not refused: " + traffic.statusCode() + " " + traffic.body());
        }
        int reads = 0;
        while (System.nanoTime() - started < GIVE_UP.toNanos()) {
            reads++;
            HttpResponse<String> listed = list();
            if (listed.statusCode() == 200 && lists(JSON.readTree(listed.body()), domain)) {
                return new Attempt((System.nanoTime() - started) / 1e6, trafficMs, reads);
            }
            Thread.sleep(POLL_MS);
        }
        throw new IllegalStateException(domain + " was not listed in GET /blocked within " + GIVE_UP);
    }

    private HttpResponse<String> list() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(front.resolve("/api/blocked")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** True when any text of the answer is the domain (the domain and target fields of its entries). */
    private static boolean lists(JsonNode node, String domain) {
        if (node.isTextual()) {
            return node.asText().equals(domain);
        }
        for (JsonNode child : node) {
            if (lists(child, domain)) {
                return true;
            }
        }
        return false;
    }

    private static Process start(Path jar, int port, int awsPort, int dynamoPort) throws IOException {
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-jar", jar.toString(),
                "up", "--port", Integer.toString(port), "--aws-port", Integer.toString(awsPort),
                "--dynamodb-port", Integer.toString(dynamoPort));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().remove(EnvKey.JAVA_TOOL_OPTIONS.name());
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("Ready in")) {
            // the sandbox describes itself until it is ready
        }
        if (line == null) {
            process.destroyForcibly();
            throw new IOException("the sandbox stopped before it was ready");
        }
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (IOException e) {
                // the sandbox is gone
            }
        }, "sandbox-output");
        drain.setDaemon(true);
        drain.start();
        return process;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void report(PrintStream out, Options options, List<Attempt> attempts, Map<String, Object> machine) {
        Stats visible = Stats.of(attempts, Attempt::visibleMs);
        Stats traffic = Stats.of(attempts, Attempt::trafficMs);
        Stats reads = Stats.of(attempts, a -> a.reads());
        out.printf("blocked-latency: POST /_sandbox/traffic (alice-data-scientist's app, a new domain, 1 TLS connection) →"
                + " listed in GET /blocked as that profile; sandbox in its own JVM, polled every %d ms%n", POLL_MS);
        out.printf("%d warm-up + %d measured attempts%n%n", options.warmup(), options.runs());
        Table table = new Table("figure", "ms median [min–max]");
        table.row("traffic sent → listed in GET /blocked", visible.format(0));
        table.row("POST /_sandbox/traffic answered (firewall, log delivery, alert-ingest)", traffic.format(0));
        table.row("GET /blocked reads until listed", reads.format(0));
        out.print(table.render());
        Table targets = new Table("target", "measured", "met");
        targets.row("p50 < 2 s", String.format("%,.0f ms", visible.median()), visible.median() < P50_TARGET_MS ? "met" : "NOT met");
        targets.row("max < 5 s", String.format("%,.0f ms", visible.max()), visible.max() < MAX_TARGET_MS ? "met" : "NOT met");
        out.print('\n' + targets.render());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", NAME);
        record.put("at", java.time.Instant.now().toString());
        record.put("machine", machine);
        record.put("warmup", options.warmup());
        record.put("runs", options.runs());
        record.put("pollMs", POLL_MS);
        record.put("visibleMs", visible.toJson(1));
        record.put("trafficMs", traffic.toJson(1));
        record.put("reads", reads.toJson(0));
        record.put("visibleMsEach", attempts.stream().map(a -> Math.round(a.visibleMs() * 10) / 10.0).toList());
        out.println('\n' + JsonLine.of(record));
    }
}
