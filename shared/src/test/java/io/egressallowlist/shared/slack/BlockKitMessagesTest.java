package io.egressallowlist.shared.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.Approval;
import io.egressallowlist.shared.domain.Channel;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.VersionNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BlockKitMessagesTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final RequestId ID = new RequestId("01JD8X3Q4T5V6W7X8Y9Z0ABCDE");
    private static final Requester ALICE = new Requester("slack:U0ALICE0001", "U0ALICE0001", null);

    private static AllowlistRequest pending(String justification) {
        return AllowlistRequest.newDomainRequest(ID, new FirewallTarget("huggingface.co"), ALICE, justification, Duration.ofDays(14), NOW,
                Duration.ofDays(7), false, null);
    }

    private static AllowlistRequest with(AllowlistRequest r, RequestStatus status, List<Approval> approvals,
                                         String decidedBy, String note, Instant expiresAt) {
        return new AllowlistRequest(r.id(), r.kind(), r.target(), r.rollbackTo(), r.requester(), r.justification(), status,
                r.grantDuration(), r.createdAt(), NOW.plusSeconds(300), r.pendingUntil(), expiresAt, approvals, decidedBy,
                note, r.intent(), r.version(), r.idempotencyKey(), r.scope(), r.mode());
    }

    /** Every text of every block, as a reader of the card sees it. */
    private static String allText(SlackMessage message) {
        List<String> texts = new ArrayList<>();
        collect(message.blocks(), texts);
        return message.text() + "\n" + String.join("\n", texts);
    }

    private static void collect(JsonNode node, List<String> texts) {
        if (node.isObject() && node.path("text").isTextual()) {
            texts.add(node.path("text").asText());
        }
        node.forEach(child -> collect(child, texts));
    }

    private static List<JsonNode> buttons(SlackMessage message) {
        List<JsonNode> buttons = new ArrayList<>();
        for (JsonNode block : message.blocks()) {
            if (block.path("type").asText().equals("actions")) {
                block.path("elements").forEach(buttons::add);
            }
        }
        return buttons;
    }

    @ParameterizedTest(name = "{0} is shown as {1}")
    @CsvSource(delimiterString = "=>", value = {
            "<!channel> urgent               => &lt;!channel&gt; urgent",
            "ping <@U0BOSS00001> now         => ping &lt;@U0BOSS00001&gt; now",
            "see <https://evil.example|docs> => see &lt;https://evil.example|docs&gt;",
            "R&D <3                          => R&amp;D &lt;3",
            "already &amp; escaped           => already &amp;amp; escaped",
    })
    void userTextCannotInjectMentionsOrLinks(String typed, String shown) {
        assertThat(BlockKitMessages.escape(typed)).isEqualTo(shown);
        SlackMessage card = BlockKitMessages.pendingCard(pending(typed), 1);

        assertThat(allText(card)).contains(shown).doesNotContain(typed.contains("<") ? typed : "\u0000");
    }

    @Test
    void thePendingCardShowsRequesterDomainJustificationAndDuration() {
        SlackMessage card = BlockKitMessages.pendingCard(pending("model weights for the churn model"), 1);

        assertThat(allText(card)).contains("<@U0ALICE0001>", "`huggingface.co`", "model weights for the churn model",
                "14 days", ID.value(), "Waiting for an approver");
        assertThat(card.text()).contains("huggingface.co", "U0ALICE0001", ID.value());
    }

    @Test
    void thePendingCardHasApproveAndDenyButtonsCarryingTheRequestId() {
        List<JsonNode> buttons = buttons(BlockKitMessages.pendingCard(pending("x"), 1));

        assertThat(buttons).extracting(b -> b.path("action_id").asText()).containsExactly("approve", "deny");
        assertThat(buttons).allSatisfy(b -> assertThat(b.path("value").asText()).isEqualTo(ID.value()));
        assertThat(buttons).extracting(b -> b.path("style").asText()).containsExactly("primary", "danger");
        assertThat(buttons).allSatisfy(b -> assertThat(b.path("confirm").path("title").path("text").asText()).isNotBlank());
    }

    @Test
    void aRollbackCardOffersApproveRollback() {
        AllowlistRequest rollback = AllowlistRequest.newRollbackRequest(ID, new VersionNumber(4), ALICE, "bad change in version 5", NOW,
                Duration.ofDays(7), null);

        SlackMessage card = BlockKitMessages.card(rollback, 1);

        assertThat(buttons(card)).extracting(b -> b.path("action_id").asText())
                .containsExactly("approve-rollback", "deny");
        assertThat(allText(card)).contains("Rollback request: back to version 4", "version 4", "bad change in version 5");
    }

    @Test
    void anActiveCardOffersRenewAndRevokeWithAConfirmationAndAnEndedOneNeither() {
        AllowlistRequest active = with(pending("x"), RequestStatus.ACTIVE,
                List.of(new Approval("U0APPROVE01", NOW, Channel.SLACK)), "slack:U0APPROVE01", null, null);

        List<JsonNode> offered = buttons(BlockKitMessages.card(active, 1));

        assertThat(offered).extracting(b -> b.path("action_id").asText()).containsExactly("renew", "revoke");
        assertThat(offered.get(1).path("confirm").path("title").path("text").asText()).isEqualTo("Revoke this grant?");
        for (RequestStatus ended : List.of(RequestStatus.EXPIRED, RequestStatus.REVOKED, RequestStatus.DENIED,
                RequestStatus.WITHDRAWN)) {
            assertThat(buttons(BlockKitMessages.card(with(active, ended, active.approvals(), "slack:U0APPROVE02", null,
                    null), 1))).as(ended.name()).isEmpty();
        }
    }

    @Test
    void aRevokedCardSaysWhoRevokedItAndWhyEscapedAndARollbackRemovalSaysRollback() {
        AllowlistRequest revoked = with(pending("x"), RequestStatus.REVOKED, List.of(), "slack:U0APPROVE02",
                "leaked <!channel> & token", null);
        AllowlistRequest rolledBack = with(pending("x"), RequestStatus.REVOKED, List.of(), "slack:U0APPROVE01",
                "removed from the allow-list by version 4 (rollback to version 2)", null);

        assertThat(allText(BlockKitMessages.card(revoked, 1))).contains("Revoked by <@U0APPROVE02>",
                "leaked &lt;!channel&gt; &amp; token").doesNotContain("<!channel>");
        assertThat(allText(BlockKitMessages.requesterOutcome(revoked))).contains("was revoked by <@U0APPROVE02>",
                "leaked &lt;!channel&gt; &amp; token");
        assertThat(allText(BlockKitMessages.card(rolledBack, 1))).contains("Revoked by a rollback");
        assertThat(allText(BlockKitMessages.requesterOutcome(rolledBack))).contains("was removed by a rollback");
    }

    @Test
    void withAQuorumThePendingCardCountsTheApprovalsSoFar() {
        AllowlistRequest oneVote = with(pending("x"), RequestStatus.PENDING,
                List.of(new Approval("U0APPROVE01", NOW, Channel.SLACK)), null, null, null);

        assertThat(allText(BlockKitMessages.card(oneVote, 2))).contains("1 of 2 approvals: <@U0APPROVE01>");
    }

    @Test
    void theDecidedCardSaysWhoApprovedAndWhenAndOffersOnlyRevoke() {
        Instant at = NOW.plusSeconds(120);
        AllowlistRequest approved = with(pending("x"), RequestStatus.APPROVED,
                List.of(new Approval("U0APPROVE01", at, Channel.SLACK)), "slack:U0APPROVE01", null, null);

        SlackMessage card = BlockKitMessages.card(approved, 1);

        assertThat(buttons(card)).extracting(b -> b.path("action_id").asText()).containsExactly("revoke");
        assertThat(buttons(card).get(0).path("value").asText()).isEqualTo(approved.id().value());
        assertThat(buttons(card).get(0).path("confirm").path("title").path("text").asText())
                .isEqualTo("Cancel this approved request?");
        assertThat(allText(card)).contains("Approved by <@U0APPROVE01>", "<!date^" + at.getEpochSecond() + "^",
                "2026-11-20 10:02 UTC");
        assertThat(card.text()).contains("Approved by <@U0APPROVE01>", "2026-11-20 10:02 UTC").doesNotContain("<!date");
    }

    @Test
    void theDecidedCardOfADenialShowsTheDenierAndTheEscapedNote() {
        AllowlistRequest denied = with(pending("x"), RequestStatus.DENIED, List.of(), "slack:U0APPROVE02",
                "use the <internal> mirror", null);

        String text = allText(BlockKitMessages.card(denied, 1));

        assertThat(text).contains("Denied by <@U0APPROVE02>", "use the &lt;internal&gt; mirror");
    }

    @Test
    void aRequesterWithoutSlackIsShownByTheirPrincipalEscaped() {
        AllowlistRequest fromApi = AllowlistRequest.newDomainRequest(ID, new FirewallTarget("pypi.org"),
                new Requester("arn:aws:sts::123456789012:assumed-role/Studio/alice", null, "alice"), "x",
                Duration.ofDays(1), NOW, Duration.ofDays(7), false, null);

        assertThat(allText(BlockKitMessages.card(fromApi, 1)))
                .contains("`arn:aws:sts::123456789012:assumed-role/Studio/alice` (Studio profile `alice`)", "1 day");
    }

    @Test
    void theRenewReminderHasARenewButtonForTheRequest() {
        AllowlistRequest active = with(pending("x"), RequestStatus.ACTIVE, List.of(), "slack:U0APPROVE01", null,
                NOW.plus(Duration.ofDays(2)));

        SlackMessage reminder = BlockKitMessages.renewReminder(active);

        assertThat(buttons(reminder)).singleElement().satisfies(b -> {
            assertThat(b.path("action_id").asText()).isEqualTo("renew");
            assertThat(b.path("value").asText()).isEqualTo(ID.value());
        });
        assertThat(reminder.text()).contains("huggingface.co", "2026-11-22 10:00 UTC");
    }

    @Test
    void aLongJustificationFullOfEntitiesStaysWithinSlacksLimitsAndCutsNoEntity() {
        SlackMessage card = BlockKitMessages.pendingCard(pending("<&>".repeat(333)), 1);

        for (JsonNode block : card.blocks()) {
            assertThat(block.path("text").path("text").asText().length()).isLessThanOrEqualTo(3_000);
        }
        String justification = card.blocks().get(2).path("text").path("text").asText();
        assertThat(justification).endsWith("…").doesNotContain("<").doesNotContain(">");
        assertThat(justification.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")).doesNotContain("&");
    }

    @Test
    void theRequesterIsToldTheOutcomeInWords() {
        AllowlistRequest denied = with(pending("x"), RequestStatus.DENIED, List.of(), "slack:U0APPROVE02", "no", null);
        AllowlistRequest expired = with(pending("x"), RequestStatus.EXPIRED, List.of(), "system:cleanup", null, null);

        assertThat(BlockKitMessages.requesterOutcome(denied).text()).contains("was denied by <@U0APPROVE02>: no", ID.value());
        assertThat(BlockKitMessages.requesterOutcome(expired).text()).contains("expired without a decision");
    }

    @Test
    void personTurnsSlackIdentitiesIntoMentionsAndEscapesEverythingElse() {
        assertThat(BlockKitMessages.person("slack:U0ALICE0001")).isEqualTo("<@U0ALICE0001>");
        assertThat(BlockKitMessages.person("U0ALICE0001")).isEqualTo("<@U0ALICE0001>");
        assertThat(BlockKitMessages.person("system:cleanup")).isEqualTo("the control plane (cleanup)");
        assertThat(BlockKitMessages.person("<!here>")).isEqualTo("`&lt;!here&gt;`");
    }
}
