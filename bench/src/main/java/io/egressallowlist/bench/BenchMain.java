package io.egressallowlist.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Runs one benchmark by name: {@code java -jar egress-bench.jar <name> [--warmup N] [--runs N]
 * [--sizes a,b,c] [--seed S]}. Progress goes to standard error; the figures, a plain table and a one-line
 * JSON record, to standard output.
 */
public final class BenchMain {

    /** Internal: the child JVM that hosts the Network Firewall emulator ({@link EmulatorProcess}). */
    static final String SERVE_EMULATOR = "serve-emulator";

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            usage();
            System.exit(2);
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        switch (args[0]) {
            case ReconcileCeiling.NAME -> ReconcileCeiling.run(Options.parse(rest));
            case ReconcileScale.NAME -> ReconcileScale.run(Options.parse(rest));
            case ColdStart.NAME -> {
                String baseline = stringOption(rest, "--baseline");
                String only = stringOption(rest, "--functions");
                ColdStart.run(Options.parse(without(rest, "--baseline", "--functions")),
                        baseline == null ? null : java.nio.file.Path.of(baseline),
                        only == null ? List.of() : List.of(only.split(",")));
            }
            case Coalescing.NAME -> Coalescing.run(Options.parse(List.of()), intOption(rest, "--approvals", 200),
                    intOption(rest, "--threads", 16));
            case RequestApiLoad.NAME -> RequestApiLoad.run(intOption(rest, "--threads", 8),
                    intOption(rest, "--seconds", 20), intOption(rest, "--warmup-seconds", 5));
            case AlertIngestBench.NAME -> AlertIngestBench.run(Options.parse(without(rest, "--sources", "--hosts",
                    "--per-pair")), new AlertIngestBench.Shape(intOption(rest, "--sources", 50),
                    intOption(rest, "--hosts", 40), intOption(rest, "--per-pair", 5)));
            case BlockedLatency.NAME -> BlockedLatency.run(Options.parse(
                    java.util.stream.Stream.concat(java.util.stream.Stream.of("--runs", "20"), rest.stream()).toList())); // 20 unless given
            case AuditChainBench.NAME -> AuditChainBench.run(Options.parse(java.util.stream.Stream.concat(
                    java.util.stream.Stream.of("--warmup", "1", "--runs", "5"), without(rest, "--writers", "--records",
                            "--verify-records").stream()).toList()), new AuditChainBench.Shape(
                    intList(stringOption(rest, "--writers"), List.of(1, 8, 32)), intOption(rest, "--records", 400),
                    intOption(rest, "--verify-records", 10_000)));
            case ScopesBench.NAME -> ScopesBench.run(Options.parse(java.util.stream.Stream.concat(
                    java.util.stream.Stream.of("--warmup", "1", "--runs", "5"), without(rest, "--scopes", "--targets",
                            "--large").stream()).toList()), new ScopesBench.Shape(intOption(rest, "--scopes", 20),
                    intOption(rest, "--targets", 1_000), intOption(rest, "--large", 15_000)));
            case AlertIngestChild.NAME -> AlertIngestChild.run(rest);
            case SERVE_EMULATOR -> EmulatorProcess.serve();
            default -> {
                System.err.println("unknown benchmark: " + args[0]);
                usage();
                System.exit(2);
            }
        }
    }

    private static String stringOption(List<String> args, String name) {
        int at = args.indexOf(name);
        return at < 0 || at + 1 >= args.size() ? null : args.get(at + 1);
    }

    /** {@code args} without the named options and their values. */
    private static List<String> without(List<String> args, String... names) {
        List<String> rest = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            if (Arrays.asList(names).contains(args.get(i))) {
                i++;
            } else {
                rest.add(args.get(i));
            }
        }
        return rest;
    }

    private static int intOption(List<String> args, String name, int fallback) {
        int at = args.indexOf(name);
        return at < 0 || at + 1 >= args.size() ? fallback : Integer.parseInt(args.get(at + 1));
    }

    private static List<Integer> intList(String value, List<Integer> fallback) {
        return value == null ? fallback : Arrays.stream(value.split(",")).map(String::trim).map(Integer::parseInt).toList();
    }

    private static void usage() {
        System.err.println("usage: egress-bench.jar <benchmark> [--warmup N] [--runs N] [--sizes a,b,c] [--seed S]");
        System.err.println("  " + ReconcileCeiling.NAME + "  one approval at the largest list a rule group holds (14,999"
                + " and 15,000 targets), the refusal past it, and the diff of two 15,000-target versions");
        System.err.println("  " + ReconcileScale.NAME + "    the same for lists of 100, 1,000, 5,000, 10,000 and 15,000"
                + " targets");
        System.err.println("  " + ColdStart.NAME + "         a fresh JVM per run for each function jar: default flags, C1,"
                + " AppCDS, AppCDS + C1 and the floor [--runs N] [--functions a,b] [--baseline OTHER-CHECKOUT]");
        System.err.println("  " + Coalescing.NAME + "         200 approvals within ~1 s: UpdateRuleGroup calls, time until all are"
                + " live [--approvals N] [--threads N]");
        System.err.println("  " + RequestApiLoad.NAME + "   warm request-api throughput and latency [--threads N] [--seconds N]"
                + " [--warmup-seconds N]");
        System.err.println("  " + BlockedLatency.NAME + "    a blocked attempt in the sandbox until GET /blocked lists it"
                + " [--warmup N] [--runs N (default 20)]");
        System.err.println("  " + AlertIngestBench.NAME + "       one delivery of 10,000 alert records through alert-ingest, warm,"
                + " in a 256 MB JVM [--warmup N] [--runs N] [--sources 50] [--hosts 40] [--per-pair 5] [--seed S]");
        System.err.println("  " + AuditChainBench.NAME + "        audit writes through the hash chain against one conditional"
                + " PutItem per record, and verification throughput [--warmup N (default 1)] [--runs N (default 5)]"
                + " [--writers 1,8,32] [--records 400] [--verify-records 10000]");
        System.err.println("  " + ScopesBench.NAME + "             20 approvals in 20 scopes of 1,000 targets at once, warm"
                + " reconcile of every scope, one scope at 15,000 targets, each against the single list"
                + " [--warmup N (default 1)] [--runs N (default 5)] [--scopes 20] [--targets 1000] [--large 15000]");
    }
}
