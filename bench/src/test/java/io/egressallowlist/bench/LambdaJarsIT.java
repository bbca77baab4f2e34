package io.egressallowlist.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.emulators.slack.SignedSlackRequest;
import io.egressallowlist.shared.slack.ActionIds;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The five Lambda jars exactly as the build wrote them ({@code functions/<name>/target/<name>.jar}, shaded and
 * shrunk by ProGuard), each started in a fresh JVM with nothing else on its class path and given real events
 * against dynalite, the emulators and the Slack stand-in. A class or member that shrinking removed but some
 * path reaches by name (reflection, ServiceLoader, the Lambda runtime's event binding) fails here. Runs in
 * {@code verify}, after the jars are packaged.
 *
 * <p>The events follow one request through: firewall-sync records the seeded rule group as the first version,
 * request-api takes the request, a signed Slack click approves it, firewall-sync applies it (the domain must
 * then be in the emulator's rule group), then the other scheduled functions run. Between them, the error
 * paths that render problems and refusals.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LambdaJarsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOMAIN = "jar-check.example.org";
    private static final long JAR_LIMIT_BYTES = 10_000_000;

    @TempDir
    static Path work;

    private static BenchPlane plane;
    private static ColdInvoker invoker;
    private static String requestId;

    @BeforeAll
    static void start() throws Exception {
        plane = BenchPlane.start(null);
        invoker = new ColdInvoker(work, plane.environment());
    }

    @AfterAll
    static void stop() {
        if (plane != null) {
            plane.close();
        }
    }

    @Test
    @Order(1)
    void everyJarIsWithinTheSizeLimit() throws Exception {
        for (ColdStart.Function function : ColdStart.FUNCTIONS) {
            assertThat(Files.size(jar(function.name())))
                    .as("%s.jar in bytes", function.name())
                    .isLessThanOrEqualTo(JAR_LIMIT_BYTES);
        }
    }

    @Test
    @Order(1)
    void everyEntryCarriesTheBuildsFixedTimestampSoAnUnchangedFunctionBuildsToTheSameBytes() throws Exception {
        java.time.Instant fixed = java.time.Instant.parse(System.getProperty("build.outputTimestamp"));
        for (ColdStart.Function function : ColdStart.FUNCTIONS) {
            try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(jar(function.name()).toFile())) {
                List<String> stamped = jar.stream()
                        .filter(entry -> Math.abs(entry.getTime() - fixed.toEpochMilli()) > 2_000)
                        .map(entry -> entry.getName() + " " + java.time.Instant.ofEpochMilli(entry.getTime()))
                        .limit(3).toList();
                assertThat(stamped).as("%s.jar entries not stamped %s", function.name(), fixed).isEmpty();
            }
        }
    }

    @Test
    @Order(2)
    void firewallSyncRecordsTheSeededRuleGroupAsTheFirstVersion() throws Exception {
        ColdInvoker.Invocation run = invoke("firewall-sync", ColdInvoker.Event.scheduled());
        assertThat(run.status()).as(run.response()).isEqualTo(200);
        assertThat(run.body()).doesNotContain("failure");
        assertThat(plane.liveTargets()).containsExactlyElementsOf(BenchPlane.BASELINE);
    }

    @Test
    @Order(3)
    void requestApiStoresARequestChecksADomainAndRendersProblems() throws Exception {
        ColdInvoker.Invocation created = invoke("request-api", ColdInvoker.Event.api("POST", "/requests", Map.of(),
                Map.of("Content-Type", "application/json"),
                "{\"domain\":\"" + DOMAIN + "\",\"justification\":\"checks the shrunk jar\"}", BenchPlane.ALICE_ARN));
        assertThat(created.status()).as(created.response()).isEqualTo(201);
        JsonNode request = JSON.readTree(created.body()).path("request");
        assertThat(request.path("target").asText()).as(created.body()).isEqualTo(DOMAIN);
        assertThat(request.path("status").asText()).isEqualTo("PENDING");
        requestId = request.path("id").asText();

        ColdInvoker.Invocation check = invoke("request-api", ColdInvoker.Event.api("GET", "/allowlist/check",
                Map.of("domain", "files.pythonhosted.org"), Map.of(), null, BenchPlane.ALICE_ARN));
        assertThat(check.status()).as(check.response()).isEqualTo(200);
        assertThat(JSON.readTree(check.body()).path("allowed").asBoolean()).as(check.body()).isTrue();

        ColdInvoker.Invocation malformed = invoke("request-api", ColdInvoker.Event.api("POST", "/requests", Map.of(),
                Map.of("Content-Type", "application/json"),
                "{\"domain\":\"exa mple..org\",\"justification\":\"not a domain\"}", BenchPlane.ALICE_ARN));
        assertThat(malformed.status()).as(malformed.response()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).path("title").asText()).isNotBlank();
    }

    @Test
    @Order(4)
    void slackInteractionsApprovesAndRefusesForgedRequests() throws Exception {
        assertThat(requestId).as("the request submitted through request-api").isNotNull();
        SignedSlackRequest click = plane.slackUser.click(BenchPlane.APPROVER, requestId, ActionIds.APPROVE);

        ColdInvoker.Invocation forged = invoke("slack-interactions", ColdInvoker.Event.slack(
                click.withBody(click.body().replace(requestId, "01JD8X3Q4T5V6W7X8Y9Z0ABCDE"))));
        assertThat(forged.status()).as(forged.response()).isEqualTo(401);

        ColdInvoker.Invocation approved = invoke("slack-interactions", ColdInvoker.Event.slack(click));
        assertThat(approved.status()).as(approved.response()).isEqualTo(200);
        assertThat(approved.body()).doesNotContain(":x:");

        ColdInvoker.Invocation command = invoke("slack-interactions",
                ColdInvoker.Event.slack(plane.slackUser.slashCommand(BenchPlane.ALICE_SLACK, "check pypi.org")));
        assertThat(command.status()).as(command.response()).isEqualTo(200);
        assertThat(command.body()).contains("pypi.org");
    }

    @Test
    @Order(5)
    void firewallSyncAppliesTheApprovalToTheRuleGroup() throws Exception {
        assertThat(plane.liveTargets()).doesNotContain(DOMAIN);
        ColdInvoker.Invocation run = invoke("firewall-sync", ColdInvoker.Event.scheduled());
        assertThat(run.status()).as(run.response()).isEqualTo(200);
        assertThat(run.body()).doesNotContain("failure");
        assertThat(plane.liveTargets()).contains(DOMAIN);
    }

    @Test
    @Order(6)
    void theScheduledFunctionsComplete() throws Exception {
        for (String function : List.of("stale-cleanup", "studio-guard")) {
            ColdInvoker.Invocation run = invoke(function, ColdInvoker.Event.scheduled());
            assertThat(run.status()).as(run.response()).isEqualTo(200);
            assertThat(run.body()).as(function).doesNotContain("failure");
        }
    }

    private static ColdInvoker.Invocation invoke(String name, ColdInvoker.Event event) throws Exception {
        ColdStart.Function function = ColdStart.FUNCTIONS.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow();
        return invoker.invoke(jar(name), function.handler(), event, List.of());
    }

    private static Path jar(String name) {
        Path jar = Path.of(System.getProperty("egress.root", "..")).resolve("functions").resolve(name)
                .resolve("target").resolve(name + ".jar");
        assertThat(jar).as("built by the functions modules in the package phase").isRegularFile();
        return jar;
    }
}
