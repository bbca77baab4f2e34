package io.egressallowlist.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One tab of headless Chromium, driven over the DevTools protocol (its WebSocket, with the JDK's client): navigate,
 * and evaluate scripts in the page as the page's own would run, answers returned by value. A page test uses it where
 * a dump of the DOM is not enough: to run a script in the page (axe-core, the Slack markup renderer) and read what it
 * answers.
 */
final class BrowserPage implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final Process browser;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> calls = new ConcurrentHashMap<>();

    private BrowserPage(Process browser, WebSocket.Builder sockets, URI page) {
        this.browser = browser;
        this.socket = sockets.buildAsync(page, new Listener()).join();
    }

    /** Starts Chromium on an empty tab, with its own profile directory. */
    static BrowserPage open(Path chromium, Path profile) throws IOException, InterruptedException {
        Process browser = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                "--user-data-dir=" + profile, "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            URI endpoint = listeningOn(browser);
            HttpClient http = HttpClient.newHttpClient();
            URI list = URI.create("http://" + endpoint.getAuthority() + "/json/list");
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(list).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode target : targets) {
                if (target.path("type").asText().equals("page")) {
                    return new BrowserPage(browser, http.newWebSocketBuilder(),
                            URI.create(target.path("webSocketDebuggerUrl").asText()));
                }
            }
            throw new IllegalStateException("Chromium shows no page: " + targets);
        } catch (IOException | InterruptedException | RuntimeException e) {
            browser.destroyForcibly();
            throw e;
        }
    }

    /** Reads Chromium's standard error up to the line naming its DevTools endpoint, then drains it in the background. */
    private static URI listeningOn(Process browser) throws IOException {
        BufferedReader errors = new BufferedReader(new InputStreamReader(browser.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = errors.readLine(); line != null; line = errors.readLine()) {
            Matcher listening = LISTENING.matcher(line);
            if (listening.find()) {
                Thread drain = new Thread(() -> errors.lines().forEach(ignored -> { }), "chromium-stderr");
                drain.setDaemon(true);
                drain.start();
                return URI.create(listening.group(1));
            }
            seen.append(line).append('\n');
        }
        throw new IllegalStateException("Chromium exited without a DevTools endpoint:\n" + seen);
    }

    /** Loads {@code url} and waits until the document and its scripts have loaded. */
    void navigate(URI url) {
        call("Page.enable", JSON.createObjectNode());
        call("Page.navigate", JSON.createObjectNode().put("url", url.toString()));
        EndToEnd.await("the page " + url + " loaded", () -> evaluate("document.readyState + ' ' + location.href").asText(),
                state -> state.equals("complete " + url), Duration.ofMillis(100));
    }

    /** Shows the page as a screen {@code width} by {@code height} CSS pixels large would. */
    void viewport(int width, int height) {
        call("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", width).put("height", height)
                .put("deviceScaleFactor", 1).put("mobile", false));
    }

    /**
     * Evaluates {@code expression} in the page (a promise is awaited) and answers its value as JSON; a script
     * that throws fails with the page's message.
     */
    JsonNode evaluate(String expression) {
        ObjectNode params = JSON.createObjectNode().put("expression", expression).put("awaitPromise", true)
                .put("returnByValue", true);
        JsonNode answer = call("Runtime.evaluate", params);
        if (answer.has("exceptionDetails")) {
            JsonNode details = answer.path("exceptionDetails");
            throw new IllegalStateException("the page's script failed: "
                    + details.path("exception").path("description").asText(details.path("text").asText()));
        }
        return answer.path("result").path("value");
    }

    private JsonNode call(String method, ObjectNode params) {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        calls.put(id, answer);
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        socket.sendText(message.toString(), true).join();
        JsonNode reply;
        try {
            reply = answer.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " was interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(method + " got no answer from Chromium within " + CALL_TIMEOUT, e);
        } finally {
            calls.remove(id);
        }
        if (reply.has("error")) {
            throw new IllegalStateException(method + " failed: " + reply.path("error"));
        }
        return reply.path("result");
    }

    /**
     * Closes the browser and waits until it and every process it started have exited: a renderer still running
     * would go on writing into the profile directory after the test has deleted it.
     */
    @Override
    public void close() {
        List<ProcessHandle> processes = Stream.concat(browser.descendants(), Stream.of(browser.toHandle())).toList();
        socket.sendText("{\"id\":" + ids.incrementAndGet() + ",\"method\":\"Browser.close\"}", true);
        try {
            browser.waitFor(5, TimeUnit.SECONDS);
            processes.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle process : processes) {
                process.onExit().get(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Chromium did not exit", e);
        } finally {
            socket.abort();
        }
    }

    /** Collects each message's frames; answers complete the call with the same id, events are ignored. */
    private final class Listener implements WebSocket.Listener {

        private final StringBuilder frames = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            frames.append(data);
            if (last) {
                String text = frames.toString();
                frames.setLength(0);
                try {
                    JsonNode message = JSON.readTree(text);
                    CompletableFuture<JsonNode> call = calls.get(message.path("id").asInt(-1));
                    if (call != null) {
                        call.complete(message);
                    }
                } catch (IOException e) {
                    calls.values().forEach(call -> call.completeExceptionally(e));
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
