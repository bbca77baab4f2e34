package io.egressallowlist.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.emulators.slack.RecordedMessage;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.testbed.Testbed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static io.egressallowlist.sandbox.LocalControlPlane.APPROVER_1;
import static io.egressallowlist.sandbox.LocalControlPlane.APPROVER_2;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Revocation end to end, from outside only: a grant approved and on the live rule group is revoked with
 * {@code egress revoke} (an approver's IAM identity) or the card's Revoke button (a signed Slack click through the
 * sandbox's click route), leaves the emulator's rule group in a new version whose cause says revoked, and the card,
 * the requester and the audit trail say who revoked it and why.
 */
class SandboxRevokeTest {

    private static EndToEnd e2e;

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.forTests(started -> e2e = started);

    /** Submitted by Alice, approved in Slack, and on the live rule group. */
    private String activeGrant(String domain) {
        String id = e2e.submit(domain);
        EndToEnd.Cli approved = e2e.click("approve", id, APPROVER_1);
        assertThat(approved.exit()).as(approved.err()).isZero();
        e2e.awaitOnFirewall(domain);
        e2e.awaitStatus(id, "ACTIVE");
        return id;
    }

    private JsonNode clickThroughTheSandbox(String action, String id, String user) {
        HttpResponse<String> response = e2e.send(HttpRequest.newBuilder(e2e.url("/_sandbox/slack/click"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"requestId\":\"" + id + "\",\"user\":\"" + user
                        + "\",\"action\":\"" + action + "\"}")));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return EndToEnd.parse(response.body());
    }

    @Test
    void anApproverRevokesAnActiveGrantWithTheCliAndTheNextVersionTakesItOffTheFirewall() {
        String domain = "revoked.example.org";
        String id = activeGrant(domain);
        long applied = e2e.request(id).path("version").asLong();
        assertThat(e2e.card(id).hasButton("revoke", id)).as("an active grant's card offers Revoke").isTrue();

        EndToEnd.Cli revoked = e2e.egressAs(Testbed.APPROVER_1_ARN, "revoke", id, "--reason", "token <leaked> & rotated");

        assertThat(revoked.exit()).as(revoked.err()).isZero();
        assertThat(revoked.out()).contains("REVOKED", "token <leaked> & rotated");
        e2e.awaitOffFirewall(domain);
        // The entry leaves the rule group a moment before firewall-sync marks the version applied.
        JsonNode removal = EndToEnd.await("the version that removes it, applied", () -> e2e.versionsCarrying(id),
                carrying -> carrying.size() == 2 && carrying.get(0).path("applyStatus").asText().equals("APPLIED"))
                .get(0);
        long removedIn = removal.path("number").asLong();
        assertThat(removedIn).isGreaterThan(applied);
        JsonNode version = e2e.version(removedIn);
        assertThat(version.path("cause").path("description").asText()).contains("revoked " + id);
        assertThat(EndToEnd.texts(version.path("changes").path("removed"))).containsExactly(domain);
        assertThat(version.path("applyStatus").asText()).isEqualTo("APPLIED");

        RecordedMessage card = EndToEnd.await("the card to show the revocation", () -> e2e.card(id),
                shown -> shown.allText().contains("Revoked by"));
        assertThat(card.buttons()).as("a revoked grant's card offers nothing").isEmpty();
        assertThat(card.allText()).contains("token &lt;leaked&gt; &amp; rotated").doesNotContain("<leaked>");
        EndToEnd.await("the requester to be told", () -> e2e.toldTheRequester(id),
                told -> String.join("\n", told).contains("was revoked by"));
        AuditEvent audited = e2e.auditOf(id).stream().filter(e -> e.action().equals("GRANT_REVOKED")).findFirst()
                .orElseThrow();
        assertThat(audited.actor()).isEqualTo(Testbed.APPROVER_1_ARN);
        assertThat(audited.details()).containsEntry("previousStatus", "ACTIVE")
                .containsEntry("reason", "token <leaked> & rotated");

        EndToEnd.Cli again = e2e.egressAs(Testbed.APPROVER_1_ARN, "revoke", id, "--reason", "twice");
        assertThat(again.exit()).as("already revoked: a conflict").isEqualTo(5);
    }

    @Test
    void theCardsRevokeButtonClickedThroughTheSandboxTakesTheGrantOffTheFirewall() {
        String domain = "clicked-revoke.example.org";
        String id = activeGrant(domain);

        JsonNode answer = clickThroughTheSandbox("revoke", id, APPROVER_2);

        assertThat(answer.path("outcome").asText()).as(answer.toString()).isEqualTo("done");
        e2e.awaitOffFirewall(domain);
        assertThat(e2e.status(id)).isEqualTo("REVOKED");
        assertThat(e2e.request(id).path("decidedBy").asText()).isEqualTo("slack:" + APPROVER_2);
    }

    @Test
    void aRequesterWhoIsNotAnApproverCannotRevokeAndBadInputOrAnUnknownIdExitAsTheReadmeSays() {
        String domain = "kept.example.org";
        String id = activeGrant(domain);

        EndToEnd.Cli notAnApprover = e2e.egress("revoke", id, "--reason", "I am done with it");
        EndToEnd.Cli blank = e2e.egressAs(Testbed.APPROVER_1_ARN, "revoke", id, "--reason", "   ");
        EndToEnd.Cli tooLong = e2e.egressAs(Testbed.APPROVER_1_ARN, "revoke", id, "--reason", "x".repeat(501));
        EndToEnd.Cli unknown = e2e.egressAs(Testbed.APPROVER_1_ARN, "revoke", "01ZZZZZZZZZZZZZZZZZZZZZZZZ", "--reason",
                "x");
        JsonNode outsiderClick = clickThroughTheSandbox("revoke", id, LocalControlPlane.ALICE_SLACK);

        assertThat(notAnApprover.exit()).as(notAnApprover.err()).isEqualTo(5);
        assertThat(notAnApprover.err()).contains("Only approvers can revoke");
        assertThat(blank.exit()).as("a blank reason is a usage error: " + blank.err()).isEqualTo(2);
        assertThat(tooLong.exit()).as(tooLong.err()).isEqualTo(3);
        assertThat(tooLong.err()).contains("keep it within 500");
        assertThat(unknown.exit()).as(unknown.err()).isEqualTo(4);
        assertThat(outsiderClick.path("outcome").asText()).isEqualTo("forbidden");
        assertThat(e2e.status(id)).isEqualTo("ACTIVE");
        assertThat(e2e.ruleGroup()).contains(domain);
        assertThat(e2e.auditActionsOf(id)).doesNotContain("GRANT_REVOKED");
    }
}
