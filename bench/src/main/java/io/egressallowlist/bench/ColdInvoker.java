package io.egressallowlist.bench;

import io.egressallowlist.bench.cold.ColdLaunch;
import io.egressallowlist.emulators.slack.SignedSlackRequest;
import io.egressallowlist.shared.config.EnvKey;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Runs one function's Lambda jar as Lambda would on a cold start: a fresh JVM whose class path is that jar
 * (and {@link ColdLaunch}, in a jar of its own), which constructs the handler by name and hands it one event.
 * Used by the {@code cold-start} benchmark (timed) and by {@code LambdaJarsIT} (which checks the answers of
 * the jars the build produced).
 */
final class ColdInvoker {

    /** One event for {@link ColdLaunch}: its kind ({@code api} or {@code scheduled}) and its fields. */
    record Event(String kind, Map<String, String> fields) {

        /** A CloudWatch Logs subscription delivery: {@code {"awslogs":{"data":…}}}. */
        static Event awslogs(String data) {
            return new Event("awslogs", Map.of("data", data));
        }

        static Event scheduled() {
            return new Event("scheduled", Map.of());
        }

        /** An API Gateway proxy event; {@code caller} is the IAM identity (null for Slack's public route). */
        static Event api(String method, String path, Map<String, String> query, Map<String, String> headers,
                         String body, String caller) {
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("method", method);
            fields.put("path", path);
            if (caller != null) {
                fields.put("caller", caller);
            }
            query.forEach((name, value) -> fields.put("query." + name, value));
            headers.forEach((name, value) -> fields.put("header." + name, value));
            if (body != null) {
                fields.put("body", body);
            }
            return new Event("api", fields);
        }

        /** A signed request from the Slack stand-in, as API Gateway hands it to slack-interactions. */
        static Event slack(SignedSlackRequest request) {
            return api("POST", "/slack/events", Map.of(), request.headers(), request.body(), null);
        }
    }

    /** What the child printed: {@code status body} for API events, {@code 200 summary} for scheduled ones. */
    record Invocation(double millis, String response) {

        int status() {
            return Integer.parseInt(response.substring(0, response.indexOf(' ')));
        }

        String body() {
            return response.substring(response.indexOf(' ') + 1);
        }
    }

    private final Path work;
    private final Path launcher;
    private final Map<String, String> environment;
    private int sequence;

    /** {@code environment}: what the function gets (the CDK stack's environment, pointed at loopback). */
    ColdInvoker(Path work, Map<String, String> environment) throws IOException {
        this.work = work;
        this.environment = Map.copyOf(environment);
        this.launcher = launcherJar(work);
    }

    /** One cold invocation of {@code handler} from {@code jar}, with these JVM flags. */
    Invocation invoke(Path jar, String handler, Event event, List<String> flags) throws Exception {
        Path input = work.resolve("event-" + (++sequence) + ".properties");
        Properties properties = new Properties();
        properties.setProperty("handler", handler);
        properties.setProperty("event", event.kind());
        event.fields().forEach(properties::setProperty);
        try (Writer writer = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            properties.store(writer, null);
        }
        List<String> args = new ArrayList<>(flags);
        args.addAll(List.of("-cp", jar + java.io.File.pathSeparator + launcher, ColdLaunch.class.getName(), input.toString()));
        return time(args, environment);
    }

    /** The floor: a JVM that prints one line. */
    Invocation floor() throws Exception {
        return time(List.of("-cp", launcher.toString(), ColdLaunch.class.getName(), "floor"), Map.of());
    }

    /** Starts a JVM, returns the time until it printed its RESPONSE line, and that line. */
    private Invocation time(List<String> args, Map<String, String> functionEnvironment) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(args);
        Path stderr = work.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(stderr.toFile());
        builder.environment().remove(EnvKey.JAVA_TOOL_OPTIONS.name());
        builder.environment().remove("JDK_JAVA_OPTIONS");
        // The function's configuration reaches it as Lambda's does: environment variables its no-argument
        // constructor reads.
        builder.environment().putAll(functionEnvironment);
        long started = System.nanoTime();
        Process process = builder.start();
        String response = null;
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("RESPONSE ")) {
                    response = line.substring("RESPONSE ".length());
                    break;
                }
                output.add(line);
            }
            double millis = (System.nanoTime() - started) / 1e6;
            out.transferTo(Writer.nullWriter());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            if (response == null) {
                throw new IllegalStateException("the function printed no response: " + command + "\noutput: " + output
                        + "\nstderr: " + Files.readString(stderr));
            }
            return new Invocation(millis, response);
        }
    }

    /**
     * A jar holding only {@link ColdLaunch} (AppCDS refuses non-empty directories on the class path), so that
     * the child's class path is the function jar and nothing of the bench.
     */
    private static Path launcherJar(Path work) throws IOException {
        Path jar = work.resolve("cold-launch.jar");
        String entry = ColdLaunch.class.getName().replace('.', '/') + ".class";
        try (InputStream in = ColdInvoker.class.getClassLoader().getResourceAsStream(entry);
             OutputStream file = Files.newOutputStream(jar);
             JarOutputStream out = new JarOutputStream(file)) {
            if (in == null) {
                throw new IllegalStateException(entry + " not found");
            }
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }
}
