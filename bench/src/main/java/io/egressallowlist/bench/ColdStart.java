package io.egressallowlist.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.functions.firewallsync.FirewallSyncHandler;
import io.egressallowlist.functions.requestapi.RequestApiHandler;
import io.egressallowlist.shared.config.ControlPlane;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.slack.ActionIds;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cold-start}: a fresh JVM per run that constructs one function's handler from its shaded jar and
 * processes one realistic event against local dynalite, the emulators and the Slack stand-in, timed from
 * process start to the response line ({@link ColdLaunch}). Five configurations side by side: default JVM
 * flags, C1 only ({@code -XX:TieredStopAtLevel=1}), an AppCDS archive (dumped by a training run of the same
 * jar with {@code -XX:ArchiveClassesAtExit}) with and without C1, and the floor (a JVM that prints one line).
 * Rounds interleave every function and configuration, so a burst of load on the shared machine spreads over
 * all of them rather than skewing one.
 */
final class ColdStart {

    static final String NAME = "cold-start";

    /** A function as the CDK stack deploys it: module name, handler class, the kind of event it gets. */
    record Function(String name, String handler, String event) {
    }

    static final List<Function> FUNCTIONS = List.of(
            new Function("slack-interactions", "io.egressallowlist.functions.slackinteractions.SlackInteractionsHandler", "api"),
            new Function("request-api", "io.egressallowlist.functions.requestapi.RequestApiHandler", "api"),
            new Function("firewall-sync", "io.egressallowlist.functions.firewallsync.FirewallSyncHandler", "scheduled"),
            new Function("stale-cleanup", "io.egressallowlist.functions.stalecleanup.StaleCleanupHandler", "scheduled"),
            new Function("studio-guard", "io.egressallowlist.functions.studioguard.StudioGuardHandler", "scheduled"),
            new Function("alert-ingest", "io.egressallowlist.functions.alertingest.AlertIngestHandler", "awslogs"));

    /** alert-ingest's event: one delivery of the ALERT log, workloads × refused hosts × connections. */
    static final int ALERT_SOURCES = 5;
    static final int ALERT_HOSTS = 5;
    static final int ALERT_CONNECTIONS = 2;

    record Config(String name, boolean cds, List<String> flags) {
    }

    /**
     * Which jars: the ones this checkout built ({@code current}) and, with {@code --baseline DIR}, those another
     * checkout built (its {@code functions/<name>/target/<name>.jar}), measured in the same rounds.
     */
    record Variant(String name, Path checkout) {
    }

    static final List<Config> CONFIGS = List.of(
            new Config("default", false, List.of()),
            new Config("C1 (TieredStopAtLevel=1)", false, List.of("-XX:TieredStopAtLevel=1")),
            new Config("AppCDS", true, List.of()),
            new Config("AppCDS + C1", true, List.of("-XX:TieredStopAtLevel=1")));

    static final double SLACK_DEFAULT_TARGET_MS = 1_000;
    static final double SLACK_TUNED_TARGET_MS = 600;
    static final double JAR_TARGET_MB = 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path work;
    private final List<Variant> variants;
    private final List<Function> functions;
    private final BenchPlane plane;
    private final ColdInvoker invoker;
    private final RequestApiHandler requests;
    private final FirewallSyncHandler applier;
    private final PrintStream out;
    private final List<String> alertRecords;
    private final AlertTraffic.Deliveries alertDeliveries;
    private int sequence;

    private ColdStart(Path work, List<Variant> variants, List<Function> functions, BenchPlane plane, PrintStream out)
            throws IOException {
        this.out = out;
        this.work = work;
        this.variants = variants;
        this.functions = functions;
        this.plane = plane;
        this.invoker = new ColdInvoker(work, plane.environment());
        ControlPlaneConfig config = ControlPlaneConfig.from(plane.environment());
        this.requests = new RequestApiHandler(config);
        this.applier = new FirewallSyncHandler(ControlPlane.of(FunctionNames.FIREWALL_SYNC, config));
        this.alertRecords = AlertTraffic.withSources(plane.testbed(), ALERT_SOURCES)
                .records(ALERT_SOURCES, ALERT_HOSTS, ALERT_CONNECTIONS, 1L);
        this.alertDeliveries = new AlertTraffic.Deliveries(alertRecords.size());
    }

    /**
     * @param baseline  another checkout whose function jars are measured beside this one's (null: none)
     * @param only      the functions to measure (empty: all six)
     */
    static void run(Options options, Path baseline, List<String> only) throws Exception {
        // The handlers in this JVM log JSON lines to standard output; the figures alone go there.
        PrintStream figures = System.out;
        System.setOut(System.err);
        try {
            measureAll(options, baseline, only, figures);
        } finally {
            System.setOut(figures);
        }
    }

    private static void measureAll(Options options, Path baseline, List<String> only, PrintStream figures) throws Exception {
        List<Function> functions = FUNCTIONS.stream().filter(f -> only.isEmpty() || only.contains(f.name())).toList();
        if (functions.isEmpty()) {
            throw new IllegalArgumentException("--functions names none of " + FUNCTIONS.stream().map(Function::name).toList());
        }
        List<Variant> sources = new ArrayList<>();
        sources.add(new Variant("current", Path.of(System.getProperty("egress.root", "."))));
        if (baseline != null) {
            sources.add(new Variant("baseline", baseline));
        }
        for (Variant source : sources) {
            for (Function function : functions) {
                if (!Files.isRegularFile(jar(source.checkout(), function))) {
                    throw new IllegalStateException(jar(source.checkout(), function)
                            + " is missing; build it with mvn -q -DskipTests package");
                }
            }
        }
        Path work = Files.createTempDirectory("egress-cold-start");
        // Copies, so that a build during the runs cannot swap a jar under an AppCDS archive.
        List<Variant> variants = new ArrayList<>();
        for (Variant source : sources) {
            Variant copy = new Variant(source.name(), work.resolve(source.name()));
            for (Function function : functions) {
                Files.createDirectories(jar(copy.checkout(), function).getParent());
                Files.copy(jar(source.checkout(), function), jar(copy.checkout(), function),
                        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            variants.add(copy);
        }
        try (BenchPlane plane = BenchPlane.start(null)) {
            ColdStart coldStart = new ColdStart(work, variants, functions, plane, figures);
            // The first reconcile records the seeded rule group as version 1, as in the sandbox.
            coldStart.applier.handleRequest(scheduledEvent(), null);
            coldStart.measure(options);
        } finally {
            deleteTree(work);
        }
    }

    /** Deletes {@code directory} and everything under it (deepest first), as far as it can. */
    static void deleteTree(Path directory) throws IOException {
        try (var files = Files.walk(directory)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }

    private void measure(Options options) throws Exception {
        Map<String, Object> load = Machine.describe();
        System.err.println("training runs: one AppCDS archive per function jar…");
        for (Variant variant : variants) {
            for (Function function : functions) {
                runOnce(variant, function, List.of("-XX:ArchiveClassesAtExit=" + archive(variant, function)));
            }
        }
        Map<String, List<Double>> times = new LinkedHashMap<>();
        List<Double> floor = new ArrayList<>();
        for (int round = 1; round <= options.runs(); round++) {
            System.err.printf("round %d of %d%n", round, options.runs());
            floor.add(invoker.floor().millis());
            for (Function function : functions) {
                for (Config config : CONFIGS) {
                    for (Variant variant : variants) {
                        List<String> flags = new ArrayList<>(config.flags());
                        if (config.cds()) {
                            flags.add("-XX:SharedArchiveFile=" + archive(variant, function));
                        }
                        times.computeIfAbsent(key(variant, function, config), k -> new ArrayList<>())
                                .add(runOnce(variant, function, flags));
                    }
                }
            }
        }
        report(options, times, floor, load);
    }

    /** One cold invocation with the function's realistic event; returns ms from start to the response line. */
    private double runOnce(Variant variant, Function function, List<String> flags) throws Exception {
        sequence++;
        ColdInvoker.Event event = switch (function.name()) {
            case "request-api" -> ColdInvoker.Event.api("POST", "/requests", Map.of(),
                    Map.of("Content-Type", "application/json"),
                    "{\"domain\":\"cold-" + sequence + ".example.org\",\"justification\":\"cold-start benchmark\"}",
                    BenchPlane.ALICE_ARN);
            case "slack-interactions" -> ColdInvoker.Event.slack(plane.slackUser.click(BenchPlane.APPROVER,
                    submit("approve-" + sequence + ".example.org"), ActionIds.APPROVE));
            case "firewall-sync" -> {
                // The slack-interactions runs leave approvals behind. Applied here, in this JVM, so that every
                // cold firewall-sync run gets the same event: a scheduled check with nothing to apply (otherwise
                // whichever run comes first after them also does an UpdateRuleGroup and waits for the firewall
                // to sync, polling every second).
                applier.handleRequest(scheduledEvent(), null);
                yield ColdInvoker.Event.scheduled();
            }
            // The same refused connections each run, with new log event ids: a new delivery, never a replay.
            case "alert-ingest" -> ColdInvoker.Event.awslogs(JSON.readTree(alertDeliveries.of(alertRecords))
                    .path("awslogs").path("data").asText());
            default -> ColdInvoker.Event.scheduled();
        };
        ColdInvoker.Invocation invocation = invoker.invoke(jar(variant.checkout(), function), function.handler(), event, flags);
        if (!succeeded(invocation.response())) {
            throw new IllegalStateException("cold invocation of " + function.name() + " with " + flags + " failed: "
                    + invocation.response());
        }
        return invocation.millis();
    }

    private static boolean succeeded(String response) {
        return response.equals("floor")
                || (response.startsWith("200 ") || response.startsWith("201 ") || response.startsWith("202 "))
                && !response.contains("\"failure\"") && !response.contains("failure=") && !response.contains(":x:")
                && !response.contains("ignored=true") && !response.contains("refused=");
    }

    /** Submits a request as Alice through the request API in this JVM; returns its id (pending approval). */
    private String submit(String domain) throws IOException {
        APIGatewayProxyRequestEvent event = BenchPlane.submissionByAlice(domain, "cold-start benchmark");
        var response = requests.handleRequest(event, null);
        if (response.getStatusCode() >= 300) {
            throw new IllegalStateException("submitting " + domain + " failed: " + response.getBody());
        }
        return JSON.readTree(response.getBody()).path("request").path("id").asText();
    }

    static Map<String, Object> scheduledEvent() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("source", "aws.events");
        event.put("detail-type", "Scheduled Event");
        event.put("detail", Map.of());
        return event;
    }

    private void report(Options options, Map<String, List<Double>> times, List<Double> floor, Map<String, Object> load) {
        Map<String, Object> after = Machine.describe();
        Stats floorStats = Stats.of(floor, Double::doubleValue);
        out.println("cold-start: fresh JVM per run — construct the handler from its Lambda jar, process one event"
                + " against dynalite, the emulators and the Slack stand-in on loopback; ms from process start to response");
        out.printf("%d runs per function, jar and configuration, interleaved; AppCDS archives from one training run"
                + " each; floor (a JVM printing one line) %s ms%n%n", options.runs(), floorStats.format(0));
        Table table = new Table("function", "jars", "jar MB", "event", "configuration", "cold ms median [min–max]",
                "vs floor ms").labelColumns(5);
        List<Map<String, Object>> cases = new ArrayList<>();
        for (Function function : functions) {
            for (Config config : CONFIGS) {
                for (Variant variant : variants) {
                    Stats stats = Stats.of(times.get(key(variant, function, config)), Double::doubleValue);
                    table.row(function.name(), variant.name(), String.format("%.1f", jarBytes(variant, function) / 1e6),
                            eventLabel(function), config.name(), stats.format(0),
                            String.format("%,.0f", stats.median() - floorStats.median()));
                    Map<String, Object> json = new LinkedHashMap<>();
                    json.put("function", function.name());
                    json.put("jars", variant.name());
                    json.put("jarBytes", jarBytes(variant, function));
                    json.put("configuration", config.name());
                    json.put("flags", config.flags());
                    json.put("appCds", config.cds());
                    json.put("coldMs", stats.toJson(1));
                    cases.add(json);
                }
            }
        }
        out.println(table.render());

        Variant current = variants.get(0);
        Map<String, Object> met = new LinkedHashMap<>();
        Table targets = new Table("target (current jars)", "measured", "met").labelColumns(1);
        functions.stream().filter(f -> f.name().equals("slack-interactions")).findFirst().ifPresent(slack -> {
            Stats slackDefault = Stats.of(times.get(key(current, slack, CONFIGS.get(0))), Double::doubleValue);
            Stats slackTuned = Stats.of(times.get(key(current, slack, CONFIGS.get(3))), Double::doubleValue);
            targets.row("slack-interactions, default flags ≤ 1,000 ms",
                    String.format("%,.0f ms (median)", slackDefault.median()), met(slackDefault.median() <= SLACK_DEFAULT_TARGET_MS));
            targets.row("slack-interactions, AppCDS + C1 ≤ 600 ms",
                    String.format("%,.0f ms (median)", slackTuned.median()), met(slackTuned.median() <= SLACK_TUNED_TARGET_MS));
            met.put("slackDefaultUnder1000ms", slackDefault.median() <= SLACK_DEFAULT_TARGET_MS);
            met.put("slackAppCdsC1Under600ms", slackTuned.median() <= SLACK_TUNED_TARGET_MS);
        });
        double largestJar = functions.stream().mapToDouble(f -> jarBytes(current, f) / 1e6).max().orElse(0);
        targets.row("every function jar ≤ 10 MB", String.format("%.1f MB (largest)", largestJar),
                met(largestJar <= JAR_TARGET_MB));
        met.put("jarsUnder10MB", largestJar <= JAR_TARGET_MB);
        out.println(targets.render());

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", NAME);
        record.put("at", java.time.Instant.now().toString());
        record.put("machine", load);
        record.put("loadAverage1mAfter", after.get("loadAverage1m"));
        record.put("runs", options.runs());
        record.put("floorMs", floorStats.toJson(1));
        record.put("cases", cases);
        record.put("targetsMet", met);
        out.println(JsonLine.of(record));
    }

    private static String met(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static String eventLabel(Function function) {
        return switch (function.name()) {
            case "slack-interactions" -> "signed approve click";
            case "request-api" -> "POST /requests";
            case "firewall-sync" -> "Scheduled Event, in sync";
            case "alert-ingest" -> String.format("ALERT log delivery, %d records",
                    ALERT_SOURCES * ALERT_HOSTS * ALERT_CONNECTIONS);
            default -> "Scheduled Event";
        };
    }

    private static String key(Variant variant, Function function, Config config) {
        return variant.name() + "|" + function.name() + "|" + config.name();
    }

    private Path archive(Variant variant, Function function) {
        return work.resolve(variant.name() + "-" + function.name() + ".jsa");
    }

    private static long jarBytes(Variant variant, Function function) {
        try {
            return Files.size(jar(variant.checkout(), function));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Path jar(Path root, Function function) {
        return root.resolve("functions").resolve(function.name()).resolve("target").resolve(function.name() + ".jar");
    }
}
