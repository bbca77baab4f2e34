package io.egressallowlist.shared.slack;

import io.egressallowlist.emulators.junit.DynaliteExtension;
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
import io.egressallowlist.shared.store.DynamoMessageRefs;
import io.egressallowlist.shared.store.DynamoRequestStore;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.store.TableSchemas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DynaliteExtension.class)
class SlackNotifierTest {

    private static final String TOKEN = "xoxb-notifier-token";
    private static final String CHANNEL = "C0APPROVALS1";
    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final Requester ALICE = new Requester("slack:U0ALICE0001", "U0ALICE0001", null);

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private SlackWebApiDouble slack;
    private MessageRefs cards;
    private DynamoRequestStore requests;
    private SlackNotifier notifier;

    @BeforeEach
    void setUp(DynamoDbClient dynamo) throws IOException {
        slack = SlackWebApiDouble.start(TOKEN);
        TableNames tables = TableNames.withPrefix(DynaliteExtension.uniqueName("notify"));
        TableSchemas.createAll(dynamo, tables);
        cards = new DynamoMessageRefs(dynamo, tables.requests(), clock);
        requests = new DynamoRequestStore(dynamo, tables.requests(), clock);
        JsonLog log = JsonLog.of(SlackNotifier.class, new PrintStream(logged, true, StandardCharsets.UTF_8), clock);
        SlackClient client = new SlackClient(slack.apiUrl(), SecretSource.fixed(TOKEN), SlackClient.Settings.defaults(),
                d -> { }, log);
        notifier = new SlackNotifier(client, cards, CHANNEL, 1, log);
    }

    @AfterEach
    void stop() {
        slack.close();
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
                "slack:" + by, null, null, version, null);
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
        assertThat(card.buttons()).isEmpty();
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
    void theCardRecordIsInvisibleToTheRequestStore() {
        AllowlistRequest request = pending("01NTFY00000000000000000008", ALICE);
        requests.create(request);
        notifier.requestSubmitted(request);

        assertThat(requests.listAll(null, 10, null).items()).extracting(AllowlistRequest::id).containsExactly(request.id());
        assertThat(requests.list(RequestStatus.PENDING, null, 10, null).items()).hasSize(1);
        assertThatThrownBy(() -> new RequestId("slack#" + request.id())).as("the port cannot name a card record")
                .isInstanceOf(IllegalArgumentException.class);
    }
}
