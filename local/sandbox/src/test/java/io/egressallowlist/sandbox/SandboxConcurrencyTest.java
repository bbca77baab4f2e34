package io.egressallowlist.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.shared.domain.AuditEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.egressallowlist.sandbox.LocalControlPlane.APPROVER_1;
import static io.egressallowlist.sandbox.LocalControlPlane.APPROVER_2;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox under the load of a team: many people submitting at once, then approvers clicking (some twice, some
 * on the same request as another approver, as {@code egress approve} does) while others call the API. Every answer
 * arrives promptly and right: a click waits on the signed Slack request it delivers to the Slack route, so the front
 * must never run out of threads for that request while clicks wait on it.
 */
class SandboxConcurrencyTest {

    /** How long one answer may take on a busy 2-core machine; a starved front answers after 30 s or not at all. */
    private static final Duration PROMPT = Duration.ofMillis(2500);
    /** Each call gives up after this, so that a starved front fails the test instead of hanging the build. */
    private static final Duration GIVE_UP = Duration.ofSeconds(8);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SUBMITS = 40;
    /** Requests 0..9 are clicked by both approvers (the first one twice), 10..19 twice by the first approver. */
    private static final int BOTH_APPROVERS = 10;
    private static final int FIRST_ONLY = 10;
    private static final int API_CALLS = 50;

    private static EndToEnd e2e;

    /** Two approvals per request, so that both approvers' clicks count and each approver's is counted once. */
    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.with(LocalControlPlane.Options.forTests()
            .withEnvironment(env -> env.policy(quorumOfTwo())), started -> e2e = started);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static String quorumOfTwo() {
        String policy = LocalControlPlane.POLICY.replace("quorum           = 1", "quorum           = 2");
        if (policy.equals(LocalControlPlane.POLICY)) {
            throw new IllegalStateException("the sandbox policy no longer sets quorum = 1");
        }
        return policy;
    }

    /** One call's answer and how long it took; status -1 when no answer came within {@link #GIVE_UP}. */
    record Answer(String call, int status, String body, Duration took) {
        JsonNode json() {
            return EndToEnd.parse(body);
        }
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void concurrentSubmitsClicksAndApiCallsAreEachAnsweredPromptlyAndRight() throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(SUBMITS + BOTH_APPROVERS * 3 + FIRST_ONLY * 2 + API_CALLS);
        try {
            List<Answer> submits = all(callers, IntStream.range(0, SUBMITS).mapToObj(i -> (Supplier<Answer>) () ->
                    post("/api/requests", Map.of("domain", "load-" + i + ".example.org",
                            "justification", "concurrent submit " + i))).toList());
            assertAnswered(submits);
            submits.forEach(a -> assertThat(a.status()).as("%s: %s", a.call(), a.body()).isEqualTo(201));
            List<String> ids = submits.stream().map(a -> a.json().path("request").path("id").asText()).toList();
            ids.forEach(id -> assertThat(id).isNotBlank());

            // One click and one read first, as a person tries the sandbox before a team uses it: the load below
            // measures a warm front, not the first run of each code path.
            String spare = ids.get(SUBMITS - 1);
            assertClean(click(spare, APPROVER_2).get());
            assertThat(get("/api/requests/" + spare).status()).isEqualTo(200);

            List<Supplier<Answer>> load = new ArrayList<>();
            for (int i = 0; i < BOTH_APPROVERS; i++) {
                load.add(click(ids.get(i), APPROVER_1));
                load.add(click(ids.get(i), APPROVER_1));
                load.add(click(ids.get(i), APPROVER_2));
            }
            for (int i = BOTH_APPROVERS; i < BOTH_APPROVERS + FIRST_ONLY; i++) {
                load.add(click(ids.get(i), APPROVER_1));
                load.add(click(ids.get(i), APPROVER_1));
            }
            for (int i = 0; i < API_CALLS; i++) {
                String path = i % 2 == 0 ? "/api/requests/" + ids.get(i % SUBMITS) : "/api/versions?limit=5";
                load.add(() -> get(path));
            }
            List<Answer> answers = all(callers, load);
            assertPrompt(answers);

            List<Answer> clicks = answers.subList(0, BOTH_APPROVERS * 3 + FIRST_ONLY * 2);
            for (Answer click : clicks) {
                assertClean(click);
            }
            answers.subList(clicks.size(), answers.size()).forEach(a ->
                    assertThat(a.status()).as("%s: %s", a.call(), a.body()).isEqualTo(200));

            for (int i = 0; i < BOTH_APPROVERS + FIRST_ONLY; i++) {
                String id = ids.get(i);
                Map<String, Long> approvals = e2e.auditOf(id).stream()
                        .filter(event -> event.action().equals("APPROVAL_RECORDED"))
                        .collect(Collectors.groupingBy(AuditEvent::actor, Collectors.counting()));
                if (i < BOTH_APPROVERS) {
                    assertThat(approvals).as("approvals of %s", id)
                            .containsOnlyKeys("slack:" + APPROVER_1, "slack:" + APPROVER_2)
                            .allSatisfy((approver, count) -> assertThat(count).isEqualTo(1L));
                    // APPLYING is the step between the two while firewall-sync writes the version the approval joined
                    assertThat(e2e.status(id)).as("%s approved by both", id).isIn("APPROVED", "APPLYING", "ACTIVE");
                } else {
                    assertThat(approvals).as("approvals of %s", id).containsExactly(Map.entry("slack:" + APPROVER_1, 1L));
                    assertThat(e2e.status(id)).as("%s with one of two approvals", id).isEqualTo("PENDING");
                }
                assertThat(clicksOn(clicks, id, "You approved", "is recorded: 1 of 2"))
                        .as("clicks on %s that counted", id).isEqualTo(i < BOTH_APPROVERS ? 2 : 1);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    /**
     * A click counts, or is refused as Slack shows it (already approved by this approver, already decided) — or, once
     * the decision took the buttons off the card, the sandbox says there is no button left to click. Never a failed
     * delivery of the signed request.
     */
    private static void assertClean(Answer click) {
        if (click.status() == 400) {
            assertThat(click.json().path("error").asText()).as(click.call())
                    .startsWith("no message in the channel shows a 'approve' button");
            return;
        }
        assertThat(click.status()).as("%s: %s", click.call(), click.body()).isEqualTo(200);
        assertThat(click.json().path("status").asInt()).as("Slack route's answer to %s: %s", click.call(), click.body())
                .isEqualTo(200);
        assertThat(click.json().path("text").asText()).as(click.call()).containsAnyOf(
                "You approved", "is recorded: 1 of 2", "You have already approved this request", "was already decided");
        // The outcome egress approve's exit code is chosen from: a counted click is done, a refused one is not.
        String text = click.json().path("text").asText();
        boolean counted = text.contains("You approved") || text.contains("is recorded: 1 of 2");
        assertThat(click.json().path("outcome").asText()).as("outcome of %s: %s", click.call(), text)
                .isIn(counted ? List.of("done") : List.of("conflict", "forbidden"));
    }

    private static long clicksOn(List<Answer> clicks, String id, String... counted) {
        return clicks.stream().filter(c -> c.call().contains(id) && c.status() == 200)
                .filter(c -> {
                    String text = c.json().path("text").asText();
                    return Arrays.stream(counted).anyMatch(text::contains);
                }).count();
    }

    /** Every call answered before giving up: the front did not run out of threads. */
    private static void assertAnswered(List<Answer> answers) {
        long slowest = answers.stream().mapToLong(a -> a.took().toMillis()).max().orElse(0);
        System.out.printf("%d concurrent calls, slowest answer %d ms%n", answers.size(), slowest);
        answers.forEach(a -> assertThat(a.status()).as("%s: %s", a.call(), a.body()).isPositive());
    }

    private static void assertPrompt(List<Answer> answers) {
        List<String> slow = answers.stream().filter(a -> a.status() < 0 || a.took().compareTo(PROMPT) > 0)
                .map(a -> a.call() + " took " + a.took().toMillis() + " ms (" + (a.status() < 0 ? a.body() : "HTTP "
                        + a.status()) + ")").toList();
        long slowest = answers.stream().mapToLong(a -> a.took().toMillis()).max().orElse(0);
        System.out.printf("%d concurrent calls, slowest answer %d ms%n", answers.size(), slowest);
        assertThat(slow).as("answers slower than %d ms", PROMPT.toMillis()).isEmpty();
    }

    /** Starts every call at once (after all are ready) and collects the answers in the order of the calls. */
    private static List<Answer> all(ExecutorService callers, List<Supplier<Answer>> calls) {
        CountDownLatch ready = new CountDownLatch(calls.size());
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Answer>> running = calls.stream().map(call -> CompletableFuture.supplyAsync(() -> {
            ready.countDown();
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return call.get();
        }, callers)).toList();
        try {
            ready.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        go.countDown();
        return running.stream().map(CompletableFuture::join).toList();
    }

    private Supplier<Answer> click(String requestId, String approver) {
        return () -> post("/_sandbox/slack/click", Map.of("action", "approve", "requestId", requestId, "user", approver));
    }

    private Answer post(String path, Map<String, String> body) {
        try {
            return call("POST " + path + " " + body, HttpRequest.newBuilder(e2e.url(path))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Answer get(String path) {
        return call("GET " + path, HttpRequest.newBuilder(e2e.url(path)).GET());
    }

    private Answer call(String name, HttpRequest.Builder request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.timeout(GIVE_UP).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Answer(name, response.statusCode(), response.body(), Duration.ofNanos(System.nanoTime() - start));
        } catch (IOException e) {
            return new Answer(name, -1, e.toString(), Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(name, -1, "interrupted", Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
