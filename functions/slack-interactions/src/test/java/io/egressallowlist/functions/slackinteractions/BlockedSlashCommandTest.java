package io.egressallowlist.functions.slackinteractions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.emulators.slack.OpenedView;
import io.egressallowlist.shared.config.EnvKey;
import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.BlockedAttempt;
import io.egressallowlist.shared.domain.BlockedAttempts;
import io.egressallowlist.shared.domain.BlockedHost;
import io.egressallowlist.shared.domain.SourceAddress;
import io.egressallowlist.shared.slack.ActionIds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static io.egressallowlist.functions.slackinteractions.SlackFixture.ALICE;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.ALICE_PROFILE;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.APPROVER_1;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.BOB;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.replyText;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /egress blocked [all]}, as signed slash commands: the caller's own blocked attempts (through the Studio user
 * profile linked to them) with a Request button per host that opens the same request form as a digest's; everyone's
 * for approvers.
 */
class BlockedSlashCommandTest extends SlackFixtureTest {

    private static final String DOMAIN = "d-vpconly0sample1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private int tokens;

    @BeforeEach
    void attempts() {
        Instant now = fixture.clock.instant();
        Attribution alice = new Attribution.UserProfile(DOMAIN, ALICE_PROFILE, Attribution.Evidence.INTERFACE_TAGS);
        Attribution bob = new Attribution.UserProfile(DOMAIN, "bob-analyst", Attribution.Evidence.INTERFACE_TAGS);
        add(alice, "cdn-lfs.hf.co", 3, now.minus(Duration.ofHours(2)));
        add(alice, "<!channel>*bold*.example.org", 1, now.minus(Duration.ofHours(1)));
        add(alice, "stale.example.net", 2, now.minus(Duration.ofDays(3)));
        add(alice, "github.com", 2, now.minus(Duration.ofHours(3)));
        add(alice, "mirror.example.net", 1, now.minus(Duration.ofMinutes(5)));
        add(bob, "cdn-lfs.hf.co", 4, now.minus(Duration.ofHours(1)));
        add(bob, "bob-only.example.net", 7, now.minus(Duration.ofHours(1)));
    }

    private void add(Attribution who, String host, long count, Instant at) {
        BlockedAttempt attempt = new BlockedAttempt(who, new SourceAddress("10.0.1.23"), BlockedHost.of(host).orElseThrow(),
                "TLS", count, at, at.plusSeconds(30));
        assertThat(fixture.blocked.add(new BlockedAttempts.Contribution(attempt, at.truncatedTo(ChronoUnit.HOURS),
                "t" + ++tokens, at.plus(Duration.ofDays(30))))).isTrue();
    }

    private JsonNode answer(String user, String text) {
        APIGatewayProxyResponseEvent response = fixture.command(user, text);
        assertThat(response.getStatusCode()).isEqualTo(200);
        try {
            return JSON.readTree(response.getBody());
        } catch (IOException e) {
            throw new AssertionError(response.getBody(), e);
        }
    }

    /** Each Request button's value, in order. */
    private static List<String> requestButtons(JsonNode answer) {
        List<String> values = new ArrayList<>();
        answer.path("blocks").forEach(block -> {
            JsonNode accessory = block.path("accessory");
            if (accessory.path("action_id").asText().equals(ActionIds.REQUEST_BLOCKED)) {
                values.add(accessory.path("value").asText());
            }
        });
        return values;
    }

    @Test
    void theCallerSeesTheirOwnAttemptsOfTheLastDayEachWithARequestButton() {
        JsonNode answer = answer(ALICE, "blocked");

        assertThat(answer.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(answer.path("egress_outcome").asText()).isEqualTo("done");
        String text = answer.toString();
        assertThat(text).contains("cdn-lfs.hf.co", "3 attempts", "github.com")
                .doesNotContain("bob-only.example.net", "stale.example.net");
        assertThat(requestButtons(answer)).as("github.com is allowed now, markup is no name: nothing to request")
                .containsExactlyInAnyOrder("cdn-lfs.hf.co", "mirror.example.net");
    }

    @Test
    void markupInAHostIsEscapedAndMentionsNobody() {
        String text = answer(ALICE, "blocked").toString();

        assertThat(text).doesNotContain("<!channel>").contains("&lt;!channel&gt;");
    }

    @Test
    void theRequestButtonOpensTheRequestFormOfTheDigests() {
        JsonNode answer = answer(ALICE, "blocked");
        assertThat(requestButtons(answer)).contains("cdn-lfs.hf.co");

        APIGatewayProxyResponseEvent clicked = fixture.send(fixture.slackUser.clickWithoutMessage(ALICE, "cdn-lfs.hf.co",
                ActionIds.REQUEST_BLOCKED));

        assertThat(clicked.getStatusCode()).isEqualTo(200);
        assertThat(fixture.slack.openedViews()).singleElement().satisfies((OpenedView view) ->
                assertThat(view.toString()).contains("cdn-lfs.hf.co"));
    }

    @Test
    void someoneLinkedToNoStudioProfileIsToldWhy() {
        JsonNode answer = answer(BOB, "blocked");

        assertThat(answer.path("text").asText()).contains("linked to no SageMaker Studio user profile", EnvKey.IDENTITY_LINKS.name());
        assertThat(answer.path("egress_outcome").asText()).isEqualTo("not-found");
        assertThat(requestButtons(answer)).isEmpty();
    }

    @Test
    void anApproverSeesEveryonesWithTheNumberOfPeopleAndNoButtons() {
        JsonNode answer = answer(APPROVER_1, "blocked all");

        String text = answer.toString();
        assertThat(text).contains("cdn-lfs.hf.co", "2 people", "bob-only.example.net", "1 person")
                .doesNotContain("stale.example.net");
        assertThat(requestButtons(answer)).isEmpty();
        assertThat(answer.path("egress_outcome").asText()).isEqualTo("done");
    }

    @Test
    void everyonesIsRefusedToSomeoneWhoIsNoApprover() {
        JsonNode answer = answer(BOB, "blocked all");

        assertThat(answer.path("text").asText()).contains("only approvers");
        assertThat(answer.path("egress_outcome").asText()).isEqualTo("forbidden");
        assertThat(answer.toString()).doesNotContain("cdn-lfs.hf.co");
    }

    @Test
    void anythingElseAfterBlockedIsAUsageErrorThatChangesNothing() {
        JsonNode answer = answer(ALICE, "blocked everything");

        assertThat(answer.path("text").asText()).contains("`/egress blocked all`", "/egress help");
        assertThat(answer.path("egress_outcome").asText()).isEqualTo("refused");
        assertThat(fixture.slack.openedViews()).isEmpty();
        assertThat(fixture.requests.listAll(null, 10, null).items()).isEmpty();
    }

    @Test
    void helpListsBlocked() {
        assertThat(replyText(fixture.command(ALICE, "help"))).contains("/egress blocked [all]");
        assertThat(replyText(fixture.command(ALICE, ""))).contains("/egress blocked [all]");
    }
}
