package io.egressallowlist.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.emulators.eventbridge.PublishedEvent;
import io.egressallowlist.emulators.slack.SignedSlackRequest;
import io.egressallowlist.emulators.slack.SlackUser;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.events.EventTypes;
import io.egressallowlist.shared.events.FunctionNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import io.egressallowlist.testbed.LocalAws;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.egressallowlist.sandbox.LocalControlPlane.APPROVER_1;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Slack retries a click it got no timely answer for, and EventBridge delivers at least once: a second
 * delivery of the same click or the same event must leave everything as one delivery left it.
 */
class SandboxDuplicateDeliveryTest {

    private static EndToEnd e2e;

    @RegisterExtension
    static final RunningSandbox SANDBOX = RunningSandbox.forTests(started -> e2e = started);

    @Test
    void theSameSignedClickDeliveredTwiceApprovesOnceAndMakesOneVersion() {
        String domain = "clicked-twice.example.org";
        String id = e2e.submit(domain);
        SlackUser user = e2e.slackUser();
        SignedSlackRequest click = user.click(APPROVER_1, id, "approve");

        SlackUser.Delivery first = user.deliver(click);
        SlackUser.Delivery second = user.deliver(click);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).contains("You approved");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).contains("Nothing was changed").contains("already decided");

        e2e.awaitStatus(id, "ACTIVE");
        e2e.drainFirewallSync();
        assertThat(e2e.versionsCarrying(id)).hasSize(1);
        assertThat(e2e.ruleGroup()).containsOnlyOnce(domain);
        assertThat(e2e.request(id).path("approvals")).hasSize(1);
        assertThat(e2e.auditActionsOf(id)).containsExactly("REQUEST_CREATED", "APPROVAL_RECORDED",
                "REQUEST_APPROVED", "REQUEST_ACTIVATED");
        assertThat(published(EventTypes.REQUEST_APPROVED, id)).hasSize(1);
        assertThat(e2e.toldTheRequester(id).stream().filter(m -> m.contains("was approved by"))).hasSize(1);
    }

    @Test
    void theSameRequestApprovedEventDeliveredTwiceChangesNothingMore() {
        String domain = "delivered-twice.example.org";
        String id = e2e.submit(domain);
        assertThat(e2e.click("approve", id, APPROVER_1).exit()).isZero();
        long applied = e2e.awaitStatus(id, "ACTIVE").path("version").asLong();
        e2e.drainFirewallSync();

        List<JsonNode> versionsBefore = e2e.versions();
        List<AuditEvent> requestAuditBefore = e2e.auditOf(id);
        List<AuditEvent> versionAuditBefore = e2e.auditOfVersion(applied);
        List<String> ruleGroupBefore = e2e.ruleGroup();
        long updatesBefore = e2e.plane().aws().firewall().successfulUpdates(LocalAws.RULE_GROUP);

        List<PublishedEvent> approvedEvents = published(EventTypes.REQUEST_APPROVED, id);
        assertThat(approvedEvents).hasSize(1);
        ObjectNode envelope = approvedEvents.get(0).envelope();
        ObjectNode redelivered = e2e.plane().aws().eventBridge().inject(LocalControlPlane.BUS, envelope.deepCopy());
        e2e.plane().aws().eventBridge().inject(LocalControlPlane.BUS, envelope.deepCopy());
        assertThat(redelivered.path("id").asText()).as("the same event, not a new one").isEqualTo(envelope.path("id").asText());
        Map<String, Object> direct = e2e.invoke(FunctionNames.FIREWALL_SYNC, envelope.deepCopy());
        assertThat(direct.get("trigger")).isEqualTo(EventTypes.REQUEST_APPROVED);
        assertThat(direct.get("versionsCreated")).asList().isEmpty();
        e2e.drainFirewallSync();

        assertThat(e2e.versions()).isEqualTo(versionsBefore);
        assertThat(e2e.versionsCarrying(id)).hasSize(1);
        assertThat(e2e.auditOf(id)).isEqualTo(requestAuditBefore);
        assertThat(e2e.auditOfVersion(applied)).isEqualTo(versionAuditBefore);
        assertThat(e2e.ruleGroup()).isEqualTo(ruleGroupBefore);
        assertThat(e2e.plane().aws().firewall().successfulUpdates(LocalAws.RULE_GROUP)).isEqualTo(updatesBefore);
        Map<String, Long> perAction = e2e.auditOf(id).stream()
                .collect(Collectors.groupingBy(AuditEvent::action, Collectors.counting()));
        assertThat(perAction.values()).as("one audit event per change: %s", perAction).containsOnly(1L);
        assertThat(e2e.status(id)).isEqualTo("ACTIVE");
    }

    private static List<PublishedEvent> published(String detailType, String requestId) {
        Function<PublishedEvent, String> requestOf = e -> e.envelope().path("detail").path("requestId").asText();
        return e2e.plane().aws().eventBridge().published(LocalControlPlane.BUS).stream()
                .filter(e -> e.detailType().equals(detailType) && requestOf.apply(e).equals(requestId)).toList();
    }
}
