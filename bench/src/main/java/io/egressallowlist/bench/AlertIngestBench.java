package io.egressallowlist.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.shared.config.EnvKey;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code alert-ingest}: one CloudWatch Logs subscription delivery of 10,000 ALERT log records (50 workloads × 40
 * refused hosts × 5 connections, as the Network Firewall emulator writes them) processed warm by the alert-ingest
 * handler against dynalite and the EC2 emulator. The parent JVM runs the surroundings ({@link BenchPlane}) and
 * makes the records; the handler runs in a child JVM capped at {@value #HEAP} ({@link AlertIngestChild}), with the
 * deployed JIT flag. Reported per case: wall time, records/s, allocation, peak heap, SDK calls per operation.
 */
final class AlertIngestBench {

    static final String NAME = "alert-ingest";
    static final String BASELINE = "decode + parse, no store (baseline)";
    static final String FRESH = "delivery (new log event ids)";
    static final String REPLAY = "same delivery again (replay)";
    static final String HEAP = "-Xmx256m";
    /** The JIT flag the stack gives every function (ControlPlaneSettings.DEFAULT_JAVA_TOOL_OPTIONS). */
    static final String DEPLOYED_JIT = "-XX:TieredStopAtLevel=1";
    static final double TARGET_MS = 2_000;
    static final double TARGET_HEAP_MB = 256;

    /** The batch's shape: workloads × hosts × connections per pair. */
    record Shape(int sources, int hosts, int perPair) {
        int records() {
            return sources * hosts * perPair;
        }

        int pairs() {
            return sources * hosts;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private AlertIngestBench() {
    }

    static void run(Options options, Shape shape) throws Exception {
        PrintStream figures = System.out;
        System.setOut(System.err);
        Path work = Files.createTempDirectory("egress-alert-ingest");
        try (BenchPlane plane = BenchPlane.start(null)) {
            AlertTraffic traffic = AlertTraffic.withSources(plane.testbed(), shape.sources());
            Path records = work.resolve("records.jsonl");
            Files.write(records, traffic.records(shape.sources(), shape.hosts(), shape.perPair(), options.seed()),
                    StandardCharsets.UTF_8);
            Map<String, Object> machine = Machine.describe();
            System.err.printf("alert-ingest: %,d records, %d warm-up + %d measured rounds in a %s JVM…%n",
                    shape.records(), options.warmup(), options.runs(), HEAP);
            JsonNode result = child(work, records, options, plane.environment());
            machine.put("loadAverage1mAfter", Machine.describe().get("loadAverage1m"));
            figures.print(report(options, shape, result, machine));
        } finally {
            System.setOut(figures);
            ColdStart.deleteTree(work);
        }
    }

    private static JsonNode child(Path work, Path records, Options options, Map<String, String> environment)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                HEAP, DEPLOYED_JIT, "-cp",
                System.getProperty("java.class.path") + File.pathSeparator + GlobalCallMeter.classPathEntry(work),
                BenchMain.class.getName(), AlertIngestChild.NAME, records.toString(),
                Integer.toString(Math.max(1, options.warmup())), Integer.toString(options.runs())));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
        builder.environment().remove(EnvKey.JAVA_TOOL_OPTIONS.name());
        builder.environment().remove("JDK_JAVA_OPTIONS");
        builder.environment().putAll(environment);
        Process process = builder.start();
        String result = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(AlertIngestChild.RESULT)) {
                    result = line.substring(AlertIngestChild.RESULT.length());
                }
            }
        }
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || result == null) {
            throw new IllegalStateException("the measuring JVM failed (exit "
                    + (process.isAlive() ? "none" : process.exitValue()) + "); see its standard error above");
        }
        return JSON.readTree(result);
    }

    private static String report(Options options, Shape shape, JsonNode result, Map<String, Object> machine) {
        JsonNode batch = result.path("batch");
        StringBuilder out = new StringBuilder();
        out.append(String.format("alert-ingest: one subscription delivery of %,d ALERT records (%d workloads × %d hosts × %d"
                        + " connections = %,d pairs), warm, against dynalite and the EC2 emulator; handler in a %s JVM (%s)%n",
                shape.records(), shape.sources(), shape.hosts(), shape.perPair(), shape.pairs(), HEAP, DEPLOYED_JIT));
        out.append(String.format("delivery: %,d records of %,.0f bytes on average; %,.1f MB inflated, %,.1f KB gzip,"
                        + " %,.1f KB base64 in awslogs.data%n", batch.path("records").asInt(),
                batch.path("recordBytesMean").asDouble(), batch.path("inflatedBytes").asLong() / 1048576.0,
                batch.path("gzipBytes").asLong() / 1024.0, batch.path("base64Chars").asLong() / 1024.0));
        out.append(String.format("%d warm-up + %d measured rounds; each round a new delivery of the same records"
                + " (new log event ids), then the same delivery again%n%n", Math.max(1, options.warmup()), options.runs()));
        Table table = new Table("case", "ms median [min–max]", "records/s (median)", "allocated MB median",
                "peak heap MB (max)", "DynamoDB writes/run", "other SDK calls/run");
        Map<String, Object> cases = new LinkedHashMap<>();
        for (String name : List.of(BASELINE, FRESH, REPLAY)) {
            List<JsonNode> samples = new ArrayList<>();
            result.path("samples").path(name).forEach(samples::add);
            Stats ms = Stats.of(samples, s -> s.path("ms").asDouble());
            Stats allocated = Stats.of(samples, s -> s.path("allocatedMB").asDouble());
            Stats peak = Stats.of(samples, s -> s.path("peakHeapMB").asDouble());
            Map<String, double[]> calls = callsPerRun(samples);
            double writes = calls.entrySet().stream().filter(e -> isWrite(e.getKey())).mapToDouble(e -> e.getValue()[0]).sum();
            double others = calls.entrySet().stream().filter(e -> !isWrite(e.getKey())).mapToDouble(e -> e.getValue()[0]).sum();
            table.row(name, ms.format(1), String.format("%,.0f", shape.records() * 1000 / ms.median()),
                    String.format("%,.1f", allocated.median()), String.format("%,.1f", peak.max()),
                    String.format("%,.0f", writes), String.format("%,.0f", others));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("wallMs", ms.toJson(1));
            json.put("recordsPerSecond", Math.round(shape.records() * 1000 / ms.median()));
            json.put("allocatedMB", allocated.toJson(1));
            json.put("peakHeapMB", peak.toJson(1));
            json.put("writesPerRun", writes);
            Map<String, Object> perOperation = new TreeMap<>();
            calls.forEach((operation, figures) -> perOperation.put(operation, Map.of("calls", figures[0], "ms", figures[1])));
            json.put("callsPerRun", perOperation);
            json.put("handlerSummary", JSON.convertValue(result.path("summaries").path(name), Map.class));
            cases.put(name, json);
        }
        out.append(table.labelColumns(1).render());
        out.append(String.format("%nfirst delivery in the measuring JVM (after the handler's construction, not warm): %,.0f ms%n",
                result.path("firstRunMs").asDouble()));
        for (String name : List.of(FRESH, REPLAY)) {
            out.append(String.format("%nwhere the time goes, '%s', mean per run:%n", name));
            List<JsonNode> samples = new ArrayList<>();
            result.path("samples").path(name).forEach(samples::add);
            Table ops = new Table("operation", "calls/run", "ms/run");
            double sdk = 0;
            for (Map.Entry<String, double[]> op : callsPerRun(samples).entrySet()) {
                ops.row(op.getKey(), String.format("%,.0f", op.getValue()[0]), String.format("%,.1f", op.getValue()[1]));
                sdk += op.getValue()[1];
            }
            double wall = samples.stream().mapToDouble(s -> s.path("ms").asDouble()).average().orElse(0);
            ops.row("outside SDK calls (mean run − SDK time)", "", String.format("%,.1f", wall - sdk));
            out.append(ops.render());
            out.append("handler's summary (last run): ").append(result.path("summaries").path(name)).append('\n');
        }
        JsonNode fresh = result.path("summaries").path(FRESH);
        double freshMs = Stats.of(samples(result, FRESH), s -> s.path("ms").asDouble()).median();
        double maxPeak = Math.max(Stats.of(samples(result, FRESH), s -> s.path("peakHeapMB").asDouble()).max(),
                Stats.of(samples(result, REPLAY), s -> s.path("peakHeapMB").asDouble()).max());
        double writes = callsPerRun(samples(result, FRESH)).entrySet().stream().filter(e -> isWrite(e.getKey()))
                .mapToDouble(e -> e.getValue()[0]).sum();
        Table targets = new Table("target", "measured", "met");
        targets.row("10,000 records warm < 2 s", String.format("%,.0f ms (median)", freshMs), freshMs < TARGET_MS ? "met" : "NOT met");
        targets.row("heap < 256 MB", String.format("%.1f MB (peak, capped at 256)", maxPeak), maxPeak < TARGET_HEAP_MB ? "met" : "NOT met");
        targets.row("≤ 1 DynamoDB write per (source, host)", String.format("%,.0f writes for %,d pairs", writes, shape.pairs()),
                writes <= shape.pairs() ? "met" : "NOT met");
        out.append('\n').append(targets.render());
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", NAME);
        record.put("at", java.time.Instant.now().toString());
        record.put("machine", machine);
        record.put("jvm", List.of(HEAP, DEPLOYED_JIT));
        record.put("shape", Map.of("sources", shape.sources(), "hosts", shape.hosts(), "perPair", shape.perPair(),
                "records", shape.records(), "pairs", shape.pairs()));
        record.put("batch", JSON.convertValue(batch, Map.class));
        record.put("warmup", Math.max(1, options.warmup()));
        record.put("runs", options.runs());
        record.put("seed", options.seed());
        record.put("firstRunMs", result.path("firstRunMs").asDouble());
        record.put("cases", cases);
        record.put("pairsWritten", fresh.path("pairsWritten").asInt(-1));
        out.append('\n').append(JsonLine.of(record)).append('\n');
        return out.toString();
    }

    private static List<JsonNode> samples(JsonNode result, String name) {
        List<JsonNode> samples = new ArrayList<>();
        result.path("samples").path(name).forEach(samples::add);
        return samples;
    }

    /** Per operation: {calls, ms}, the mean per run. */
    private static Map<String, double[]> callsPerRun(List<JsonNode> samples) {
        Map<String, double[]> totals = new TreeMap<>();
        for (JsonNode sample : samples) {
            sample.path("calls").fields().forEachRemaining(op -> {
                double[] sum = totals.computeIfAbsent(op.getKey(), k -> new double[2]);
                sum[0] += op.getValue().path("calls").asDouble() / samples.size();
                sum[1] += op.getValue().path("ms").asDouble() / samples.size();
            });
        }
        return totals;
    }

    /** The DynamoDB operations that write an item. */
    private static boolean isWrite(String operation) {
        return operation.startsWith("DynamoDb.") && List.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
                "TransactWriteItems").contains(operation.substring("DynamoDb.".length()));
    }
}
