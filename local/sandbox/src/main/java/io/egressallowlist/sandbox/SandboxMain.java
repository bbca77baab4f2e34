package io.egressallowlist.sandbox;

import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.shared.events.EventRoutes;
import io.egressallowlist.testbed.LocalAws;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The local sandbox's command line.
 * <pre>
 *   java -jar egress-sandbox.jar [up] [--port 8080] [--aws-port 4566] [--dynamodb-port 8000] [--policy FILE]
 *                                 [--pending-timeout D] [--grant D] [--reminder-before D] [--stale-after D]
 *                                 [--stale-action flag|remove] [--reconcile-every D] [--quorum N]
 *   java -jar egress-sandbox.jar emulators [--port 4566]
 * </pre>
 * {@code up} starts dynalite and the AWS emulators, creates the tables and seeds a firewall, its policy,
 * one rule group per scope ({@code global}, {@code default}, {@code risk}, {@code research}: {@link
 * io.egressallowlist.testbed.SampleScopes}) and the Studio domains, and runs the control plane with the approval
 * policy the CDK app deploys ({@link SandboxPolicy}; every scope's, each with its own approvers) and the timings
 * given ({@link SandboxOptions}). {@code emulators} starts only the emulators, for
 * pointing other tools at them. Both run until Ctrl-C, then stop everything and free their ports.
 */
public final class SandboxMain {

    static final Duration CLEANUP_EVERY = Duration.ofSeconds(60);
    static final Duration CLEANUP_AT_MOST_EVERY = Duration.ofSeconds(5);

    private SandboxMain() {
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs a command until interrupted; returns the process exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        SandboxOptions options;
        try {
            options = SandboxOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(SandboxOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.println(SandboxOptions.USAGE);
            return 0;
        }
        Optional<SandboxPolicy> policy = Optional.empty();
        if (options.command().equals("up")) {
            try {
                policy = Optional.of(SandboxPolicy.load(options.policyFile(), Path.of(""), options.timings().grant(),
                        options.timings().quorum()));
            } catch (SandboxPolicy.Problem e) {
                err.println("error: " + e.getMessage());
                return 2;
            }
        }
        try (AutoCloseable running = start(options, policy, out)) {
            out.println("Press Ctrl-C to stop; every process is stopped and every port freed.");
            awaitShutdown(out);
            return 0;
        } catch (BindException e) {
            err.println("error: a port is already in use (" + e.getMessage() + "). Stop the process that holds it,"
                    + " or choose other ports with --port / --aws-port / --dynamodb-port.");
            return 1;
        } catch (Dynalite.StartException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("error: could not start the sandbox: " + e.getMessage());
            return 1;
        }
    }

    private static AutoCloseable start(SandboxOptions options, Optional<SandboxPolicy> policy, PrintStream out)
            throws IOException {
        long started = System.nanoTime();
        if (policy.isEmpty()) {
            LocalAws aws = LocalAws.emulatorsOnly(options.awsPort());
            aws.describe(out);
            return aws;
        }
        LocalControlPlane plane = LocalControlPlane.start(controlPlane(options, policy.get()));
        plane.describe(out);
        out.println();
        out.println("Policy: " + policy.get().describe());
        describeTimings(options.timings(), out);
        out.printf("%nReady in %.1f s.%n", (System.nanoTime() - started) / 1e9);
        return plane;
    }

    /** What {@code up} starts: the default schedules and ports, with the command line's policy and timings. */
    static LocalControlPlane.Options controlPlane(SandboxOptions options, SandboxPolicy policy) {
        SandboxOptions.Timings timings = options.timings();
        LocalControlPlane.Options plane = LocalControlPlane.Options.defaults(policy.text())
                .withPorts(options.port(), options.awsPort(), options.dynamoPort()).withScopes();
        if (timings.reconcileEvery().isPresent()) {
            plane = plane.withSchedule(EventRoutes.RECONCILE, timings.reconcileEvery().get());
        }
        plane = plane.withSchedule(EventRoutes.CLEANUP, cleanupInterval(timings));
        return plane.withEnvironment(env -> {
            timings.pendingTimeout().ifPresent(env::pendingTimeout);
            timings.reminderBefore().ifPresent(env::reminderBefore);
            timings.staleAfter().ifPresent(env::staleAfter);
            timings.staleAction().ifPresent(env::staleAction);
            return env;
        });
    }

    /**
     * Cleanup runs every minute, or more often when a timing is short, so that what it does (expiries, reminders,
     * stale entries) happens within half that timing: every half of the shortest, at least every 5 seconds.
     */
    static Duration cleanupInterval(SandboxOptions.Timings timings) {
        Duration interval = CLEANUP_EVERY;
        for (Optional<Duration> timing : List.of(timings.pendingTimeout(), timings.grant(), timings.reminderBefore(),
                timings.staleAfter())) {
            if (timing.isPresent() && timing.get().dividedBy(2).compareTo(interval) < 0) {
                interval = timing.get().dividedBy(2);
            }
        }
        return interval.compareTo(CLEANUP_AT_MOST_EVERY) < 0 ? CLEANUP_AT_MOST_EVERY : interval;
    }

    private static void describeTimings(SandboxOptions.Timings timings, PrintStream out) {
        List<String> set = new ArrayList<>();
        timings.pendingTimeout().ifPresent(d -> set.add("pending-timeout " + SandboxOptions.shortForm(d)));
        timings.grant().ifPresent(d -> set.add("grant " + SandboxOptions.shortForm(d)));
        timings.reminderBefore().ifPresent(d -> set.add("reminder-before " + SandboxOptions.shortForm(d)));
        timings.staleAfter().ifPresent(d -> set.add("stale-after " + SandboxOptions.shortForm(d)));
        timings.staleAction().ifPresent(a -> set.add("stale-action " + a.name().toLowerCase(java.util.Locale.ROOT)));
        timings.reconcileEvery().ifPresent(d -> set.add("reconcile every " + SandboxOptions.shortForm(d)));
        timings.quorum().ifPresent(q -> set.add("quorum " + q));
        out.println("Timings: " + (set.isEmpty() ? "the functions' defaults" : String.join(", ", set))
                + "; cleanup runs every " + SandboxOptions.shortForm(cleanupInterval(timings)));
    }

    private static void awaitShutdown(PrintStream out) {
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            out.println("Stopping the sandbox…");
            stop.countDown();
        }, "sandbox-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
