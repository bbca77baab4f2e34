package io.egressallowlist.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.emulators.eventbridge.PublishedEvent;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.emulators.slack.RecordedMessage;
import io.egressallowlist.emulators.slack.SignedSlackRequest;
import io.egressallowlist.emulators.slack.SlackSigning;
import io.egressallowlist.emulators.slack.SlackUser;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.events.EventRoutes;
import io.egressallowlist.shared.events.EventTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.egressallowlist.sandbox.LocalControlPlane.ALICE_ARN;
import static io.egressallowlist.sandbox.LocalControlPlane.ALICE_SLACK;
import static io.egressallowlist.sandbox.LocalControlPlane.APPROVER_1;
import static io.egressallowlist.sandbox.LocalControlPlane.APPROVER_2;
import static io.egressallowlist.sandbox.LocalControlPlane.CHANNEL;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The control plane end to end, through its outside surfaces only: the CLI against the HTTP front, clicks
 * signed by the Slack stand-in, the emulator's live rule group, the version log and the audit trail.
 */
class SandboxEndToEndTest {

    private static EndToEnd e2e;

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.forTests(started -> e2e = started);

    @Test
    void anApprovedDomainReachesTheFirewallAndAnApprovedRollbackTakesItAwayAgain() {
        String domain = ".weights.example.org";
        long before = e2e.latestVersion();
        assertThat(e2e.ruleGroup()).doesNotContain(domain);

        String id = e2e.submit(domain);
        assertThat(e2e.status(id)).isEqualTo("PENDING");
        assertThat(e2e.card(id).hasButton("approve", id)).as("the card offers Approve").isTrue();

        long clicked = System.nanoTime();
        EndToEnd.Cli approved = e2e.click("approve", id, APPROVER_1);
        assertThat(approved.exit()).as(approved.err()).isZero();
        assertThat(approved.out()).contains("You approved the request for `" + domain + "`");
        EndToEnd.await(domain + " on the firewall", e2e::ruleGroup, targets -> targets.contains(domain),
                Duration.ofMillis(5));
        long latency = Duration.ofNanos(System.nanoTime() - clicked).toMillis();
        System.out.printf("approval click to target on the firewall: %d ms%n", latency);

        JsonNode active = e2e.awaitStatus(id, "ACTIVE");
        long applied = active.path("version").asLong();
        assertThat(applied).isEqualTo(before + 1);
        assertThat(active.path("decidedBy").asText()).isEqualTo("slack:" + APPROVER_1);
        assertThat(active.path("expiresAt").isTextual()).isTrue();

        JsonNode version = e2e.version(applied);
        assertThat(version.path("cause").path("type").asText()).isEqualTo("REQUESTS");
        assertThat(EndToEnd.texts(version.path("cause").path("requestIds"))).containsExactly(id);
        assertThat(version.path("applyStatus").asText()).isEqualTo("APPLIED");
        assertThat(version.path("actor").asText()).isEqualTo("slack:" + APPROVER_1);
        assertThat(EndToEnd.texts(version.path("changes").path("added"))).containsExactly(domain);
        assertThat(EndToEnd.texts(version.path("changes").path("removed"))).isEmpty();
        assertThat(EndToEnd.texts(version.path("targets"))).containsExactlyInAnyOrderElementsOf(e2e.ruleGroup());

        EndToEnd.Cli check = e2e.egress("check", "cdn.weights.example.org");
        assertThat(check.exit()).isZero();
        assertThat(check.out()).contains("ALLOWED  cdn.weights.example.org — by entry " + domain + " in version " + applied);

        EndToEnd.Cli covered = e2e.egress("request", "files.weights.example.org", "--reason", "the tokenizer files");
        assertThat(covered.exit()).isZero();
        assertThat(covered.out()).contains("files.weights.example.org is already allowed by " + domain
                + " (version " + applied + "); nothing to request.");

        // firewall-sync tells people after the firewall runs the new version: a moment after the status changed.
        RecordedMessage card = EndToEnd.await("the card to show the version in force", () -> e2e.card(id),
                shown -> shown.allText().contains("in force since version " + applied));
        assertThat(card.buttons()).as("an active grant's card offers Renew and Revoke, no longer Approve or Deny")
                .extracting(RecordedMessage.Button::actionId).containsExactly("renew", "revoke");
        assertThat(card.allText()).contains("Approved by <@" + APPROVER_1 + ">", "in force since version " + applied);
        String told = String.join("\n", EndToEnd.await("the requester to be told the version in force",
                () -> e2e.toldTheRequester(id), messages -> String.join("\n", messages).contains("is now in force")));
        assertThat(told)
                .contains("was approved by <@" + APPROVER_1 + ">")
                .contains("is now in force (version " + applied + ")");

        EndToEnd.Cli rollback = e2e.egress("rollback", Long.toString(before), "--reason", "the model is retired", "--json");
        assertThat(rollback.exit()).as(rollback.err()).isZero();
        String rollbackId = rollback.json().path("request").path("id").asText();
        assertThat(rollback.json().path("request").path("kind").asText()).isEqualTo("ROLLBACK");
        assertThat(e2e.card(rollbackId).hasButton("approve-rollback", rollbackId)).isTrue();

        EndToEnd.Cli rollbackApproved = e2e.click("approve", rollbackId, APPROVER_2);
        assertThat(rollbackApproved.exit()).as(rollbackApproved.err()).isZero();
        assertThat(rollbackApproved.out()).contains("You approved the rollback to version " + before);
        e2e.awaitOffFirewall(domain);
        e2e.awaitStatus(rollbackId, "ACTIVE");
        JsonNode revoked = e2e.awaitStatus(id, "REVOKED");
        long restored = e2e.request(rollbackId).path("version").asLong();
        assertThat(restored).isEqualTo(applied + 1);
        assertThat(revoked.path("decisionNote").asText()).contains("removed from the allow-list by version " + restored);

        JsonNode rolledBack = e2e.version(restored);
        assertThat(rolledBack.path("cause").path("type").asText()).isEqualTo("ROLLBACK");
        assertThat(rolledBack.path("cause").path("rollbackTo").asLong()).isEqualTo(before);
        assertThat(rolledBack.path("actor").asText()).isEqualTo("slack:" + APPROVER_2);
        assertThat(EndToEnd.texts(rolledBack.path("changes").path("removed"))).containsExactly(domain);
        assertThat(rolledBack.path("sha256").asText()).isEqualTo(e2e.version(before).path("sha256").asText());
        assertThat(EndToEnd.texts(rolledBack.path("targets"))).containsExactlyInAnyOrderElementsOf(e2e.ruleGroup());

        EndToEnd.Cli blocked = e2e.egress("check", "cdn.weights.example.org");
        assertThat(blocked.exit()).isEqualTo(1);
        assertThat(blocked.out()).startsWith("BLOCKED  cdn.weights.example.org — no entry in version " + restored);

        EndToEnd.Cli history = e2e.egress("versions");
        assertThat(history.exit()).isZero();
        assertThat(history.out()).contains("requests " + id, "rollback to version " + before);

        assertThat(e2e.auditOf(id)).extracting(AuditEvent::action).containsExactly("REQUEST_CREATED",
                "APPROVAL_RECORDED", "REQUEST_APPROVED", "REQUEST_ACTIVATED", "REQUEST_REVOKED");
        assertThat(e2e.auditOf(id)).extracting(AuditEvent::actor).containsExactly(ALICE_ARN, "slack:" + APPROVER_1,
                "slack:" + APPROVER_1, "system:reconciler", "system:reconciler");
        assertThat(e2e.auditOf(rollbackId)).extracting(AuditEvent::action).containsExactly("ROLLBACK_REQUESTED",
                "APPROVAL_RECORDED", "REQUEST_APPROVED", "ROLLBACK_APPLIED");
        assertThat(e2e.auditOfVersion(applied)).extracting(AuditEvent::action)
                .containsExactly("VERSION_CREATED", "VERSION_APPLIED");
        assertThat(e2e.auditOfVersion(restored)).extracting(AuditEvent::action)
                .containsExactly("VERSION_CREATED", "VERSION_APPLIED");
        EndToEnd.await("the requester to be told of the rollback", () -> e2e.toldTheRequester(id),
                messages -> String.join("\n", messages).contains("was removed by a rollback"));
    }

    @Test
    void aDeniedRequestNeverReachesTheFirewallAndTheRequesterIsToldWhoDeniedIt() {
        String domain = "denied.example.org";
        String id = e2e.submit(domain);

        EndToEnd.Cli denied = e2e.click("deny", id, APPROVER_2);
        assertThat(denied.exit()).as(denied.err()).isZero();
        assertThat(denied.out()).contains("You denied the request for `" + domain + "`");
        JsonNode request = e2e.awaitStatus(id, "DENIED");
        assertThat(request.path("decidedBy").asText()).isEqualTo("slack:" + APPROVER_2);

        RecordedMessage card = EndToEnd.await("the card to show the denial", () -> e2e.card(id),
                m -> m.allText().contains("Denied by <@" + APPROVER_2 + ">"));
        assertThat(card.buttons()).isEmpty();
        EndToEnd.await("the requester to be told", () -> e2e.toldTheRequester(id),
                told -> String.join("\n", told).contains("was denied by <@" + APPROVER_2 + ">"));

        EndToEnd.Cli lateApproval = e2e.click("approve", id, APPROVER_1);
        assertThat(lateApproval.exit()).as("a decided card has no Approve button to click").isEqualTo(3);
        assertThat(lateApproval.err()).contains("no message in the channel shows a 'approve' button for request " + id);
        SlackUser.Delivery staleClick = e2e.slackUser().deliver(e2e.slackUser().clickWithoutMessage(APPROVER_1, id, "approve"));
        assertThat(staleClick.status()).isEqualTo(200);
        assertThat(staleClick.body()).contains("Nothing was changed");

        e2e.drainFirewallSync();
        assertThat(e2e.status(id)).isEqualTo("DENIED");
        assertThat(e2e.ruleGroup()).doesNotContain(domain);
        assertThat(e2e.versionsCarrying(id)).isEmpty();
        assertThat(e2e.egress("check", domain).exit()).isEqualTo(1);
        assertThat(e2e.auditActionsOf(id)).containsExactly("REQUEST_CREATED", "REQUEST_DENIED");
    }

    @Test
    void aWithdrawnRequestIsClosedWithoutAVersionAndOnlyTheRequesterCanWithdrawIt() {
        String domain = "withdrawn.example.org";
        String id = e2e.submit(domain);

        EndToEnd.Cli someoneElse = e2e.egress("--as-principal",
                "arn:aws:sts::123456789012:assumed-role/BobStudioExecutionRole/bob", "withdraw", id);
        assertThat(someoneElse.exit()).isEqualTo(5);
        assertThat(someoneElse.err()).contains("Only the requester can withdraw request " + id);

        EndToEnd.Cli withdrawn = e2e.egress("withdraw", id);
        assertThat(withdrawn.exit()).as(withdrawn.err()).isZero();
        assertThat(withdrawn.out()).contains("WITHDRAWN");
        EndToEnd.Cli again = e2e.egress("withdraw", id);
        assertThat(again.exit()).isEqualTo(5);
        assertThat(again.err()).contains("only a PENDING request can be withdrawn");

        RecordedMessage card = EndToEnd.await("the card to show the withdrawal", () -> e2e.card(id),
                m -> m.allText().contains("Withdrawn by the requester"));
        assertThat(card.buttons()).isEmpty();

        e2e.drainFirewallSync();
        assertThat(e2e.status(id)).isEqualTo("WITHDRAWN");
        assertThat(e2e.ruleGroup()).doesNotContain(domain);
        assertThat(e2e.versionsCarrying(id)).isEmpty();
        assertThat(publishedFor(EventTypes.REQUEST_WITHDRAWN, id)).hasSize(1);
        assertThat(e2e.auditActionsOf(id)).containsExactly("REQUEST_CREATED", "ACTION_REFUSED", "REQUEST_WITHDRAWN");
        assertThat(e2e.auditOf(id).get(1).details()).containsEntry("reason", "NOT_THE_REQUESTER");
    }

    @Test
    void aForgedStaleOrAlteredSlackClickIsRefusedAndChangesNothing() {
        String domain = "forged.example.org";
        String id = e2e.submit(domain);
        SlackUser user = e2e.slackUser();
        SignedSlackRequest genuine = user.click(APPROVER_1, id, "approve");

        SignedSlackRequest forged = genuine.withSignature(
                SlackSigning.sign("not-the-signing-secret", genuine.timestamp(), genuine.body()));
        SignedSlackRequest stale = user.sign(genuine.body(), Instant.now().minus(Duration.ofMinutes(10)));
        SignedSlackRequest byRequester = user.click(ALICE_SLACK, id, "approve");
        SignedSlackRequest altered = byRequester.withBody(byRequester.body().replace(ALICE_SLACK, APPROVER_1));
        SignedSlackRequest unsigned = genuine.withSignature("");
        for (SignedSlackRequest refused : List.of(forged, stale, altered, unsigned)) {
            SlackUser.Delivery delivery = user.deliver(refused);
            assertThat(delivery.status()).as("delivery of %s", refused).isEqualTo(401);
        }

        e2e.drainFirewallSync();
        JsonNode request = e2e.request(id);
        assertThat(request.path("status").asText()).isEqualTo("PENDING");
        assertThat(request.path("approvals")).isEmpty();
        assertThat(e2e.card(id).edits()).isZero();
        assertThat(e2e.card(id).hasButton("approve", id)).isTrue();
        assertThat(e2e.ruleGroup()).doesNotContain(domain);
        assertThat(e2e.auditActionsOf(id)).containsExactly("REQUEST_CREATED");
        assertThat(publishedFor(EventTypes.REQUEST_APPROVED, id)).isEmpty();

        SlackUser.Delivery accepted = user.deliver(genuine);
        assertThat(accepted.status()).as("the genuine click, for contrast").isEqualTo(200);
        assertThat(accepted.body()).contains("You approved");
        e2e.awaitStatus(id, "ACTIVE");
        assertThat(e2e.ruleGroup()).contains(domain);
    }

    @Test
    void theRequesterCannotApproveTheirOwnRequestInSlack() {
        String domain = "self-approved.example.org";
        String id = e2e.submit(domain);

        EndToEnd.Cli selfApproval = e2e.click("approve", id, ALICE_SLACK);
        assertThat(selfApproval.exit()).as("exit code of a refused click: 5, forbidden").isEqualTo(5);
        assertThat(selfApproval.out()).contains("You cannot approve your own request").contains("Nothing was changed");

        e2e.drainFirewallSync();
        assertThat(e2e.status(id)).isEqualTo("PENDING");
        assertThat(e2e.ruleGroup()).doesNotContain(domain);
        assertThat(e2e.auditActionsOf(id)).containsExactly("REQUEST_CREATED", "ACTION_REFUSED");
        assertThat(e2e.auditOf(id).get(1).details()).containsEntry("reason", "SELF_APPROVAL");
        assertThat(e2e.auditOf(id).get(1).actor()).isEqualTo("slack:" + ALICE_SLACK);
    }

    @Test
    void aPublicInternetOnlyStudioDomainIsFlaggedByTheGuardOnceAndTheVpcOnlyOneIsNot() {
        Instant from = Instant.now().minusSeconds(1);
        Map<String, Object> first = e2e.runNow(EventRoutes.GUARD);
        assertThat(first.get("noncompliant")).asList().containsExactly(SageMakerSamples.PUBLIC_DOMAIN_ID);
        assertThat(first.get("compliant")).asList().containsExactly(SageMakerSamples.VPC_ONLY_DOMAIN_ID);
        assertThat(first.get("reported")).asList().containsExactly(SageMakerSamples.PUBLIC_DOMAIN_ID);

        List<RecordedMessage> alerts = e2e.slack().messagesIn(CHANNEL).stream()
                .filter(m -> m.allText().contains(SageMakerSamples.PUBLIC_DOMAIN_ID)).toList();
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).allText()).contains("PublicInternetOnly");
        List<PublishedEvent> noncompliant = e2e.plane().aws().eventBridge().published(LocalControlPlane.BUS).stream()
                .filter(e -> e.detailType().equals(EventTypes.STUDIO_DOMAIN_NONCOMPLIANT)).toList();
        assertThat(noncompliant).hasSize(1);
        assertThat(noncompliant.get(0).envelope().path("detail").path("domainId").asText())
                .isEqualTo(SageMakerSamples.PUBLIC_DOMAIN_ID);
        assertThat(noncompliant.get(0).envelope().path("detail").path("appNetworkAccessType").asText())
                .isEqualTo("PublicInternetOnly");

        Map<String, Object> second = e2e.runNow(EventRoutes.GUARD);
        assertThat(second.get("noncompliant")).asList().containsExactly(SageMakerSamples.PUBLIC_DOMAIN_ID);
        assertThat(second.get("reported")).as("an unchanged finding is reported once a day").asList().isEmpty();
        List<AuditEvent> findings = e2e.auditTrail().between(from, Instant.now().plusSeconds(1)).stream()
                .filter(e -> e.action().equals("STUDIO_DOMAIN_NONCOMPLIANT")).toList();
        assertThat(findings).hasSize(1);
        assertThat(findings.get(0).details()).containsEntry("domainId", SageMakerSamples.PUBLIC_DOMAIN_ID);
        assertThat(findings.get(0).actor()).isEqualTo("system:studio-guard");
    }

    private static List<PublishedEvent> publishedFor(String detailType, String requestId) {
        return e2e.plane().aws().eventBridge().published(LocalControlPlane.BUS).stream()
                .filter(e -> e.detailType().equals(detailType))
                .filter(e -> e.envelope().path("detail").path("requestId").asText().equals(requestId)).toList();
    }
}
