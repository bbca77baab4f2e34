package io.egressallowlist.functions.slackinteractions;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.slack.SignedSlackRequest;
import io.egressallowlist.emulators.slack.SlackSigning;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.RequestRepository.Change;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.requests.Actor;
import io.egressallowlist.shared.requests.RequestService;
import io.egressallowlist.shared.requests.ScopeChoice;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import static io.egressallowlist.functions.slackinteractions.SlackFixture.APPROVER_1;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.outcome;
import static io.egressallowlist.functions.slackinteractions.SlackFixture.replyText;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Decisions from Slack in a deployment of two team scopes: risk (whose approver is {@code APPROVER_1}) and research
 * (its own approver). Signed clicks go through the handler, dynalite and the Slack stand-in: an approver of research
 * cannot decide risk's requests, however the click reaches the handler, and nothing changes when they try.
 */
@ExtendWith(DynaliteExtension.class)
class ScopedDecisionsTest {

    private static final String ARN = "arn:aws:network-firewall:us-east-1:123456789012:stateful-rulegroup/";
    private static final String RESEARCH_APPROVER = "U0RESAPP001";
    private static final ScopeName RISK = ScopeName.of("risk");
    private static final ScopeName RESEARCH = ScopeName.of("research");

    @TempDir
    Path dir;

    private DynamoDbClient dynamo;
    private SlackFixture fixture;
    private RequestService service;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo) throws Exception {
        this.dynamo = dynamo;
        Files.writeString(dir.resolve("risk.policy"), SlackFixture.POLICY.formatted(1), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("research.policy"), """
                default-duration = P30D
                max-duration     = P90D
                quorum           = 1
                approvers        = %s
                """.formatted(RESEARCH_APPROVER), StandardCharsets.UTF_8);
        Path scopes = Files.writeString(dir.resolve("scopes.txt"), """
                scope risk
                rule-group     = %1$sstudio-egress
                capacity       = 2000
                studio-domains = d-risk0000001
                policy         = risk.policy

                scope research
                rule-group     = %1$segress-research
                capacity       = 2000
                studio-domains = d-research001
                mode           = learn
                policy         = research.policy
                """.formatted(ARN), StandardCharsets.UTF_8);
        fixture = new SlackFixture(dynalite, dynamo, 1, Duration.ofSeconds(5), 0,
                env -> env.scopesFile(scopes.toString()));
        service = new RequestService(fixture.requests, ScopeViews.of(fixture.config.scopes(), scope ->
                new DynamoVersionLog(dynamo, fixture.tables.versions(), fixture.config.scopes().get(scope)
                        .ruleGroupName())), fixture.audit, Duration.ofDays(7), fixture.clock, new Random(3));
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private AllowlistRequest requestedIn(ScopeName scope, String domain) {
        Requester rita = new Requester("arn:aws:sts::123456789012:assumed-role/Risk/rita", "U0RITA00001", "rita");
        SubmitOutcome outcome = service.submit(domain, ScopeChoice.named(scope), "quarterly model", Optional.empty(),
                rita, Actor.api(rita.principal(), "10.1.0.5"), null);
        return ((SubmitOutcome.Submitted) outcome).request();
    }

    /** A signed click on a button of the request's card (posted by another function). */
    private APIGatewayProxyResponseEvent click(String user, String requestId, String action) {
        return fixture.send(fixture.slackUser.clickWithoutMessage(user, requestId, action));
    }

    private void assertUntouched(AllowlistRequest request) {
        AllowlistRequest now = fixture.current(request);
        assertThat(now.status()).isEqualTo(RequestStatus.PENDING);
        assertThat(now.approvals()).isEmpty();
        assertThat(now.intent()).isNull();
        assertThat(fixture.events()).isEmpty();
    }

    @Test
    void anApproverOfAnotherScopeClickingApproveOrDenyIsRefusedAndNothingChanges() {
        AllowlistRequest inRisk = requestedIn(RISK, "data.example.com");

        APIGatewayProxyResponseEvent approve = click(RESEARCH_APPROVER, inRisk.id().value(), ActionIds.APPROVE);
        fixture.clock.advance(Duration.ofSeconds(1));
        APIGatewayProxyResponseEvent deny = click(RESEARCH_APPROVER, inRisk.id().value(), ActionIds.DENY);

        assertThat(approve.getStatusCode()).isEqualTo(200);
        assertThat(replyText(approve)).contains("not an approver of scope risk");
        assertThat(replyText(deny)).contains("not an approver of scope risk");
        assertThat(outcome(approve)).isEqualTo("forbidden");
        assertThat(outcome(deny)).isEqualTo("forbidden");
        assertUntouched(inRisk);
        assertThat(fixture.auditActions(inRisk)).containsExactly("REQUEST_CREATED", "ACTION_REFUSED", "ACTION_REFUSED");
    }

    @Test
    void aClickForgedInTheNameOfTheRightApproverIsRefusedByItsSignature() {
        AllowlistRequest inRisk = requestedIn(RISK, "data.example.com");
        SignedSlackRequest own = fixture.slackUser.clickWithoutMessage(RESEARCH_APPROVER, inRisk.id().value(),
                ActionIds.APPROVE);
        // The research approver rewrites their own click to name risk's approver, and cannot sign it.
        SignedSlackRequest forged = own.withBody(own.body().replace(RESEARCH_APPROVER, APPROVER_1));
        String guessed = SlackSigning.sign("guessed-secret", forged.timestamp(), forged.body());

        assertThat(fixture.send(forged).getStatusCode()).isEqualTo(401);
        assertThat(fixture.send(forged.withSignature(guessed)).getStatusCode()).isEqualTo(401);
        assertUntouched(inRisk);
        assertThat(fixture.auditActions(inRisk)).containsExactly("REQUEST_CREATED");
    }

    @Test
    void aClickOfTheRightApproverReplayedByAnotherLaterIsRefused() {
        AllowlistRequest inRisk = requestedIn(RISK, "data.example.com");
        SignedSlackRequest captured = fixture.slackUser.clickWithoutMessage(APPROVER_1, inRisk.id().value(),
                ActionIds.DENY);
        fixture.clock.advance(Duration.ofMinutes(6));

        assertThat(fixture.send(captured).getStatusCode()).isEqualTo(401);
        assertUntouched(inRisk);
    }

    @Test
    void eachScopesApproverDecidesItsOwnScopesRequest() {
        AllowlistRequest inRisk = requestedIn(RISK, "data.example.com");
        AllowlistRequest inResearch = requestedIn(RESEARCH, "data.example.com");

        APIGatewayProxyResponseEvent risk = click(APPROVER_1, inRisk.id().value(), ActionIds.APPROVE);
        APIGatewayProxyResponseEvent research = click(RESEARCH_APPROVER, inResearch.id().value(),
                ActionIds.APPROVE);

        assertThat(outcome(risk)).isEqualTo("done");
        assertThat(outcome(research)).isEqualTo("done");
        assertThat(fixture.current(inRisk).intent()).isEqualTo(Intent.ADD);
        assertThat(fixture.current(inResearch).intent()).isEqualTo(Intent.ADD);
        assertThat(fixture.requests.withIntent(RISK)).extracting(AllowlistRequest::id).containsExactly(inRisk.id());
        assertThat(fixture.requests.withIntent(RESEARCH)).extracting(AllowlistRequest::id)
                .containsExactly(inResearch.id());
    }

    @Test
    void anApproverOfAnotherScopeCannotRevokeOrRenewAGrant() {
        AllowlistRequest inRisk = requestedIn(RISK, "data.example.com");
        Actor riskApprover = Actor.slack(new SlackUserId(APPROVER_1), Set.of());
        service.approve(inRisk.id(), riskApprover);
        fixture.requests.change(inRisk.id(), Change.from(RequestStatus.APPROVED).to(RequestStatus.ACTIVE,
                fixture.clock.instant()).clearIntent().expiresAt(fixture.clock.instant().plus(Duration.ofDays(30))));
        AllowlistRequest active = fixture.current(inRisk);

        APIGatewayProxyResponseEvent revoke = click(RESEARCH_APPROVER, active.id().value(), ActionIds.REVOKE);
        APIGatewayProxyResponseEvent renew = click(RESEARCH_APPROVER, active.id().value(), ActionIds.RENEW);

        assertThat(replyText(revoke)).contains("not an approver of scope risk");
        assertThat(replyText(renew)).contains("not an approver of scope risk");
        assertThat(fixture.current(active)).isEqualTo(active);
        assertThat(fixture.events()).isEmpty();
        APIGatewayProxyResponseEvent own = click(APPROVER_1, active.id().value(), ActionIds.REVOKE);
        assertThat(outcome(own)).as("risk's own approver may").isEqualTo("done");
        assertThat(fixture.current(active).status()).isEqualTo(RequestStatus.REVOKED);
    }
}
