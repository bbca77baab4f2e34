package io.egressallowlist.sandbox;

import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.testbed.LocalAws;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;

/**
 * The local sandbox's command line.
 * <pre>
 *   java -jar egress-sandbox.jar [up] [--aws-port 4566] [--dynamodb-port 8000]
 *   java -jar egress-sandbox.jar emulators [--port 4566]
 * </pre>
 * {@code up} starts dynalite and the AWS emulators, creates the tables and seeds a firewall, its policy,
 * the domain-list rule group and two Studio domains. {@code emulators} starts only the emulators, for
 * pointing other tools at them. Both run until Ctrl-C, then stop everything and free their ports.
 */
public final class SandboxMain {

    static final int DEFAULT_FRONT_PORT = 8080;
    static final int DEFAULT_AWS_PORT = 4566;
    static final int DEFAULT_DYNAMODB_PORT = 8000;

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
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            err.println(Options.USAGE);
            return 2;
        }
        if (options.help()) {
            out.println(Options.USAGE);
            return 0;
        }
        try (AutoCloseable running = start(options, out)) {
            out.println("Press Ctrl-C to stop; every process is stopped and every port freed.");
            awaitShutdown(out);
            return 0;
        } catch (BindException e) {
            err.println("error: a port is already in use (" + e.getMessage() + "). Stop the process that holds it,"
                    + " or choose other ports with --aws-port / --dynamodb-port.");
            return 1;
        } catch (Dynalite.StartException e) {
            err.println("error: " + e.getMessage());
            return 1;
        } catch (Exception e) {
            err.println("error: could not start the sandbox: " + e.getMessage());
            return 1;
        }
    }

    private static AutoCloseable start(Options options, PrintStream out) throws IOException {
        long started = System.nanoTime();
        if (options.command().equals("emulators")) {
            LocalAws aws = LocalAws.emulatorsOnly(options.awsPort());
            aws.describe(out);
            return aws;
        }
        LocalControlPlane.Options defaults = LocalControlPlane.Options.defaults();
        LocalControlPlane plane = LocalControlPlane.start(new LocalControlPlane.Options(options.port(), options.awsPort(),
                options.dynamoPort(), defaults.schedules(), defaults.environment()));
        plane.describe(out);
        out.printf("%nReady in %.1f s.%n", (System.nanoTime() - started) / 1e9);
        return plane;
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

    /** Parsed command-line options. */
    record Options(String command, int port, int awsPort, int dynamoPort, boolean help) {

        static final String USAGE = """
                usage: java -jar local/sandbox/target/egress-sandbox.jar [up|emulators] [options]
                  up (default)        dynalite + AWS emulators, tables created, firewall and Studio seeded
                  emulators           the AWS emulators only (Network Firewall, SageMaker, EventBridge)
                options:
                  --port N            up: port of the web page, API and Slack route (default 8080);
                                      emulators: port of the AWS emulators
                  --aws-port N        port of the AWS emulators (default 4566)
                  --dynamodb-port N   port of dynalite (default 8000)
                  --help              this text""";

        static Options parse(String[] args) {
            Deque<String> rest = new ArrayDeque<>(java.util.List.of(args));
            String command = "up";
            if (!rest.isEmpty() && !rest.peekFirst().startsWith("--")) {
                command = rest.removeFirst();
                if (!command.equals("up") && !command.equals("emulators")) {
                    throw new IllegalArgumentException("unknown command '" + command + "'");
                }
            }
            int port = -1;
            int awsPort = DEFAULT_AWS_PORT;
            int dynamoPort = DEFAULT_DYNAMODB_PORT;
            boolean help = false;
            while (!rest.isEmpty()) {
                String option = rest.removeFirst();
                switch (option) {
                    case "--port" -> port = port(option, rest);
                    case "--aws-port" -> awsPort = port(option, rest);
                    case "--dynamodb-port" -> dynamoPort = port(option, rest);
                    case "--help", "-h" -> help = true;
                    default -> throw new IllegalArgumentException("unknown option '" + option + "'");
                }
            }
            if (command.equals("emulators") && port != -1) {
                awsPort = port;
            }
            return new Options(command, port == -1 ? DEFAULT_FRONT_PORT : port, awsPort, dynamoPort, help);
        }

        private static int port(String option, Deque<String> rest) {
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(option + " needs a port number");
            }
            String value = rest.removeFirst();
            try {
                int port = Integer.parseInt(value);
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a port number within 1..65535, got '" + value + "'");
            }
        }
    }
}
