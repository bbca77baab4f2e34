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
            case ColdStart.NAME -> ColdStart.run(Options.parse(rest));
            case SERVE_EMULATOR -> EmulatorProcess.serve();
            default -> {
                System.err.println("unknown benchmark: " + args[0]);
                usage();
                System.exit(2);
            }
        }
    }

    private static void usage() {
        System.err.println("usage: egress-bench.jar <benchmark> [--warmup N] [--runs N] [--sizes a,b,c] [--seed S]");
        System.err.println("  " + ReconcileCeiling.NAME + "  one approval at the largest list a rule group holds (14,999"
                + " and 15,000 targets), the refusal past it, and the diff of two 15,000-target versions");
        System.err.println("  " + ReconcileScale.NAME + "    the same for lists of 100, 1,000, 5,000, 10,000 and 15,000"
                + " targets");
        System.err.println("  " + ColdStart.NAME + "         a fresh JVM per run for each function jar: default flags, C1,"
                + " AppCDS, AppCDS + C1 and the floor");
    }
}
