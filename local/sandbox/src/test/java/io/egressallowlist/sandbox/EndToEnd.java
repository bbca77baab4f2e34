package io.egressallowlist.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.cli.EgressCli;
import io.egressallowlist.emulators.slack.RecordedMessage;
import io.egressallowlist.emulators.slack.SlackUser;
import io.egressallowlist.emulators.slack.SlackWebApiDouble;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.VersionNumber;
import io.egressallowlist.shared.events.EventRoutes;
import io.egressallowlist.shared.store.DynamoAuditTrail;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import io.egressallowlist.testbed.LocalAws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the end-to-end tests do to a running sandbox and what they read back, all through its outside
 * surfaces: the CLI against the HTTP front, the Slack stand-in, the emulator's rule group, the version log
 * over HTTP and the audit trail in (local) DynamoDB. Asynchronous effects are awaited by polling.
 */
final class EndToEnd implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final Duration STEP = Duration.ofMillis(50);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LocalControlPlane plane;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final DynamoDbClient dynamo;
    private final DynamoAuditTrail audit;

    private EndToEnd(LocalControlPlane plane) {
        this.plane = plane;
        this.dynamo = plane.aws().dynalite().newClient();
        this.audit = new DynamoAuditTrail(dynamo, LocalAws.TABLES.audit());
    }

    /** Starts a sandbox and prints how long it took to be ready (the first one in a JVM starts cold). */
    static EndToEnd start(LocalControlPlane.Options options) throws IOException {
        long started = System.nanoTime();
        LocalControlPlane plane = LocalControlPlane.start(options);
        System.out.printf("sandbox start to ready: %d ms%n", Duration.ofNanos(System.nanoTime() - started).toMillis());
        return new EndToEnd(plane);
    }

    LocalControlPlane plane() {
        return plane;
    }

    SlackWebApiDouble slack() {
        return plane.slack();
    }

    SlackUser slackUser() {
        return plane.slackUser();
    }

    // ---- the CLI -------------------------------------------------------------------------------------

    /** What one run of {@code egress} printed and returned. */
    record Cli(int exit, String out, String err) {
        /** The {@code --json} output, parsed. */
        JsonNode json() {
            return parse(out);
        }
    }

    /** Runs {@code egress --endpoint <front>/api <args…>} in-process, as the sandbox's sample user by default. */
    Cli egress(String... args) {
        List<String> all = new ArrayList<>(List.of("--endpoint", plane.frontUrl() + "/api"));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        EgressCli.Exit exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            exit = new EgressCli(o, e).run(all.toArray(String[]::new), Map.of());
        }
        return new Cli(exit.code(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code egress request <domain> --reason … --json}, which must succeed; the new request's id. */
    String submit(String domain) {
        Cli submitted = egress("request", domain, "--reason", "end-to-end test of " + domain, "--json");
        assertThat(submitted.exit()).as("egress request %s: %s", domain, submitted.err()).isZero();
        assertThat(submitted.json().path("outcome").asText()).isEqualTo("CREATED");
        return submitted.json().path("request").path("id").asText();
    }

    /** {@code egress approve|deny <id> --as <user>}: Slack's signed click, delivered through the sandbox. */
    Cli click(String action, String requestId, String slackUser) {
        return egress(action, requestId, "--as", slackUser);
    }

    /** {@code egress} as someone else: {@code --as-principal <arn>} before the other arguments. */
    Cli egressAs(String principal, String... args) {
        List<String> all = new ArrayList<>(List.of("--as-principal", principal));
        all.addAll(List.of(args));
        return egress(all.toArray(String[]::new));
    }

    // ---- the HTTP front ------------------------------------------------------------------------------

    /** {@code POST /_sandbox/traffic}: {@code count} TLS flows from the profile's Studio app; the answer. */
    JsonNode traffic(String profile, String domain, int count) {
        ObjectNode body = JSON.createObjectNode().put("profile", profile).put("domain", domain).put("count", count);
        HttpResponse<String> response = send(HttpRequest.newBuilder(url("/_sandbox/traffic"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        assertThat(response.statusCode()).as("traffic to %s: %s", domain, response.body()).isEqualTo(200);
        return parse(response.body());
    }

    /** GET on the front; the body parsed as JSON. */
    JsonNode get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(plane.frontUrl().resolve(path)).GET());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
        return parse(response.body());
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI url(String path) {
        return plane.frontUrl().resolve(path);
    }

    JsonNode request(String id) {
        return get("/api/requests/" + id);
    }

    String status(String id) {
        return request(id).path("status").asText();
    }

    /** The request reaches {@code status} within the timeout; its final representation. */
    JsonNode awaitStatus(String id, String status) {
        return await("request " + id + " to become " + status, () -> request(id),
                r -> r.path("status").asText().equals(status));
    }

    /** Newest first. */
    List<JsonNode> versions() {
        List<JsonNode> versions = new ArrayList<>();
        get("/api/versions?limit=100").path("items").forEach(versions::add);
        return versions;
    }

    JsonNode version(long number) {
        return get("/api/versions/" + number);
    }

    long latestVersion() {
        return versions().get(0).path("number").asLong();
    }

    /** Every version whose cause names this request. */
    List<JsonNode> versionsCarrying(String requestId) {
        return versions().stream().filter(v -> {
            for (JsonNode id : v.path("cause").path("requestIds")) {
                if (id.asText().equals(requestId)) {
                    return true;
                }
            }
            return false;
        }).toList();
    }

    // ---- what the firewall, the audit trail and Slack hold --------------------------------------------

    /** The live rule group in the Network Firewall emulator. */
    List<String> ruleGroup() {
        return plane.aws().firewall().targets(LocalAws.RULE_GROUP);
    }

    void awaitOnFirewall(String target) {
        await(target + " to be on the firewall", this::ruleGroup, targets -> targets.contains(target));
    }

    void awaitOffFirewall(String target) {
        await(target + " to leave the firewall", this::ruleGroup, targets -> !targets.contains(target));
    }

    List<AuditEvent> auditOf(String requestId) {
        return audit.forRequest(new RequestId(requestId));
    }

    List<String> auditActionsOf(String requestId) {
        return auditOf(requestId).stream().map(AuditEvent::action).toList();
    }

    List<AuditEvent> auditOfVersion(long version) {
        return audit.forVersion(new VersionNumber(version));
    }

    DynamoAuditTrail auditTrail() {
        return audit;
    }

    /** The approvals channel's card for a request (the newest message naming it). */
    RecordedMessage card(String requestId) {
        List<RecordedMessage> cards = slack().messagesIn(LocalControlPlane.CHANNEL).stream()
                .filter(m -> m.allText().contains("Request `" + requestId + "`")).toList();
        assertThat(cards).as("the approvals card of %s", requestId).isNotEmpty();
        return cards.get(cards.size() - 1);
    }

    /** The direct messages to Alice (the sandbox's requester) that mention a request. */
    List<String> toldTheRequester(String requestId) {
        return slack().directMessagesTo(LocalControlPlane.ALICE_SLACK).stream().map(RecordedMessage::allText)
                .filter(text -> text.contains(requestId)).toList();
    }

    // ---- functions and schedules ----------------------------------------------------------------------

    /** Runs a schedule now and waits for it (and everything queued before it on that function) to finish. */
    Map<String, Object> runNow(EventRoutes.Schedule schedule) {
        try {
            return plane.router().invoke(schedule.function(), EventRouter.scheduledEvent(schedule));
        } catch (Exception e) {
            throw new IllegalStateException("running " + schedule.name() + " failed", e);
        }
    }

    /**
     * Waits until every event delivered so far has been handled by {@code firewall-sync}: its invocations
     * run one at a time, so a reconcile queued now finishes after them.
     */
    void drainFirewallSync() {
        plane.aws().eventBridge().awaitDelivery(TIMEOUT);
        runNow(EventRoutes.RECONCILE);
    }

    Map<String, Object> invoke(String function, ObjectNode envelope) {
        try {
            return plane.router().invoke(function, envelope);
        } catch (Exception e) {
            throw new IllegalStateException("invoking " + function + " failed", e);
        }
    }

    // ---- waiting -------------------------------------------------------------------------------------

    /** Polls {@code probe} every {@link #STEP} until {@code done} holds, for at most {@link #TIMEOUT}. */
    static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        return await(what, probe, done, STEP);
    }

    static <T> T await(String what, Supplier<T> probe, Predicate<T> done, Duration step) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("waited " + TIMEOUT.toSeconds() + " s for " + what + "; last seen: " + last);
            }
            try {
                Thread.sleep(step.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
            last = probe.get();
        }
        return last;
    }

    /** A JSON array of strings as a list. */
    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    @Override
    public void close() {
        dynamo.close();
        plane.close();
    }
}
