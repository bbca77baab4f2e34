package io.egressallowlist.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.functions.alertingest.AlertIngestHandler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.GZIPInputStream;

/**
 * The measuring side of {@code alert-ingest}, in a JVM of its own whose heap is capped ({@code -Xmx256m}, so an
 * ingest that needed more would fail here) and that holds nothing but the function and its event. The handler is
 * built as Lambda builds it, by its no-argument constructor over the environment the parent gave this process;
 * every SDK client it builds is metered by {@link GlobalCallMeter}.
 *
 * <p>Each round, on a fresh delivery of the same records (new log event ids, as the next batch of the same
 * workloads' refused connections would carry): the bare decode and parse (baseline, no store), the handler on the
 * delivery, and the handler on the same delivery again (a replay). Prints one {@code RESULT} line of JSON.
 */
final class AlertIngestChild {

    static final String NAME = "alert-ingest-child";
    static final String RESULT = "RESULT ";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertIngestHandler handler;
    private final AlertTraffic.Deliveries deliveries;
    private final List<String> records;
    private final HeapProbe heap = new HeapProbe();
    private final Map<String, List<Map<String, Object>>> samples = new LinkedHashMap<>();
    private final Map<String, Object> summaries = new LinkedHashMap<>();

    private AlertIngestChild(List<String> records) {
        this.records = records;
        this.handler = new AlertIngestHandler();
        this.deliveries = new AlertTraffic.Deliveries(records.size());
    }

    /** {@code args}: the file of records (one per line), warm-up rounds, measured rounds. */
    static void run(List<String> args) throws Exception {
        PrintStream figures = System.out;
        // The handler logs a JSON line per delivery to standard output; the result alone goes there.
        System.setOut(System.err);
        List<String> records = Files.readAllLines(Path.of(args.get(0)), StandardCharsets.UTF_8);
        int warmup = Integer.parseInt(args.get(1));
        int runs = Integer.parseInt(args.get(2));
        AlertIngestChild child = new AlertIngestChild(records);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("batch", child.describeBatch());
        result.put("firstRunMs", child.round(false).get("ms"));
        for (int round = 1; round < warmup; round++) {
            child.round(false);
        }
        for (int round = 0; round < runs; round++) {
            child.round(true);
        }
        result.put("samples", child.samples);
        result.put("summaries", child.summaries);
        figures.println(RESULT + JsonLine.of(result));
        figures.flush();
    }

    /** One round; returns the figures of the fresh delivery. */
    private Map<String, Object> round(boolean keep) throws IOException {
        String text = deliveries.of(records);
        String data = JSON.readTree(text).path("awslogs").path("data").asText();
        Map<String, Object> event = Map.of("awslogs", Map.of("data", data));
        Map<String, Object> baseline = measure(() -> Map.of("records", decodeAndParse(data)));
        Map<String, Object> fresh = measure(() -> handler.handleRequest(event, null));
        Map<String, Object> replay = measure(() -> handler.handleRequest(event, null));
        check(fresh, "pairsWritten", "alreadyCounted");
        check(replay, "alreadyCounted", "pairsWritten");
        if (keep) {
            keep(AlertIngestBench.BASELINE, baseline);
            keep(AlertIngestBench.FRESH, fresh);
            keep(AlertIngestBench.REPLAY, replay);
        }
        return fresh;
    }

    /** Every record read and every pair counted by {@code counted}, none by {@code none}: else the run is void. */
    private void check(Map<String, Object> sample, String counted, String none) {
        Map<?, ?> summary = (Map<?, ?>) sample.get("summary");
        int pairs = summary.get("pairs") instanceof Integer p ? p : -1;
        boolean complete = Integer.valueOf(records.size()).equals(summary.get("records"))
                && Integer.valueOf(0).equals(summary.get("skipped")) && pairs > 0
                && Integer.valueOf(pairs).equals(summary.get(counted)) && Integer.valueOf(0).equals(summary.get(none));
        if (!complete) {
            throw new IllegalStateException("the handler did not count the delivery as expected: " + summary);
        }
    }

    private void keep(String name, Map<String, Object> sample) {
        summaries.put(name, sample.remove("summary"));
        samples.computeIfAbsent(name, k -> new ArrayList<>()).add(sample);
    }

    private Map<String, Object> measure(Supplier<Map<String, Object>> work) {
        GlobalCallMeter.drain();
        HeapProbe.Start start = heap.start();
        long started = System.nanoTime();
        Map<String, Object> summary = work.get();
        long nanos = System.nanoTime() - started;
        HeapProbe.Usage usage = heap.stop(start);
        Map<String, Object> calls = new LinkedHashMap<>();
        GlobalCallMeter.drain().forEach((operation, totals) ->
                calls.put(operation, Map.of("calls", totals.calls(), "ms", totals.nanos() / 1e6)));
        Map<String, Object> sample = new LinkedHashMap<>();
        sample.put("ms", nanos / 1e6);
        sample.put("allocatedMB", usage.allocatedBytes() / 1048576.0);
        sample.put("peakHeapMB", usage.peakBytes() / 1048576.0);
        sample.put("calls", calls);
        sample.put("summary", summary);
        return sample;
    }

    /**
     * The least any ingest does before its first write: base64, gunzip, the envelope's JSON, then each record's
     * JSON and the source, host and time in it. Answers the records that name a host.
     */
    static int decodeAndParse(String data) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getMimeDecoder().decode(data)))) {
            int named = 0;
            for (JsonNode logEvent : JSON.readTree(in.readAllBytes()).path("logEvents")) {
                JsonNode eve = JSON.readTree(logEvent.path("message").asText()).path("event");
                String host = eve.path("tls").path("sni").asText(eve.path("http").path("hostname").asText(""));
                if (!host.isEmpty() && !eve.path("src_ip").asText("").isEmpty()
                        && !eve.path("timestamp").asText("").isEmpty()) {
                    named++;
                }
            }
            return named;
        } catch (IOException e) {
            throw new IllegalStateException("the benchmark's own delivery is readable", e);
        }
    }

    private Map<String, Object> describeBatch() throws IOException {
        String data = JSON.readTree(deliveries.of(records)).path("awslogs").path("data").asText();
        byte[] gzip = Base64.getDecoder().decode(data);
        long inflated;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
            inflated = in.readAllBytes().length;
        }
        Map<String, Object> batch = new LinkedHashMap<>();
        batch.put("records", records.size());
        batch.put("recordBytesMean", records.stream().mapToInt(r -> r.getBytes(StandardCharsets.UTF_8).length).average().orElse(0));
        batch.put("inflatedBytes", inflated);
        batch.put("gzipBytes", gzip.length);
        batch.put("base64Chars", data.length());
        return batch;
    }
}
