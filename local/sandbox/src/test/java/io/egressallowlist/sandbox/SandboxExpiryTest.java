package io.egressallowlist.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.shared.events.EventRoutes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.egressallowlist.sandbox.LocalControlPlane.APPROVER_1;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expiry, seen in seconds: this sandbox's requests wait at most {@value #SHORT} for a decision and are
 * granted for {@value #SHORT} (configuration overrides), and the cleanup schedule is run on demand.
 */
class SandboxExpiryTest {

    static final String SHORT = "PT3S";

    private static EndToEnd e2e;

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.with(LocalControlPlane.Options.forTests()
            .withEnvironment(env -> env.pendingTimeout(Duration.parse(SHORT)).policy(shortGrantPolicy())),
            started -> e2e = started);

    /** The sandbox's policy with grants of {@value #SHORT}. */
    private static String shortGrantPolicy() {
        String policy = LocalControlPlane.POLICY.replace("default-duration = P30D", "default-duration = " + SHORT);
        if (!policy.contains(SHORT)) {
            throw new IllegalStateException("the sandbox policy no longer sets default-duration = P30D");
        }
        return policy;
    }

    @Test
    void aRequestLeftUndecidedExpiresAndTheRequesterIsTold() {
        String domain = "undecided.example.org";
        String id = e2e.submit(domain);
        Instant pendingUntil = Instant.parse(e2e.request(id).path("pendingUntil").asText());

        awaitPast(pendingUntil);
        Map<String, Object> cleanup = e2e.runNow(EventRoutes.CLEANUP);
        assertThat(cleanup.get("expiredPending")).asList().contains(id);

        JsonNode expired = e2e.awaitStatus(id, "EXPIRED");
        assertThat(expired.path("decidedBy").asText()).isEqualTo("system:cleanup");
        assertThat(expired.path("version").isNull()).isTrue();
        EndToEnd.await("the requester to be told", () -> e2e.toldTheRequester(id),
                told -> String.join("\n", told).contains("expired without a decision"));
        assertThat(e2e.card(id).buttons()).as("an expired request cannot be approved any more").isEmpty();
        assertThat(e2e.ruleGroup()).doesNotContain(domain);
        assertThat(e2e.versionsCarrying(id)).isEmpty();
        assertThat(e2e.auditActionsOf(id)).containsExactly("REQUEST_CREATED", "REQUEST_EXPIRED_UNDECIDED");
    }

    @Test
    void aGrantPastItsDurationExpiresAndLeavesTheFirewall() {
        String domain = "short-lived.example.org";
        String id = e2e.submit(domain);
        assertThat(e2e.click("approve", id, APPROVER_1).exit()).isZero();
        e2e.awaitOnFirewall(domain);
        JsonNode active = e2e.awaitStatus(id, "ACTIVE");
        long granted = active.path("version").asLong();
        assertThat(active.path("grantDuration").asText()).isEqualTo(SHORT);

        awaitPast(Instant.parse(active.path("expiresAt").asText()));
        Map<String, Object> cleanup = e2e.runNow(EventRoutes.CLEANUP);
        assertThat(cleanup.get("expiredGrants")).asList().contains(id);

        e2e.awaitOffFirewall(domain);
        assertThat(e2e.awaitStatus(id, "EXPIRED").path("decidedBy").asText()).isEqualTo("system:cleanup");
        // The domain leaves the rule group (UpdateRuleGroup) a moment before the reconciler marks its version applied.
        JsonNode removal = EndToEnd.await("the version that removes " + domain + ", applied",
                () -> e2e.versionsCarrying(id),
                versions -> versions.size() == 2 && versions.get(0).path("applyStatus").asText().equals("APPLIED"))
                .get(0);
        assertThat(removal.path("number").asLong()).isGreaterThan(granted);
        assertThat(removal.path("applyStatus").asText()).isEqualTo("APPLIED");
        assertThat(removal.path("cause").path("description").asText()).isEqualTo("expired " + id);
        JsonNode detail = e2e.version(removal.path("number").asLong());
        assertThat(EndToEnd.texts(detail.path("changes").path("removed"))).containsExactly(domain);
        assertThat(EndToEnd.texts(detail.path("changes").path("added"))).isEmpty();
        assertThat(e2e.egress("check", domain).exit()).isEqualTo(1);
        EndToEnd.await("the audit trail to show the removal", () -> e2e.auditActionsOf(id),
                actions -> actions.contains("REQUEST_REMOVED_FROM_FIREWALL"));
        assertThat(e2e.auditActionsOf(id)).containsExactly("REQUEST_CREATED", "APPROVAL_RECORDED",
                "REQUEST_APPROVED", "REQUEST_ACTIVATED", "GRANT_EXPIRED", "REQUEST_REMOVED_FROM_FIREWALL");
        EndToEnd.await("the requester to be told", () -> e2e.toldTheRequester(id),
                told -> String.join("\n", told).contains("Your grant for `" + domain + "` expired"));
    }

    /** Waits, by polling the clock, until {@code deadline} has passed. */
    private static void awaitPast(Instant deadline) {
        EndToEnd.await("the clock to pass " + deadline, Instant::now, now -> now.isAfter(deadline));
    }
}
