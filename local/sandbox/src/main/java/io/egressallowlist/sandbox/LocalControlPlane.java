package io.egressallowlist.sandbox;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpServer;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.emulators.slack.SlackUser;
import io.egressallowlist.emulators.slack.SlackWebApiDouble;
import io.egressallowlist.functions.firewallsync.FirewallSyncHandler;
import io.egressallowlist.functions.requestapi.RequestApiHandler;
import io.egressallowlist.functions.slackinteractions.SlackInteractionsHandler;
import io.egressallowlist.functions.stalecleanup.StaleCleanupHandler;
import io.egressallowlist.functions.studioguard.StudioGuardHandler;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.events.EventRoutes;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.store.TableNames;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The whole control plane on loopback: local AWS (dynalite, emulators), a Slack stand-in, the real handler
 * classes of the five functions, an HTTP front that speaks like API Gateway, EventBridge routing from the
 * shared rule definitions, and the schedules on short intervals.
 */
final class LocalControlPlane implements AutoCloseable {

    static final String BUS = "egress-control-plane";
    static final String CHANNEL = "C0APPROVALS";
    static final String APPROVER_1 = "U0APPROVER1";
    static final String APPROVER_2 = "U0APPROVER2";
    static final String ALICE_SLACK = "U0ALICE0001";
    /** What the API front uses when a call names no caller: Alice's Studio execution role session. */
    static final String ALICE_ARN = "arn:aws:sts::" + SageMakerSamples.ACCOUNT_ID
            + ":assumed-role/AliceStudioExecutionRole/" + SageMakerSamples.DATA_SCIENTIST;
    static final String POLICY = """
            # Sandbox policy: one approver suffices; the requester never counts.
            default-duration = P30D
            max-duration     = P90D
            quorum           = 1
            approvers        = U0APPROVER1, U0APPROVER2
            auto-approve     = .pypi.org, files.pythonhosted.org
            deny paste-sites = .pastebin.com, .hastebin.com ; Paste sites are an exfiltration channel
            """;

    /**
     * Ports, schedule intervals and configuration overrides. Port 0 picks a free port (tests).
     *
     * @param environment variables that replace or add to those of {@link LocalControlPlane#environment}, e.g.
     *                    {@code PENDING_TIMEOUT=PT2S}, so that expiry can be seen without waiting days
     */
    record Options(int frontPort, int awsPort, int dynamoPort, Map<String, Duration> schedules,
                   Map<String, String> environment) {
        Options {
            schedules = Map.copyOf(schedules);
            environment = Map.copyOf(environment);
        }

        static Options defaults() {
            return new Options(8080, SandboxMain.DEFAULT_AWS_PORT, SandboxMain.DEFAULT_DYNAMODB_PORT, Map.of(
                    EventRoutes.RECONCILE.name(), Duration.ofSeconds(10),
                    EventRoutes.GUARD.name(), Duration.ofSeconds(30),
                    EventRoutes.CLEANUP.name(), Duration.ofSeconds(60)), Map.of());
        }

        /** Free ports and schedules so far apart that only explicit runs and events drive the functions. */
        static Options forTests() {
            Duration never = Duration.ofDays(1);
            return new Options(0, 0, 0, Map.of(EventRoutes.RECONCILE.name(), never, EventRoutes.GUARD.name(), never,
                    EventRoutes.CLEANUP.name(), never), Map.of());
        }

        Options withEnvironment(Map<String, String> overrides) {
            return new Options(frontPort, awsPort, dynamoPort, schedules, overrides);
        }
    }

    private final LocalAws aws;
    private final SlackWebApiDouble slack;
    private final SlackUser slackUser;
    private final HttpServer front;
    private final ExecutorService frontThreads;
    private final EventRouter router;
    private final String signingSecret;
    private final String botToken;

    private LocalControlPlane(LocalAws aws, SlackWebApiDouble slack, HttpServer front, ExecutorService frontThreads,
                              EventRouter router, String signingSecret, String botToken) {
        this.aws = aws;
        this.slack = slack;
        this.front = front;
        this.frontThreads = frontThreads;
        this.router = router;
        this.signingSecret = signingSecret;
        this.botToken = botToken;
        this.slackUser = SlackUser.in(slack, signingSecret, frontUrl().resolve("/slack/events"));
    }

    static LocalControlPlane start(Options options) throws IOException {
        LocalAws aws = LocalAws.full(options.awsPort(), options.dynamoPort());
        SlackWebApiDouble slack = null;
        HttpServer front = null;
        try {
            front = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.frontPort()), 128);
            String signingSecret = randomHex(16);
            String botToken = "xoxb-sandbox-" + randomHex(12);
            slack = SlackWebApiDouble.start(new SlackWebApiDouble.Settings(botToken, null, 0));
            slack.addUser(APPROVER_1, "priya.approver").addUser(APPROVER_2, "sam.approver")
                    .addUser(ALICE_SLACK, "alice.scientist");
            aws.eventBridge().createEventBus(BUS);

            Map<String, String> environment = environment(aws, slack, signingSecret, botToken);
            environment.putAll(options.environment());
            ControlPlaneConfig config = ControlPlaneConfig.from(environment);
            RequestApiHandler requestApi = new RequestApiHandler(config);
            SlackInteractionsHandler slackInteractions = new SlackInteractionsHandler(config);
            FirewallSyncHandler firewallSync = new FirewallSyncHandler(config);
            StaleCleanupHandler staleCleanup = new StaleCleanupHandler(config);
            StudioGuardHandler studioGuard = new StudioGuardHandler(config);

            EventRouter router = new EventRouter(Map.of(
                    FunctionNames.FIREWALL_SYNC, firewallSync::handleRequest,
                    FunctionNames.STALE_CLEANUP, staleCleanup::handleRequest,
                    FunctionNames.STUDIO_GUARD, studioGuard::handleRequest));
            router.subscribeRules(aws.eventBridge(), BUS);

            ExecutorService frontThreads = Executors.newFixedThreadPool(8, runnable -> {
                Thread thread = new Thread(runnable, "api-front");
                thread.setDaemon(true);
                return thread;
            });
            LocalControlPlane plane = new LocalControlPlane(aws, slack, front, frontThreads, router, signingSecret, botToken);
            plane.routes(requestApi, slackInteractions);
            front.setExecutor(frontThreads);
            front.start();
            // The first reconcile records the seeded rule group as version 1.
            router.invoke(FunctionNames.FIREWALL_SYNC, EventRouter.scheduledEvent(EventRoutes.RECONCILE));
            router.startSchedules(options.schedules());
            return plane;
        } catch (IOException | RuntimeException e) {
            closeQuietly(slack, front, aws);
            throw e;
        } catch (Exception e) {
            closeQuietly(slack, front, aws);
            throw new IllegalStateException("the sandbox could not start: " + e.getMessage(), e);
        }
    }

    /** The configuration every function gets: what the CDK stack sets in AWS, pointed at loopback. */
    static Map<String, String> environment(LocalAws aws, SlackWebApiDouble slack, String signingSecret, String botToken) {
        TableNames tables = TableNames.withPrefix(LocalAws.TABLE_PREFIX);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AWS_REGION", LocalAws.REGION);
        env.put("REQUESTS_TABLE", tables.requests());
        env.put("VERSIONS_TABLE", tables.versions());
        env.put("AUDIT_TABLE", tables.audit());
        env.put("EVENT_BUS_NAME", BUS);
        env.put("RULE_GROUP_ARN", aws.ruleGroupArn());
        env.put("FIREWALL_NAME", LocalAws.FIREWALL);
        env.put("POLICY", POLICY);
        env.put("DRIFT_MODE", "ENFORCE");
        env.put("STUDIO_DOMAIN_IDS", SageMakerSamples.VPC_ONLY_DOMAIN_ID + "," + SageMakerSamples.PUBLIC_DOMAIN_ID);
        env.put("PROTECTED_SUBNET_IDS", String.join(",", SageMakerSamples.VPC_ONLY_SUBNETS));
        env.put("SLACK_CHANNEL_ID", CHANNEL);
        env.put("SLACK_API_URL", slack.apiUrl().toString());
        env.put("SLACK_SIGNING_SECRET", signingSecret);
        env.put("SLACK_BOT_TOKEN", botToken);
        env.put("IDENTITY_LINKS", SageMakerSamples.DATA_SCIENTIST + "=" + ALICE_SLACK);
        env.put("ENDPOINT_DYNAMODB", aws.dynalite().endpoint().toString());
        env.put("ENDPOINT_AWS", aws.server().endpoint().toString());
        return env;
    }

    private void routes(RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> requestApi,
                        RequestHandler<APIGatewayProxyRequestEvent, APIGatewayProxyResponseEvent> slackInteractions) {
        front.createContext("/api", exchange -> {
            try (exchange) {
                ApiGatewayFront.forward(exchange, "/api", FunctionNames.REQUEST_API, ALICE_ARN, requestApi);
            }
        });
        front.createContext("/slack/events", exchange -> {
            try (exchange) {
                // The public Slack route has no IAM identity; the handler verifies Slack's signature itself.
                ApiGatewayFront.forward(exchange, "", FunctionNames.SLACK_INTERACTIONS, null, slackInteractions);
            }
        });
        SandboxEndpoints endpoints = new SandboxEndpoints(this);
        front.createContext("/_sandbox", endpoints::handle);
        front.createContext("/", endpoints::page);
    }

    URI frontUrl() {
        return URI.create("http://127.0.0.1:" + front.getAddress().getPort());
    }

    LocalAws aws() {
        return aws;
    }

    SlackWebApiDouble slack() {
        return slack;
    }

    /** Slack's users, clicking and typing commands that arrive at the Slack route signed. */
    SlackUser slackUser() {
        return slackUser;
    }

    EventRouter router() {
        return router;
    }

    String signingSecret() {
        return signingSecret;
    }

    String botToken() {
        return botToken;
    }

    static List<Map<String, String>> users() {
        return List.of(
                Map.of("id", APPROVER_1, "name", "priya.approver", "role", "approver"),
                Map.of("id", APPROVER_2, "name", "sam.approver", "role", "approver"),
                Map.of("id", ALICE_SLACK, "name", "alice.scientist", "role", "requester"));
    }

    void describe(PrintStream out) {
        aws.describe(out);
        out.println();
        out.println("The control plane is up:");
        out.println("  web page        " + frontUrl() + "/   (approvals channel, allow-list, versions)");
        out.println("  request API     " + frontUrl() + "/api   (you are " + ALICE_ARN + ";");
        out.println("                  set header " + ApiGatewayFront.CALLER_HEADER + " to be someone else)");
        out.println("  Slack route     " + frontUrl() + "/slack/events   (signature-verified)");
        out.println("  Slack stand-in  " + slack.baseUrl() + "   approvers " + APPROVER_1 + ", " + APPROVER_2);
        out.println();
        out.println("Try the whole flow with the CLI (build it once: mvn -q -DskipTests -pl cli -am package):");
        out.println("  bin/egress request huggingface.co --reason \"model weights\"");
        out.println("  bin/egress list --status PENDING");
        out.println("  bin/egress approve <id> --as " + APPROVER_1);
        out.println("  bin/egress check huggingface.co          # allowed once the reconciler applied it");
        out.println("  bin/egress versions && bin/egress rollback 1 --reason \"undo\"");
    }

    @Override
    public void close() {
        router.close();
        front.stop(0);
        frontThreads.shutdownNow();
        closeQuietly(slack, null, aws);
    }

    private static void closeQuietly(SlackWebApiDouble slack, HttpServer front, LocalAws aws) {
        if (front != null) {
            front.stop(0);
        }
        if (slack != null) {
            slack.close();
        }
        aws.close();
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
