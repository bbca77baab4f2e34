package io.egressallowlist.shared.slack;

import io.egressallowlist.emulators.slack.SlackWebApiDouble;
import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.BlockedDomain;
import io.egressallowlist.shared.domain.BlockedHost;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.notify.BlockedDigest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Digests go to the person as a direct message or to the approvals channel, through the Slack stand-in. */
class SlackBlockedDigestsTest {

    private static final String TOKEN = "xoxb-digests";
    private static final String CHANNEL = "C0APPROVALS1";
    private static final Instant AT = Instant.parse("2026-11-20T10:00:00Z");

    private SlackWebApiDouble slack;
    private SlackBlockedDigests digests;

    @BeforeEach
    void start() throws IOException {
        slack = SlackWebApiDouble.start(TOKEN);
        JsonLog quiet = JsonLog.of(SlackClient.class, new PrintStream(OutputStream.nullOutputStream()), Clock.systemUTC());
        digests = new SlackBlockedDigests(new SlackClient(slack.apiUrl(), SecretSource.fixed(TOKEN),
                SlackClient.Settings.defaults(), d -> { }, quiet), CHANNEL);
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    private static BlockedDigest digest(BlockedDigest.Recipient to) {
        BlockedDomain line = new BlockedDomain(BlockedHost.of("huggingface.co").orElseThrow(),
                Optional.of(DomainName.of("huggingface.co")), 4, AT, AT, false, Optional.empty(), 1);
        return new BlockedDigest(to, List.of(line), AT.minusSeconds(3600), AT);
    }

    @Test
    void aPersonsDigestIsADirectMessageWithRequestButtons() {
        digests.send(digest(new BlockedDigest.Person(new Attribution.UserProfile("d-abc123", "alice",
                Attribution.Evidence.INTERFACE_TAGS), new SlackUserId("U0ALICE0001"))));

        assertThat(slack.directMessagesTo("U0ALICE0001")).singleElement()
                .satisfies(dm -> assertThat(dm.hasButton(ActionIds.REQUEST_BLOCKED, "huggingface.co")).isTrue());
        assertThat(slack.messagesIn(CHANNEL)).isEmpty();
    }

    @Test
    void theApprovalsDigestIsOnePostInTheChannelWithoutButtons() {
        digests.send(digest(new BlockedDigest.ApprovalsChannel()));

        assertThat(slack.messagesIn(CHANNEL)).singleElement().satisfies(post -> {
            assertThat(post.buttons()).isEmpty();
            assertThat(post.allText()).contains("`huggingface.co` · 4 attempts");
        });
    }

    @Test
    void aDigestSlackRefusesFailsSoThatItIsSentAgain() {
        slack.failNext("chat.postMessage", "channel_not_found");

        assertThatThrownBy(() -> digests.send(digest(new BlockedDigest.ApprovalsChannel())))
                .isInstanceOf(SlackException.class).hasMessageContaining("channel_not_found");
    }
}
