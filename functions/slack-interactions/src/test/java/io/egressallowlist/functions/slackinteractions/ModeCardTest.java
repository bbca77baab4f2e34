package io.egressallowlist.functions.slackinteractions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.slack.RecordedMessage;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.requests.Actor;
import io.egressallowlist.shared.requests.RequestService;
import io.egressallowlist.shared.requests.ScopeViews;
import io.egressallowlist.shared.requests.SubmitOutcome;
import io.egressallowlist.shared.slack.ActionIds;
import io.egressallowlist.shared.store.DynamoVersionLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static io.egressallowlist.functions.slackinteractions.SlackFixture.APPROVER_1;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.outcome;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.replyText;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request to switch a scope to enforce: its card (scope, the switch, what it would block, escaped) and its decision
 * by signed clicks, which only the scope's approvers may make.
 */
@ExtendWith(DynaliteExtension.class)
class ModeCardTest {

    private static final ScopeName RISK = ScopeName.of("risk");
    private static final String RISK_APPROVER = "U0RISK00001";

    private SlackFixture fixture;
    private RequestService service;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo, @TempDir Path dir) throws Exception {
        fixture = SlackFixture.withScopes(dynalite, dynamo, dir);
        service = new RequestService(fixture.requests, ScopeViews.of(fixture.config.scopes(), scope ->
                new DynamoVersionLog(dynamo, fixture.tables.versions(), fixture.config.scopes().get(scope)
                        .ruleGroupName())), fixture.audit, Duration.ofDays(7), fixture.clock, new Random(5));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    /** A switch of risk to enforce, its card posted as the request API posts it. */
    private AllowlistRequest switchRiskToEnforce(List<String> wouldBlock) {
        Requester rita = new Requester("arn:aws:sts::123456789012:assumed-role/Risk/rita", "U0RITA00001", "rita");
        SubmitOutcome outcome = service.requestModeChange(RISK, ScopeMode.ENFORCE, "learnt for two weeks", rita,
                Actor.api(rita.principal(), "10.1.0.5"), null);
        AllowlistRequest request = ((SubmitOutcome.Submitted) outcome).request();
        fixture.notifier.modeRequested(request, wouldBlock);
        return request;
    }

    private APIGatewayProxyResponseEvent click(String user, AllowlistRequest request, String action) {
        return fixture.send(fixture.slackUser.click(user, request.id().value(), action));
    }

    @Test
    void theCardNamesTheScopeTheSwitchAndHowManyDomainsItWouldBlockEscaped() {
        AllowlistRequest request = switchRiskToEnforce(List.of("<!channel>.example.org", "tracker.example.org"));

        RecordedMessage card = fixture.card(request);

        assertThat(card.allText()).contains("*Scope*\n`risk`", "`risk` to enforce", "Would block 2 domains",
                "`&lt;!channel&gt;.example.org`", "`tracker.example.org`").doesNotContain("<!channel>");
        assertThat(card.hasButton(ActionIds.APPROVE, request.id().value())).isTrue();
        assertThat(card.hasButton(ActionIds.DENY, request.id().value())).isTrue();
    }

    @Test
    void onlyTheScopesApproverApprovesTheSwitch() {
        AllowlistRequest request = switchRiskToEnforce(List.of());

        APIGatewayProxyResponseEvent other = click(APPROVER_1, request, ActionIds.APPROVE);
        fixture.clock.advance(Duration.ofSeconds(1));
        APIGatewayProxyResponseEvent own = click(RISK_APPROVER, request, ActionIds.APPROVE);

        assertThat(outcome(other)).isEqualTo("forbidden");
        assertThat(replyText(other)).contains("not an approver of scope risk");
        assertThat(outcome(own)).isEqualTo("done");
        assertThat(fixture.current(request).status()).isEqualTo(RequestStatus.APPROVED);
        assertThat(fixture.card(request).allText()).contains("*Scope*\n`risk`");
    }

    @Test
    void theScopesApproverDeniesTheSwitch() {
        AllowlistRequest request = switchRiskToEnforce(List.of("tracker.example.org"));

        APIGatewayProxyResponseEvent deny = click(RISK_APPROVER, request, ActionIds.DENY);

        assertThat(outcome(deny)).isEqualTo("done");
        assertThat(fixture.current(request).status()).isEqualTo(RequestStatus.DENIED);
    }
}
