package io.egressallowlist.shared.slack;

import io.egressallowlist.emulators.junit.MutableClock;
import io.egressallowlist.emulators.slack.SlackWebApiDouble;
import io.egressallowlist.shared.domain.SlackUserGroupId;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.notify.ApproverGroups;
import io.egressallowlist.shared.notify.ApproverGroupsContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The approver groups contract through {@code usergroups.users.list} on the Slack stand-in, and what only the
 * Slack one does: memberships cached for a while per container.
 */
class SlackUserGroupsTest extends ApproverGroupsContract {

    private static final String TOKEN = "xoxb-groups-token";
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final SlackUserGroupId SECURITY = new SlackUserGroupId("S0SECURITY1");
    private static final SlackUserId ALICE = new SlackUserId("U0ALICE0001");

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private SlackWebApiDouble slack;
    private SlackUserGroups groups;

    @BeforeEach
    void setUp() throws IOException {
        slack = SlackWebApiDouble.start(TOKEN);
        JsonLog quiet = JsonLog.of(SlackUserGroups.class, new PrintStream(OutputStream.nullOutputStream()), clock);
        SlackClient client = new SlackClient(slack.apiUrl(), SecretSource.fixed(TOKEN), SlackClient.Settings.defaults(),
                d -> { }, quiet);
        groups = new SlackUserGroups(client, clock, TTL);
    }

    @AfterEach
    void stop() {
        slack.close();
    }

    @Override
    protected ApproverGroups groups() {
        return groups;
    }

    @Override
    protected void group(SlackUserGroupId group, SlackUserId... members) {
        slack.userGroup(group.value(), Arrays.stream(members).map(SlackUserId::value).toArray(String[]::new));
    }

    @Override
    protected void nextReadFails(String error) {
        slack.failNext("usergroups.users.list", error);
    }

    @Test
    void aGroupIsReadOnceWithinTheTtl() {
        group(SECURITY, ALICE);

        groups.membership(ALICE, Set.of(SECURITY));
        clock.advance(TTL.minusSeconds(1));
        groups.membership(ALICE, Set.of(SECURITY));

        assertThat(slack.calls("usergroups.users.list")).hasSize(1);
    }

    @Test
    void someoneRemovedFromAGroupLosesItOnceTheTtlHasPassed() {
        group(SECURITY, ALICE);
        assertThat(groups.membership(ALICE, Set.of(SECURITY))).containsExactly(SECURITY);
        group(SECURITY);

        assertThat(groups.membership(ALICE, Set.of(SECURITY))).as("still cached").containsExactly(SECURITY);
        clock.advance(TTL);

        assertThat(groups.membership(ALICE, Set.of(SECURITY))).isEmpty();
    }
}
