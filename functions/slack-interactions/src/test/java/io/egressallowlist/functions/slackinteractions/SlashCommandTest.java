package io.egressallowlist.functions.slackinteractions;

import io.egressallowlist.emulators.slack.RecordedMessage;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.config.EnvKey;
import io.egressallowlist.shared.config.ControlPlaneEnvironment;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.emulators.slack.SignedSlackRequest;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.slack.ActionIds;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.egressallowlist.functions.slackinteractions.SlackFixture.ALICE;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.APPROVER_1;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.BOB;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.replyText;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code /egress request | status | list | check}, answered ephemerally. */
class SlashCommandTest extends SlackFixtureTest {

    private String reply(String user, String text) {
        APIGatewayProxyResponseEvent response = fixture.command(user, text);
        assertThat(response.getStatusCode()).isEqualTo(200);
        return replyText(response);
    }

    private List<AllowlistRequest> stored() {
        return fixture.requests.listAll(null, 100, null).items();
    }

    @Test
    void answersAreEphemeralJson() throws Exception {
        APIGatewayProxyResponseEvent response = fixture.command(ALICE, "help");

        JsonNode body = new ObjectMapper().readTree(response.getBody());
        assertThat(body.path("response_type").asText()).isEqualTo("ephemeral");
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json; charset=utf-8");
    }

    @Test
    void aRequestIsSubmittedForTheSlackUserPublishedAndPostedForApproval() {
        String text = reply(ALICE, "request Example.ORG  pull the public training data set");

        AllowlistRequest request = stored().get(0);
        assertThat(request.target()).isEqualTo(new FirewallTarget("example.org"));
        assertThat(request.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(request.requester().principal()).isEqualTo("slack:" + ALICE);
        assertThat(request.requester().slackUserId()).isEqualTo(ALICE);
        assertThat(request.justification()).isEqualTo("pull the public training data set");
        assertThat(request.grantDuration()).hasDays(30);
        assertThat(text).contains(request.id().value(), "`example.org`", "30 days", "waiting for an approver",
                "<#" + SlackFixture.CHANNEL + ">");
        assertThat(fixture.events()).singleElement().satisfies(event -> {
            assertThat(event.detailType()).isEqualTo("Request Submitted");
            assertThat(event.envelope().path("detail").path("status").asText()).isEqualTo("PENDING");
            assertThat(event.envelope().path("detail").path("kind").asText()).isEqualTo("DOMAIN");
        });
        assertThat(fixture.card(request).hasButton(ActionIds.APPROVE, request.id().value())).isTrue();
        assertThat(fixture.card(request).allText()).contains("<@" + ALICE + ">", "pull the public training data set");
    }

    @Test
    void aDomainInTheAutoApproveCatalogueIsApprovedAtOnceAndPublishedAsApproved() {
        String text = reply(ALICE, "request files.pypi.org pip install from the public index");

        AllowlistRequest request = stored().get(0);
        assertThat(request.status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(text).contains("pre-approved by policy");
        assertThat(fixture.eventTypes()).containsExactly("Request Approved");
        assertThat(fixture.card(request).buttons()).as("pre-approved: nothing to approve or deny, only Revoke")
                .extracting(RecordedMessage.Button::actionId).containsExactly("revoke");
    }

    @Test
    void aDomainAlreadyAllowedIsNotRequested() {
        String text = reply(ALICE, "request sts.amazonaws.com assume the feature store role");

        assertThat(text).contains("already allowed by the entry `.amazonaws.com` (version 2)");
        assertThat(stored()).isEmpty();
        assertThat(fixture.events()).isEmpty();
    }

    @Test
    void aRequestWithoutAReasonIsRefusedWithUsage() {
        assertThat(reply(ALICE, "request example.org")).contains("Say which domain and why",
                "/egress request <domain> <reason…>");
        assertThat(reply(ALICE, "request")).contains("Say which domain and why");
        assertThat(stored()).isEmpty();
        assertThat(fixture.slack.messages()).isEmpty();
    }

    @Test
    void anInvalidDomainIsRefusedWithTheReason() {
        String text = reply(ALICE, "request https://example.org/data because");

        assertThat(text).contains("Not submitted");
        assertThat(stored()).isEmpty();
        assertThat(fixture.events()).isEmpty();
    }

    @Test
    void aDomainThePolicyDeniesIsRefusedNamingTheRule() {
        String text = reply(ALICE, "request paste.pastebin.com share snippets");

        assertThat(text).contains("refused by policy rule `paste-sites`", "exfiltration");
        assertThat(stored()).isEmpty();
    }

    @Test
    void aJustificationWithMarkupIsStoredAsTypedAndShownEscaped() {
        reply(ALICE, "request example.org <!channel> please <https://evil.example|click>");

        AllowlistRequest request = stored().get(0);
        assertThat(request.justification()).isEqualTo("<!channel> please <https://evil.example|click>");
        assertThat(fixture.card(request).allText()).contains("&lt;!channel&gt; please &lt;https://evil.example|click&gt;")
                .doesNotContain("<!channel>");
    }

    @Test
    void aDuplicateDeliveryOfTheSameCommandSubmitsOnce() {
        SignedSlackRequest command = fixture.slackUser.slashCommand(ALICE, "request example.org training data");

        fixture.send(command);
        String again = replyText(fixture.send(command));

        assertThat(again).contains("Already received", stored().get(0).id().value());
        assertThat(stored()).hasSize(1);
        assertThat(fixture.eventTypes()).containsExactly("Request Submitted");
    }

    @Test
    void aSecondRequestForAnOpenTargetPointsAtTheExistingOne() {
        reply(ALICE, "request example.org training data");
        AllowlistRequest first = stored().get(0);

        String text = reply(BOB, "request example.org evaluation data");

        assertThat(text).contains("already an open request", first.id().value(), "<@" + ALICE + ">");
        assertThat(stored()).hasSize(1);
    }

    @Test
    void statusWithoutAnIdListsTheUsersOwnRequests() {
        reply(ALICE, "request example.org training data");
        reply(BOB, "request example.net other data");

        String text = reply(ALICE, "status");

        assertThat(text).contains("Your most recent requests", "`example.org`", "Waiting for an approver")
                .doesNotContain("example.net");
    }

    @Test
    void statusWithoutRequestsSaysHowToMakeOne() {
        assertThat(reply(ALICE, "status")).contains("You have no requests", "/egress request");
    }

    @Test
    void statusWithAnIdShowsThatRequestWithoutButtons() throws Exception {
        reply(ALICE, "request example.org training data");
        AllowlistRequest request = stored().get(0);
        fixture.click(APPROVER_1, request.id().value(), ActionIds.APPROVE);

        APIGatewayProxyResponseEvent response = fixture.command(BOB, "status " + request.id());

        JsonNode body = new ObjectMapper().readTree(response.getBody());
        assertThat(body.toString()).contains("Approved by <@" + APPROVER_1 + ">", "example.org")
                .doesNotContain("\"actions\"");
    }

    @Test
    void statusWithSomethingThatIsNotAnIdSaysSo() {
        assertThat(reply(ALICE, "status 42")).contains("`42` is not a request id");
        assertThat(reply(ALICE, "status 01ZZZZZZZZZZZZZZZZZZZZZZZZ")).contains("No request has the id");
        assertThat(reply(ALICE, "status a b")).contains("at most one request id");
    }

    @Test
    void listShowsThePendingRequestsOldestFirst() {
        reply(ALICE, "request example.org training data");
        fixture.clock.advance(java.time.Duration.ofSeconds(1));
        reply(BOB, "request example.net other data");

        String text = reply(APPROVER_1, "list");

        assertThat(text).contains("Requests waiting for approval");
        assertThat(text.indexOf("example.org")).isLessThan(text.indexOf("example.net"));
        assertThat(text).contains("<@" + ALICE + ">", "<@" + BOB + ">");
    }

    @Test
    void listWithNothingPendingSaysSo() {
        assertThat(reply(APPROVER_1, "list")).isEqualTo("No requests are waiting for approval.");
        assertThat(reply(APPROVER_1, "list everything")).contains("takes no arguments");
    }

    @Test
    void checkSaysWhichEntryAllowsADomain() {
        assertThat(reply(ALICE, "check sts.amazonaws.com"))
                .contains("`sts.amazonaws.com` is allowed by the entry `.amazonaws.com` (version 2)");
        assertThat(reply(ALICE, "check huggingface.co")).contains("allowed by the entry `huggingface.co`");
    }

    @Test
    void checkAnswersForAHostThatIsItselfAPublicSuffix() {
        // s3.eu-west-1.amazonaws.com is on the Public Suffix List (it cannot be requested) but is a real host.
        assertThat(reply(ALICE, "check s3.eu-west-1.amazonaws.com"))
                .contains("allowed by the entry `.amazonaws.com`");
    }

    @Test
    void checkOfADomainNotAllowedSaysHowToAskForIt() {
        assertThat(reply(ALICE, "check example.org"))
                .contains("`example.org` is not allowed (version 2)", "/egress request example.org");
    }

    @Test
    void checkOfSomethingThatIsNotADomainSaysWhy() {
        assertThat(reply(ALICE, "check not_a_domain!")).startsWith(":warning:");
        assertThat(reply(ALICE, "check")).contains("Name one domain");
        assertThat(reply(ALICE, "check a.com b.com")).contains("Name one domain");
    }

    @Test
    void allowlistShowsTheAppliedVersionsEntries() {
        assertThat(reply(ALICE, "allowlist")).contains("*The allow-list* (version 2, 3 entries)", "• `.amazonaws.com`",
                "• `github.com`", "• `huggingface.co`");
        assertThat(reply(ALICE, "allowlist everything")).contains("`/egress allowlist` takes no arguments");
    }

    @Test
    void theOnlyScopeMayBeNamedAndKeepsTheTextOfOneList() {
        assertThat(reply(ALICE, "allowlist default")).contains("*The allow-list* (version 2, 3 entries)");
        assertThat(reply(ALICE, "versions default")).contains("*Allow-list versions*, newest first");
        assertThat(reply(ALICE, "versions risk")).contains("`/egress versions` takes no arguments");
    }

    @Test
    void versionsListsTheNewestFirst() {
        String text = reply(ALICE, "versions");

        assertThat(text).contains("*Allow-list versions*, newest first", "*2* baseline, 3 entries, applied, by system",
                "*1* baseline, 2 entries, applied, by system");
        assertThat(text.indexOf("*2*")).isLessThan(text.indexOf("*1*"));
    }

    @Test
    void aBareCommandAndHelpListEverySubcommand() {
        for (String text : List.of(reply(ALICE, ""), reply(ALICE, "help"))) {
            assertThat(text).contains("/egress request", "/egress status", "/egress list", "/egress check",
                    "/egress allowlist", "/egress versions", "/egress help");
        }
    }

    @Test
    void anUnknownSubcommandAnswersWithHelp() {
        String text = reply(ALICE, "approve everything");

        assertThat(text).contains("Unknown subcommand `approve`", "/egress request", "/egress status", "/egress list",
                "/egress check");
        assertThat(stored()).isEmpty();
    }

    @Test
    void noSubcommandAnswersWithHelp() {
        assertThat(reply(ALICE, "")).contains("/egress request <domain> <reason…>");
        assertThat(reply(ALICE, "help")).contains("/egress check <domain>");
    }

    @Test
    void theHandlerRefusesToStartWithoutItsSlackSettings() {
        ControlPlaneConfig config = ControlPlaneEnvironment.create().region("us-east-1")
                .tables(new TableNames("r", "v", "a", "b")).eventBus("b")
                .policy("default-duration = P1D\\nmax-duration = P2D\\nquorum = 1\\napprovers = U0APPROVE01")
                .config();

        assertThatThrownBy(() -> new SlackInteractionsHandler(config))
                .isInstanceOf(ControlPlaneConfig.ConfigException.class)
                .hasMessageContaining(EnvKey.SLACK_SIGNING_SECRET_ARN.name())
                .hasMessageContaining(EnvKey.SLACK_BOT_TOKEN_ARN.name())
                .hasMessageContaining(EnvKey.SLACK_CHANNEL_ID.name())
                .hasMessageContaining(EnvKey.RULE_GROUP_ARN.name());
    }

    @Test
    void theVersionLogIsNamedAfterTheRuleGroup() {
        assertThat(io.egressallowlist.shared.firewall.RuleGroupArn.parse(SlackFixture.RULE_GROUP_ARN).name()).isEqualTo("studio-egress");
    }
}
