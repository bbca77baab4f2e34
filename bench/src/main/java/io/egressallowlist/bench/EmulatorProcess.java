package io.egressallowlist.bench;

import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Network Firewall emulator in a child JVM. The benchmarks measure the reconciler's heap; with the
 * emulator in the same JVM its copy of every 15,000-target rule group, and the JSON trees it parses,
 * would be counted too. (dynalite already runs in its own Node.js process.)
 *
 * <p>The child prints its port on one line and stops when its standard input closes, so it cannot
 * outlive the benchmark even if the benchmark is killed.
 */
final class EmulatorProcess implements AutoCloseable {

    private static final String READY = "emulator-listening ";
    /** Enough for a few dozen 15,000-target rule groups; benchmarks delete each group after its run. */
    static final int RULE_GROUP_QUOTA = 1_000;

    private final Process process;
    private final URI endpoint;

    private EmulatorProcess(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    static EmulatorProcess start() throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                BenchMain.class.getName(), BenchMain.SERVE_EMULATOR);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith(READY)) {
            process.destroyForcibly();
            throw new IOException("the emulator process did not start; it printed: " + line);
        }
        int port = Integer.parseInt(line.substring(READY.length()).trim());
        return new EmulatorProcess(process, URI.create("http://127.0.0.1:" + port));
    }

    URI endpoint() {
        return endpoint;
    }

    /** The child's side: serve until standard input closes. */
    static void serve() throws IOException {
        NetworkFirewallEmulator firewall = NetworkFirewallEmulator.builder().ruleGroupQuota(RULE_GROUP_QUOTA).build();
        try (AwsJsonServer server = AwsJsonServer.start(0, firewall)) {
            System.out.println(READY + server.port());
            System.out.flush();
            while (System.in.read() != -1) {
                // Nothing is sent; end of input means the parent is gone.
            }
        }
    }

    @Override
    public void close() {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (IOException | InterruptedException e) {
            process.destroyForcibly();
        }
    }
}
