package io.egressallowlist.shared.slack;

import io.egressallowlist.emulators.slack.RecordedMessage;
import io.egressallowlist.emulators.slack.SlackWebApiDouble;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.Approval;
import io.egressallowlist.shared.domain.Channel;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.domain.VersionDiff;
import io.egressallowlist.shared.domain.VersionNumber;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.notify.MessageRef;
import io.egressallowlist.shared.notify.MessageRefs;
import io.egressallowlist.shared.notify.Notifier;
import io.egressallowlist.shared.notify.NotifierContract;
import io.egressallowlist.shared.testing.memory.InMemoryMessageRefs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * The notifier contract through the Slack Web API on the Slack stand-in, told by the messages it holds, and what
 * only Slack shows: cards with buttons, updated in place, reminders in the card's thread, logged failures.
 */
class SlackNotifierTest extends NotifierContract {

    private static final String TOKEN = "xoxb-notifier-token";
    private static final String CHANNEL = "C0APPROVALS1";
    /** The request id every message about a request names, as {@code request <id>} or {@code request `<id>`}. */
    private static final Pattern REQUEST_NAMED = Pattern.compile("request `?([0-7][0-9A-HJKMNP-TV-Z]{25})");
    private static final Requester ALICE = new Requester("slack:U0ALICE0001", "U0ALICE0001", null);

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private SlackWebApiDouble slack;
    private final MessageRefs cards = new InMemoryMessageRefs();
    private SlackNotifier notifier;

    @BeforeEach
    void setUp() throws IOException {
        slack = SlackWebApiDouble.start(TOKEN);
        JsonLog log = JsonLog.of(SlackNotifier.class, new PrintStream(logged, true, StandardCharsets.UTF_8), clock);
        SlackClient client = new SlackClient(slack.apiUrl(), SecretSource.fixed(TOKEN), SlackClient.Settings.defaults(),
                d -> { }, log);
        notifier = new SlackNotifier(client, cards, CHANNEL, 1, log);
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    @Override
    protected Notifier notifier() {
        return notifier;
    }

    /** Slack cannot be reached: the stand-in no longer listens, so every call fails to connect. */
    @Override
    protected void makeChannelUnavailable() {
        slack.close();
    }

    @Override
    protected Set<RequestId> toldApprovers() {
        return requestsNamedIn(slack.messagesIn(CHANNEL).stream());
    }

    @Override
    protected Set<RequestId> toldRequester() {
        return requestsNamedIn(slack.directMessagesTo(REQUESTER.slackUserId()).stream());
    }

    @Override
    protected List<String> announcements() {
        return slack.messagesIn(CHANNEL).stream().map(RecordedMessage::allText)
                .filter(text -> !REQUEST_NAMED.matcher(text).find()).toList();
    }

    private static Set<RequestId> requestsNamedIn(Stream<RecordedMessage> messages) {
        return messages.flatMap(message -> REQUEST_NAMED.matcher(message.allText()).results())
                .map(named -> new RequestId(named.group(1))).collect(Collectors.toSet());
    }

    private static AllowlistRequest pending(String id, Requester requester) {
        return AllowlistRequest.newDomainRequest(new RequestId(id), new FirewallTarget("huggingface.co"), requester, "weights", Duration.ofDays(14), NOW,
                Duration.ofDays(7), false, null);
    }

    private static AllowlistRequest decided(AllowlistRequest r, RequestStatus status, String by, Instant expiresAt,
                                            VersionNumber version) {
        List<Approval> approvals = status == RequestStatus.DENIED ? List.of()
                : List.of(new Approval(by, NOW.plusSeconds(60), Channel.SLACK));
        return new AllowlistRequest(r.id(), r.kind(), r.target(), r.rollbackTo(), r.requester(), r.justification(), status,
                r.grantDuration(), r.createdAt(), NOW.plusSeconds(60), r.pendingUntil(), expiresAt, approvals,
                "slack:" + by, null, null, version, null, null, null);
    }

    @Test
    void aSubmittedRequestIsPostedToTheChannelAndWhereIsRecorded() {
        AllowlistRequest request = pending("01NTFY00000000000000000001", ALICE);

        notifier.requestSubmitted(request);

        RecordedMessage card = slack.messagesIn(CHANNEL).get(0);
        assertThat(card.hasButton("approve", request.id().value())).isTrue();
        assertThat(cards.card(request.id())).contains(new MessageRef(CHANNEL, card.ts()));
    }

    @Test
    void aRepeatedSubmittedNotificationUpdatesTheCardInsteadOfPostingASecond() {
        AllowlistRequest request = pending("01NTFY00000000000000000002", ALICE);

        notifier.requestSubmitted(request);
        notifier.requestSubmitted(request);

        assertThat(slack.messagesIn(CHANNEL)).singleElement().satisfies(m -> assertThat(m.edits()).isEqualTo(1));
    }

    @Test
    void aDecisionUpdatesTheCardAndTellsTheRequester() {
        AllowlistRequest request = pending("01NTFY00000000000000000003", ALICE);
        notifier.requestSubmitted(request);

        notifier.requestDecided(decided(request, RequestStatus.APPROVED, "U0APPROVE01", null, null));

        RecordedMessage card = slack.messagesIn(CHANNEL).get(0);
        assertThat(card.buttons()).extracting(RecordedMessage.Button::actionId).containsExactly("revoke");
        assertThat(card.allText()).contains("Approved by <@U0APPROVE01>");
        assertThat(slack.directMessagesTo("U0ALICE0001")).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("was approved by <@U0APPROVE01>"));
    }

    @Test
    void aRequesterWithoutSlackIsNotMessagedButTheCardIsUpdated() {
        AllowlistRequest request = pending("01NTFY00000000000000000004",
                Requester.of("arn:aws:iam::123456789012:user/bob"));
        notifier.requestSubmitted(request);

        notifier.requestDecided(decided(request, RequestStatus.DENIED, "U0APPROVE01", null, null));

        assertThat(slack.messages()).singleElement().satisfies(m -> assertThat(m.allText()).contains("Denied by"));
    }

    @Test
    void aDeliveryProblemIsLoggedAndNeverThrown() {
        slack.failNext("chat.postMessage", "channel_not_found");
        AllowlistRequest request = pending("01NTFY00000000000000000005", ALICE);

        assertThatCode(() -> notifier.requestSubmitted(request)).doesNotThrowAnyException();
        slack.rotateBotToken("xoxb-someone-else");
        assertThatCode(() -> notifier.reconcileFailed("capacity")).doesNotThrowAnyException();

        String logs = logged.toString(StandardCharsets.UTF_8);
        assertThat(logs).contains("channel_not_found", "invalid_auth", request.id().value()).doesNotContain(TOKEN);
        assertThat(cards.card(request.id())).isEmpty();
    }

    @Test
    void anAppliedVersionIsAnnouncedAndEachActivatedRequesterIsTold() {
        AllowlistRequest request = pending("01NTFY00000000000000000006", ALICE);
        notifier.requestSubmitted(request);
        AllowlistRequest active = decided(request, RequestStatus.ACTIVE, "U0APPROVE01", NOW.plus(Duration.ofDays(14)),
                new VersionNumber(7));
        AllowlistVersion version = AllowlistVersion.create(7, 6L, List.of("github.com", "huggingface.co"),
                VersionCause.baseline(), "system", NOW);

        notifier.versionApplied(version, new VersionDiff(List.of("huggingface.co"), List.of()), List.of(active), List.of());

        assertThat(slack.messagesIn(CHANNEL)).hasSize(2);
        assertThat(slack.messagesIn(CHANNEL).get(1).text()).contains("Version 7", "+1");
        assertThat(slack.messagesIn(CHANNEL).get(0).allText()).contains("in force since version 7");
        assertThat(slack.directMessagesTo("U0ALICE0001")).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("now in force (version 7)"));
    }

    @Test
    void anExpiryReminderIsPostedInTheCardsThreadWithARenewButton() {
        AllowlistRequest request = pending("01NTFY00000000000000000007", ALICE);
        notifier.requestSubmitted(request);
        AllowlistRequest active = decided(request, RequestStatus.ACTIVE, "U0APPROVE01", NOW.plus(Duration.ofDays(2)),
                new VersionNumber(3));

        notifier.grantExpiringSoon(active);

        RecordedMessage card = slack.messagesIn(CHANNEL).get(0);
        RecordedMessage reminder = slack.messagesIn(CHANNEL).get(1);
        assertThat(reminder.threadTs()).isEqualTo(card.ts());
        assertThat(reminder.hasButton("renew", request.id().value())).isTrue();
        assertThat(slack.directMessagesTo("U0ALICE0001")).singleElement()
                .satisfies(m -> assertThat(m.text()).contains("expires"));
    }

    @Test
    void aGrantThatExpiresOrIsRevokedTakesTheRenewButtonOffItsLatestReminder() {
        for (RequestStatus ended : List.of(RequestStatus.EXPIRED, RequestStatus.REVOKED)) {
            String id = ended == RequestStatus.EXPIRED ? "01NTFY00000000000000000008" : "01NTFY00000000000000000009";
            AllowlistRequest request = pending(id, ALICE);
            notifier.requestSubmitted(request);
            AllowlistRequest active = decided(request, RequestStatus.ACTIVE, "U0APPROVE01",
                    NOW.plus(Duration.ofDays(2)), new VersionNumber(3));
            notifier.grantExpiringSoon(active);

            notifier.requestDecided(decided(request, ended, "U0APPROVE02", NOW.plus(Duration.ofDays(2)),
                    new VersionNumber(3)));

            List<RecordedMessage> thread = slack.messagesIn(CHANNEL).stream()
                    .filter(m -> m.allText().contains(id)).toList();
            assertThat(thread).as(ended.name()).hasSize(2).allSatisfy(m -> assertThat(m.buttons()).isEmpty());
            assertThat(thread.get(1).allText()).contains("can no longer be renewed");
        }
    }

    @Test
    void aRenewalFromTheCardMarksTheLatestReminderRenewed() {
        AllowlistRequest request = pending("01NTFY0000000000000000000A", ALICE);
        notifier.requestSubmitted(request);
        AllowlistRequest active = decided(request, RequestStatus.ACTIVE, "U0APPROVE01", NOW.plus(Duration.ofDays(2)),
                new VersionNumber(3));
        notifier.grantExpiringSoon(active);
        MessageRef card = new MessageRef(CHANNEL, slack.messagesIn(CHANNEL).get(0).ts());

        notifier.grantRenewed(decided(request, RequestStatus.ACTIVE, "U0APPROVE01", NOW.plus(Duration.ofDays(30)),
                new VersionNumber(3)), "slack:U0APPROVE02", card);

        RecordedMessage reminder = slack.messagesIn(CHANNEL).get(1);
        assertThat(reminder.buttons()).isEmpty();
        assertThat(reminder.allText()).contains("renewed by <@U0APPROVE02>");
    }
}
