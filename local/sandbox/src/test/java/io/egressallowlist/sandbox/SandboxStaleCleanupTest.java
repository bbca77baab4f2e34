package io.egressallowlist.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static io.egressallowlist.sandbox.LocalControlPlane.APPROVER_1;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stale cleanup seen in seconds, as the README's walk-through shows it in minutes: the sandbox started with
 * {@code --stale-after 3s --stale-action remove}, a granted entry nobody uses is removed as unused (with the evidence
 * and its dates), an entry the sample user's app keeps using stays.
 */
class SandboxStaleCleanupTest {

    private static final String PROFILE = "alice-data-scientist";
    private static final Duration PATIENCE = Duration.ofSeconds(40);

    private static EndToEnd e2e;

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.with(started("--stale-after", "3s", "--stale-action", "remove"),
            started -> e2e = started);

    private static LocalControlPlane.Options started(String... args) {
        SandboxOptions options = SandboxOptions.parse(args);
        try {
            return SandboxMain.controlPlane(options, SandboxPolicy.load(options.policyFile(), Path.of(""),
                    options.timings().grant(), options.timings().quorum())).withPorts(0, 0, 0);
        } catch (SandboxPolicy.Problem e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anUnusedGrantIsRemovedAsUnusedAndAUsedOneStays() throws InterruptedException {
        String unusedDomain = "forgotten.example.org";
        String usedDomain = "busy.example.org";
        String unused = e2e.submit(unusedDomain);
        String used = e2e.submit(usedDomain);
        assertThat(e2e.click("approve", unused, APPROVER_1).exit()).isZero();
        assertThat(e2e.click("approve", used, APPROVER_1).exit()).isZero();
        e2e.awaitStatus(unused, "ACTIVE");
        e2e.awaitStatus(used, "ACTIVE");

        JsonNode lastRun = null;
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!e2e.status(unused).equals("EXPIRED")) {
            assertThat(System.nanoTime()).as("%s removed as unused within %s", unusedDomain, PATIENCE).isLessThan(deadline);
            e2e.traffic(PROFILE, usedDomain, 1);
            lastRun = runCleanup();
            Thread.sleep(500);
        }

        assertThat(lastRun).as("the stale check ran at least once").isNotNull();
        assertThat(lastRun.path("result").has("staleCheckSkipped")).as(lastRun.toString()).isFalse();
        assertThat(e2e.status(used)).isEqualTo("ACTIVE");
        JsonNode ended = e2e.request(unused);
        assertThat(ended.path("decidedBy").asText()).isEqualTo("system:cleanup");
        assertThat(e2e.egress("status", unused).out()).contains("Unused: no traffic to " + unusedDomain + " since");
        e2e.awaitOffFirewall(unusedDomain);
        assertThat(e2e.ruleGroup()).contains(usedDomain);

        EndToEnd.await("the requester to be told why", () -> e2e.toldTheRequester(unused),
                told -> String.join("\n", told).contains("was removed as unused"));
        String told = String.join("\n", e2e.toldTheRequester(unused));
        assertThat(told).contains("no traffic to " + unusedDomain + " since",
                "not seen at all since", "where the traffic evidence starts").doesNotContain("expired");
        assertThat(e2e.card(unused).allText()).contains("Removed as unused").doesNotContain("Grant expired");

        JsonNode removal = EndToEnd.await("the version that removes " + unusedDomain, () -> e2e.versionsCarrying(unused),
                versions -> versions.size() == 2).get(0);
        assertThat(removal.path("cause").path("description").asText()).isEqualTo("unused " + unused);
        assertThat(e2e.egress("versions").out()).contains("unused " + unused);
        assertThat(e2e.auditActionsOf(unused)).contains("GRANT_EXPIRED_UNUSED");
    }

    /** {@code POST /_sandbox/run/cleanup}: the function's summary once it has run. */
    private static JsonNode runCleanup() {
        HttpResponse<String> response = e2e.send(HttpRequest.newBuilder(e2e.url("/_sandbox/run/cleanup"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return EndToEnd.parse(response.body());
    }
}
