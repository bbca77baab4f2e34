package io.egressallowlist.functions.slackinteractions;

import io.egressallowlist.shared.domain.VersionNumber;
import io.egressallowlist.shared.testing.LocalEnvironment;
import io.egressallowlist.emulators.junit.MutableClock;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.eventbridge.EventBridgeEmulator;
import io.egressallowlist.emulators.eventbridge.PublishedEvent;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.emulators.slack.RecordedMessage;
import io.egressallowlist.emulators.slack.SignedSlackRequest;
import io.egressallowlist.emulators.slack.SlackUser;
import io.egressallowlist.emulators.slack.SlackWebApiDouble;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.config.ControlPlaneEnvironment;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.RequestRepository.Change;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.requests.Actor;
import io.egressallowlist.shared.requests.RequestService;
import io.egressallowlist.shared.slack.SecretSource;
import io.egressallowlist.shared.slack.SlackClient;
import io.egressallowlist.shared.slack.SlackNotifier;
import io.egressallowlist.shared.store.DynamoAuditTrail;
import io.egressallowlist.shared.store.DynamoBlockedAttempts;
import io.egressallowlist.shared.store.DynamoMessageRefs;
import io.egressallowlist.shared.store.DynamoRequestStore;
import io.egressallowlist.shared.store.DynamoVersionLog;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.store.TableSchemas;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The handler wired as in the sandbox: its public {@link ControlPlaneConfig} constructor, pointing at
 * dynalite (fresh tables), an EventBridge emulator (synchronous) and a Slack stand-in that signs its
 * requests with the configured signing secret. The allow-list's last applied version is 1:
 * {@code .amazonaws.com, github.com}; version 2 adds {@code huggingface.co}.
 */
final class SlackFixture implements AutoCloseable {

    static final String BOT_TOKEN = "xoxb-fixture-bot-token";
    static final String SIGNING_SECRET = "fixture-signing-secret";
    static final String CHANNEL = "C0APPROVALS1";
    static final String BUS = "egress-allowlist";
    static final String RULE_GROUP_ARN = "arn:aws:network-firewall:us-east-1:123456789012:stateful-rulegroup/studio-egress";

    static final String ALICE = "U0ALICE0001";
    static final String BOB = "U0BOB000001";
    static final String APPROVER_1 = "U0APPROVE01";
    static final String APPROVER_2 = "U0APPROVE02";
    static final String GROUP_MEMBER = "U0GROUPIE01";
    static final String OUTSIDER = "U0OUTSIDE01";
    static final String APPROVER_GROUP = "S0SECURITY1";
    /** Alice's Studio user profile, linked to her Slack user ({@code IDENTITY_LINKS}). */
    static final String ALICE_PROFILE = "alice-data-scientist";

    static final String POLICY = """
            default-duration = P30D
            max-duration     = P90D
            quorum           = %d
            approvers        = U0APPROVE01, U0APPROVE02, U0ALICE0001
            approver-groups  = S0SECURITY1
            auto-approve     = .pypi.org
            deny paste-sites = .pastebin.com ; Paste sites are an exfiltration channel
            """;

    private static final ObjectMapper JSON = new ObjectMapper();

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    final SlackWebApiDouble slack;
    final SlackUser slackUser;
    final EventBridgeEmulator eventBridge = EventBridgeEmulator.synchronous();
    final AwsJsonServer aws;
    final DynamoRequestStore requests;
    final DynamoVersionLog versions;
    final DynamoAuditTrail audit;
    final DynamoBlockedAttempts blocked;
    final RequestService service;
    final SlackNotifier notifier;
    final SlackClient slackClient;
    final SlackInteractionsHandler handler;
    final TableNames tables;
    private final DynamoDbClient dynamo;
    final ControlPlaneConfig config;

    SlackFixture(Dynalite dynalite, DynamoDbClient dynamo, int quorum, Duration ackBudget) throws IOException {
        this(dynalite, dynamo, quorum, ackBudget, 0);
    }

    /** @param ruleGroupCapacity the rule group's capacity units for the functions; 0 for none configured */
    SlackFixture(Dynalite dynalite, DynamoDbClient dynamo, int quorum, Duration ackBudget, int ruleGroupCapacity)
            throws IOException {
        this(dynalite, dynamo, quorum, ackBudget, ruleGroupCapacity, env -> env);
    }

    /**
     * The scopes {@code research} (rule group {@link #RULE_GROUP_ARN}, so {@link #versions} is its log) and {@code risk}
     * (rule group {@code egress-risk}, learning; approvers U0RISK00001), declared in a scopes file in {@code dir}.
     */
    static SlackFixture withScopes(Dynalite dynalite, DynamoDbClient dynamo, java.nio.file.Path dir) throws IOException {
        java.nio.file.Files.writeString(dir.resolve("scopes.txt"), """
                scope research
                rule-group = %s
                policy     = research.policy

                scope risk
                rule-group = arn:aws:network-firewall:us-east-1:123456789012:stateful-rulegroup/egress-risk
                mode       = learn
                policy     = risk.policy
                """.formatted(RULE_GROUP_ARN));
        java.nio.file.Files.writeString(dir.resolve("research.policy"), POLICY.formatted(1));
        java.nio.file.Files.writeString(dir.resolve("risk.policy"), POLICY.formatted(1)
                .replace("U0APPROVE01, U0APPROVE02, U0ALICE0001", "U0RISK00001"));
        return new SlackFixture(dynalite, dynamo, 1, Duration.ofSeconds(5), 0,
                env -> env.scopesFile(dir.resolve("scopes.txt").toString()));
    }

    /** @param scoped changes to the functions' environment (scopes) */
    SlackFixture(Dynalite dynalite, DynamoDbClient dynamo, int quorum, Duration ackBudget, int ruleGroupCapacity,
                 java.util.function.UnaryOperator<ControlPlaneEnvironment> scoped) throws IOException {
        slack = SlackWebApiDouble.start(SlackWebApiDouble.Settings.of(BOT_TOKEN).withClock(clock));
        slackUser = SlackUser.in(slack, SIGNING_SECRET);
        slack.userGroup(APPROVER_GROUP, GROUP_MEMBER);
        aws = AwsJsonServer.start(0, eventBridge);
        eventBridge.createEventBus(BUS);
        TableNames tables = TableNames.withPrefix(DynaliteExtension.uniqueName("slack"));
        TableSchemas.createAll(dynamo, tables);
        requests = new DynamoRequestStore(dynamo, tables.requests(), clock);
        versions = new DynamoVersionLog(dynamo, tables.versions(), "studio-egress");
        this.tables = tables;
        this.dynamo = dynamo;
        audit = new DynamoAuditTrail(dynamo, tables.audit());
        blocked = new DynamoBlockedAttempts(dynamo, tables.blocked(), clock);
        versions.append(AllowlistVersion.create(1, null, List.of(".amazonaws.com", "github.com"),
                VersionCause.baseline(), "system", clock.instant()).markedApplied(clock.instant()));
        versions.append(AllowlistVersion.create(2, 1L, List.of(".amazonaws.com", "github.com", "huggingface.co"),
                VersionCause.baseline(), "system", clock.instant()).markedApplied(clock.instant()));

        ControlPlaneEnvironment env = LocalEnvironment.of(tables, BUS, dynalite.endpoint(), aws.endpoint())
                .ruleGroupArn(RULE_GROUP_ARN)
                .policy(POLICY.formatted(quorum))
                .slackChannel(CHANNEL)
                .slackApiUrl(slack.apiUrl())
                .slackSecrets(SIGNING_SECRET, BOT_TOKEN)
                .identityLinks(Map.of(ALICE_PROFILE, ALICE));
        config = scoped.apply(ruleGroupCapacity > 0 ? env.ruleGroupCapacity(ruleGroupCapacity) : env)
                .config();
        handler = new SlackInteractionsHandler(config, clock, ackBudget);

        service = new RequestService(requests, versions, audit, config.policy(), config.pendingTimeout(), clock,
                new Random(7));
        JsonLog quiet = JsonLog.of(SlackNotifier.class, new PrintStream(OutputStream.nullOutputStream()), clock);
        slackClient = new SlackClient(slack.apiUrl(), SecretSource.fixed(BOT_TOKEN), SlackClient.Settings.defaults(),
                d -> { }, quiet);
        notifier = new SlackNotifier(slackClient, new DynamoMessageRefs(dynamo, tables.requests(), clock), CHANNEL,
                quorum, quiet);
    }

    SlackFixture(Dynalite dynalite, DynamoDbClient dynamo) throws IOException {
        this(dynalite, dynamo, 1, Duration.ofSeconds(5));
    }

    /** The version log of the rule group named {@code ruleGroupName} (a scope's). */
    DynamoVersionLog log(String ruleGroupName) {
        return new DynamoVersionLog(dynamo, tables.versions(), ruleGroupName);
    }

    // ---- talking to the handler as API Gateway does -----------------------------------------------

    /** The proxy event API Gateway builds for Slack's POST: headers in both maps, the body as text. */
    static APIGatewayProxyRequestEvent event(SignedSlackRequest request) {
        Map<String, String> headers = new HashMap<>(request.headers());
        Map<String, List<String>> multi = new HashMap<>();
        headers.forEach((name, value) -> multi.put(name, List.of(value)));
        return new APIGatewayProxyRequestEvent()
                .withHttpMethod("POST")
                .withResource("/slack/events")
                .withPath("/slack/events")
                .withHeaders(headers)
                .withMultiValueHeaders(multi)
                .withBody(request.body())
                .withIsBase64Encoded(false)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext()
                        .withRequestId("req-" + System.nanoTime())
                        .withIdentity(new APIGatewayProxyRequestEvent.RequestIdentity().withSourceIp("3.4.5.6")));
    }

    APIGatewayProxyResponseEvent send(SignedSlackRequest request) {
        return handler.handleRequest(event(request), null);
    }

    APIGatewayProxyResponseEvent send(APIGatewayProxyRequestEvent event) {
        return handler.handleRequest(event, null);
    }

    /** The text of the handler's answer. */
    /** The answer's machine-readable outcome ({@code egress_outcome}): done, forbidden, conflict, not-found, … */
    static String outcome(APIGatewayProxyResponseEvent response) {
        try {
            return JSON.readTree(response.getBody()).path("egress_outcome").asText();
        } catch (IOException e) {
            throw new AssertionError("the answer is not JSON: " + response.getBody(), e);
        }
    }

    static String replyText(APIGatewayProxyResponseEvent response) {
        try {
            JsonNode body = JSON.readTree(response.getBody());
            return body.path("text").asText();
        } catch (IOException e) {
            throw new AssertionError("the answer is not JSON: " + response.getBody(), e);
        }
    }

    APIGatewayProxyResponseEvent command(String user, String text) {
        return send(slackUser.slashCommand(user, text));
    }

    APIGatewayProxyResponseEvent click(String user, String requestId, String action) {
        return send(slackUser.click(user, requestId, action));
    }

    // ---- state -------------------------------------------------------------------------------------

    /** Alice asks for a domain through the slash command; the card is posted to the channel. */
    AllowlistRequest requestedInSlack(String user, String domain) {
        APIGatewayProxyResponseEvent response = command(user, "request " + domain + " model weights for the churn model");
        if (response.getStatusCode() != 200) {
            throw new AssertionError(response.getBody());
        }
        return requests.listAll("slack:" + user, 10, null).items().stream()
                .filter(r -> domain.equals(r.target().value())).findFirst()
                .orElseThrow(() -> new AssertionError("not submitted: " + response.getBody()));
    }

    AllowlistRequest current(AllowlistRequest request) {
        return requests.find(request.id()).orElseThrow();
    }

    /** Moves an approved request to ACTIVE, as the reconciler does once the firewall carries it. */
    AllowlistRequest activated(AllowlistRequest request, Duration grant) {
        Actor approver = Actor.slack(new io.egressallowlist.shared.domain.SlackUserId(APPROVER_1), java.util.Set.of());
        service.approve(request.id(), approver);
        requests.change(request.id(), Change.from(RequestStatus.APPROVED).to(RequestStatus.ACTIVE, clock.instant())
                .clearIntent().version(new VersionNumber(3)).expiresAt(clock.instant().plus(grant)));
        return current(request);
    }

    List<PublishedEvent> events() {
        return eventBridge.published(BUS);
    }

    List<String> eventTypes() {
        return events().stream().map(PublishedEvent::detailType).toList();
    }

    List<String> auditActions(AllowlistRequest request) {
        return audit.forRequest(request.id()).stream().map(AuditEvent::action).toList();
    }

    RecordedMessage card(AllowlistRequest request) {
        return slack.messagesIn(CHANNEL).stream().filter(m -> m.allText().contains(request.id().value())).findFirst()
                .orElseThrow(() -> new AssertionError("no card for " + request.id()));
    }

    List<RecordedMessage> ephemeralFor(String user) {
        return slack.ephemeralMessagesFor(user);
    }

    @Override
    public void close() {
        slack.close();
        aws.close();
        eventBridge.close();
    }
}
