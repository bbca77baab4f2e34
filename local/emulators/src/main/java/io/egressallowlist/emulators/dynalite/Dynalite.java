package io.egressallowlist.emulators.dynalite;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts and stops <a href="https://github.com/architect/dynalite">dynalite</a>, the open-source DynamoDB
 * implementation this project uses in tests and in the sandbox. dynalite is installed by the build
 * ({@code npm ci} at the project root, pinned by {@code package-lock.json}) and runs in memory.
 *
 * <p>It listens on loopback only, with {@code --createTableMs 0} (and the delete/update equivalents) so
 * that SDK waiters do not block for the default half second per table state. The process is stopped by
 * its own handle in {@link #close()}, and by a shutdown hook if the JVM exits first.
 */
public final class Dynalite implements AutoCloseable {

    /** Thrown when dynalite cannot be started; the message says what to do. */
    public static final class StartException extends RuntimeException {
        StartException(String message) {
            super(message);
        }

        StartException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final String READY_LINE = "Dynalite listening at:";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final int PORT_ATTEMPTS = 5;

    private final Process process;
    private final int port;
    private final Thread shutdownHook;

    private Dynalite(Process process, int port) {
        this.process = process;
        this.port = port;
        this.shutdownHook = new Thread(this::stopProcess, "dynalite-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts dynalite on a free loopback port. */
    public static Dynalite start() {
        return start(0);
    }

    /**
     * Starts dynalite on the given loopback port (0 = any free port).
     *
     * @throws StartException when Node.js or dynalite is missing, or the port is taken
     */
    public static Dynalite start(int requestedPort) {
        Path cli = locateCli();
        String node = nodeExecutable();
        StartException last = null;
        int attempts = requestedPort == 0 ? PORT_ATTEMPTS : 1;
        for (int attempt = 0; attempt < attempts; attempt++) {
            int port = requestedPort == 0 ? freePort() : requestedPort;
            try {
                return launch(node, cli, port);
            } catch (PortTakenException e) {
                // Another process took the port between our probe and dynalite's bind: try another.
                last = new StartException("Port " + port + " on 127.0.0.1 is already in use; choose another port"
                        + " or stop the process that holds it.");
            }
        }
        throw last;
    }

    /** The endpoint to pass to {@code DynamoDbClient.builder().endpointOverride(...)}. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /**
     * A new client for this dynalite: explicit region and static credentials (dynalite checks that a
     * signature is present, not that it is valid), the URL-connection HTTP client.
     */
    public DynamoDbClient newClient() {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
    }

    /** Stops the dynalite process and waits for it to exit, so its port is free again. */
    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or has run; nothing left to do.
        }
    }

    private void stopProcess() {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static final class PortTakenException extends Exception {
    }

    private static Dynalite launch(String node, Path cli, int port) throws PortTakenException {
        List<String> command = List.of(node, cli.toString(),
                "--host", "127.0.0.1",
                "--port", Integer.toString(port),
                "--createTableMs", "0",
                "--deleteTableMs", "0",
                "--updateTableMs", "0");
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new StartException("Could not run '" + node + "'. Node.js 20 or later must be installed and on the"
                    + " PATH (or set EGRESS_NODE to its path).", e);
        }
        OutputWatcher watcher = new OutputWatcher(process);
        watcher.start();
        boolean ready = watcher.awaitReady(START_TIMEOUT);
        if (ready && process.isAlive()) {
            return new Dynalite(process, port);
        }
        process.destroyForcibly();
        String output = watcher.output();
        if (output.contains("EADDRINUSE")) {
            throw new PortTakenException();
        }
        throw new StartException("dynalite did not start within " + START_TIMEOUT.toSeconds() + " s. Its output:\n"
                + output);
    }

    /** Reads the process output on a daemon thread: signals readiness and keeps the text for error messages. */
    private static final class OutputWatcher extends Thread {
        private final Process process;
        private final CountDownLatch readyOrExited = new CountDownLatch(1);
        private final StringBuilder output = new StringBuilder();
        private volatile boolean ready;

        OutputWatcher(Process process) {
            super("dynalite-output");
            setDaemon(true);
            this.process = process;
        }

        @Override
        public void run() {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    synchronized (output) {
                        if (output.length() < 16_384) {
                            output.append(line).append('\n');
                        }
                    }
                    if (line.startsWith(READY_LINE)) {
                        ready = true;
                        readyOrExited.countDown();
                    }
                }
            } catch (IOException e) {
                // The stream closes when the process ends; nothing to report.
            } finally {
                readyOrExited.countDown();
            }
        }

        boolean awaitReady(Duration timeout) {
            try {
                readyOrExited.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return ready;
        }

        String output() {
            synchronized (output) {
                return output.toString();
            }
        }
    }

    private static String nodeExecutable() {
        String configured = System.getenv("EGRESS_NODE");
        return configured == null || configured.isBlank() ? "node" : configured;
    }

    /**
     * Finds {@code node_modules/dynalite/cli.js}: from the system property {@code egress.dynalite.cli}, or
     * by walking up from {@code egress.root} (set by the Maven build) or the working directory.
     */
    static Path locateCli() {
        String explicit = System.getProperty("egress.dynalite.cli");
        if (explicit != null && !explicit.isBlank()) {
            Path path = Paths.get(explicit);
            if (Files.isRegularFile(path)) {
                return path;
            }
            throw new StartException("egress.dynalite.cli points to " + path + ", which does not exist.");
        }
        List<Path> tried = new ArrayList<>();
        for (String start : new String[] {System.getProperty("egress.root"), System.getProperty("user.dir")}) {
            if (start == null || start.isBlank()) {
                continue;
            }
            for (Path dir = Paths.get(start).toAbsolutePath(); dir != null; dir = dir.getParent()) {
                Path cli = dir.resolve("node_modules").resolve("dynalite").resolve("cli.js");
                tried.add(cli);
                if (Files.isRegularFile(cli)) {
                    return cli;
                }
            }
        }
        throw new StartException("dynalite is not installed. Run the build from the project root (it runs"
                + " 'npm ci'), or run 'npm ci' there yourself. Looked for: " + tried);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }
}
