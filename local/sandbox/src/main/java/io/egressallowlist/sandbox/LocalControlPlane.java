package io.egressallowlist.sandbox;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.emulators.slack.SlackUser;
import io.egressallowlist.emulators.slack.SlackWebApiDouble;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.functions.alertingest.AlertIngestHandler;
import io.egressallowlist.functions.firewallsync.FirewallSyncHandler;
import io.egressallowlist.functions.requestapi.RequestApiHandler;
import io.egressallowlist.functions.slackinteractions.SlackInteractionsHandler;
import io.egressallowlist.functions.stalecleanup.StaleCleanupHandler;
import io.egressallowlist.functions.studioguard.StudioGuardHandler;
import io.egressallowlist.shared.config.ControlPlane;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.config.ControlPlaneEnvironment;
import io.egressallowlist.shared.events.EventRoutes;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.testbed.LocalAws;
import io.egressallowlist.testbed.SampleScopes;
import io.egressallowlist.testbed.Testbed;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * The whole control plane on loopback: its surroundings (the {@link Testbed}: local AWS, a Slack stand-in),
 * the real handler classes of the six functions, an HTTP front that speaks like API Gateway, EventBridge
 * routing from the shared rule definitions, the schedules on short intervals, and the firewall's alert log
 * subscription feeding alert-ingest ({@link SandboxTraffic}).
 *
 * @param front        the HTTP front, speaking like API Gateway
 * @param frontThreads   the front's request threads, for the API, the Slack route and the page
 * @param sandboxThreads the threads of the sandbox's own routes ({@code /_sandbox}), which act as Slack or a workload
 *                       and so wait on a call back into the front: on threads of their own, however many of them
 *                       wait, the calls they wait on still find a front thread free
 * @param traffic      workload traffic through the firewall emulator, its alerts delivered to alert-ingest
 */
record LocalControlPlane(Testbed testbed, HttpServer front, ExecutorService frontThreads,
                         ExecutorService sandboxThreads, EventRouter router, SandboxTraffic traffic) implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String BUS = Testbed.BUS;
    static final String CHANNEL = Testbed.CHANNEL;
    static final String APPROVER_1 = Testbed.APPROVER_1;
    static final String APPROVER_2 = Testbed.APPROVER_2;
    static final String ALICE_SLACK = Testbed.ALICE_SLACK;
    /** What the API front uses when a call names no caller: Alice's Studio execution role session. */
    static final String ALICE_ARN = Testbed.ALICE_ARN;
    /** The end-to-end tests' policy; the sandbox itself runs {@code infra/approval-policy.txt} ({@link SandboxPolicy}). */
    static final String POLICY = """
            # The tests' policy: one approver suffices; the requester never counts.
            default-duration = P30D
            max-duration     = P90D
            quorum           = 1
            approvers        = U0APPROVER1, U0APPROVER2
            auto-approve     = .pypi.org, files.pythonhosted.org
            deny paste-sites = .pastebin.com, .hastebin.com ; Paste sites are an exfiltration channel
            """;

    /**
     * Ports, schedule intervals, the approval policy and configuration overrides. Port 0 picks a free port (tests).
     *
     * @param policy      the approval policy text every function gets ({@code POLICY}): the sandbox's command line
     *                    reads {@code infra/approval-policy.txt} ({@link SandboxPolicy}), the tests give theirs
     * @param environment changes to the environment every function gets ({@link Testbed#environment}), e.g. a
     *                    pending timeout of seconds, so that expiry can be seen without waiting days
     * @param scopes      allow-lists per team ({@link Testbed#startWithScopes}; {@code policy} is then every scope's,
     *                    each with its own approvers); otherwise the single list of a deployment without scopes
     */
    record Options(int frontPort, int awsPort, int dynamoPort, Map<String, Duration> schedules, String policy,
                   UnaryOperator<ControlPlaneEnvironment> environment, boolean scopes) {
        Options {
            schedules = Map.copyOf(schedules);
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(environment, "environment");
        }

        /** Reconcile every 10 s, guard 30 s, cleanup 60 s, any other schedule (the digests) 30 s; {@code policy}. */
        static Options defaults(String policy) {
            Map<String, Duration> intervals = everySchedule(Duration.ofSeconds(30));
            intervals.put(EventRoutes.RECONCILE.name(), Duration.ofSeconds(10));
            intervals.put(EventRoutes.CLEANUP.name(), Duration.ofSeconds(60));
            return new Options(SandboxOptions.DEFAULT_FRONT_PORT, SandboxOptions.DEFAULT_AWS_PORT,
                    SandboxOptions.DEFAULT_DYNAMODB_PORT, intervals, policy, UnaryOperator.identity(), false);
        }

        /**
         * Free ports, schedules so far apart that only explicit runs and events drive the functions, and the tests'
         * own policy ({@link #POLICY}).
         */
        static Options forTests() {
            return new Options(0, 0, 0, everySchedule(Duration.ofDays(1)), POLICY, UnaryOperator.identity(), false);
        }

        private static Map<String, Duration> everySchedule(Duration interval) {
            return EventRoutes.SCHEDULES.stream().collect(Collectors.toMap(EventRoutes.Schedule::name,
                    schedule -> interval, (a, b) -> a, java.util.LinkedHashMap::new));
        }

        Options withEnvironment(UnaryOperator<ControlPlaneEnvironment> changes) {
            return new Options(frontPort, awsPort, dynamoPort, schedules, policy, changes, scopes);
        }

        Options withPorts(int front, int aws, int dynamo) {
            return new Options(front, aws, dynamo, schedules, policy, environment, scopes);
        }

        Options withSchedule(EventRoutes.Schedule schedule, Duration interval) {
            Map<String, Duration> changed = new java.util.LinkedHashMap<>(schedules);
            changed.put(schedule.name(), interval);
            return new Options(frontPort, awsPort, dynamoPort, changed, policy, environment, scopes);
        }

        /** Allow-lists per team: {@code global}, {@code default}, {@code risk} and {@code research}. */
        Options withScopes() {
            return new Options(frontPort, awsPort, dynamoPort, schedules, policy, environment, true);
        }
    }

    static LocalControlPlane start(Options options) throws IOException {
        HttpServer front = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), options.frontPort()),
                128);
        Testbed testbed = null;
        try {
            URI frontUrl = URI.create("http://127.0.0.1:" + front.getAddress().getPort());
            String botToken = "xoxb-sandbox-" + randomHex(12);
            Testbed.Settings settings = new Testbed.Settings(options.awsPort(), options.dynamoPort(),
                    new NetworkFirewallEmulator(), randomHex(16), botToken, frontUrl.resolve("/slack/events"));
            testbed = options.scopes() ? Testbed.startWithScopes(settings) : Testbed.start(settings);
            // AWS generates one traffic analysis report per type every 30 days, so stale-cleanup there judges the
            // newest report, up to 30 days old. Here each cleanup run gets a fresh one of the traffic sent so far, so
            // that an entry left unused for --stale-after is found within minutes.
            testbed.aws().firewall().limitAnalysisReports(false);

            ControlPlaneConfig config = options.environment().apply(testbed.environment(options.policy())).config();
            RequestApiHandler requestApi = new RequestApiHandler(config);
            SlackInteractionsHandler slackInteractions = new SlackInteractionsHandler(config);
            FirewallSyncHandler firewallSync = new FirewallSyncHandler(
                    ControlPlane.of(FunctionNames.FIREWALL_SYNC, config));
            StaleCleanupHandler staleCleanup = new StaleCleanupHandler(
                    ControlPlane.of(FunctionNames.STALE_CLEANUP, config));
            StudioGuardHandler studioGuard = new StudioGuardHandler(
                    ControlPlane.of(FunctionNames.STUDIO_GUARD, config));
            AlertIngestHandler alertIngest = new AlertIngestHandler(ControlPlane.of(FunctionNames.ALERT_INGEST, config));

            EventRouter router = new EventRouter(Map.of(
                    FunctionNames.FIREWALL_SYNC, firewallSync::handleRequest,
                    FunctionNames.STALE_CLEANUP, staleCleanup::handleRequest,
                    FunctionNames.STUDIO_GUARD, studioGuard::handleRequest,
                    FunctionNames.ALERT_INGEST, alertIngest::handleRequest));
            router.subscribeRules(testbed.aws().eventBridge(), BUS);

            ExecutorService frontThreads = Executors.newFixedThreadPool(8, daemon("api-front"));
            ExecutorService sandboxThreads = Executors.newFixedThreadPool(8, daemon("sandbox-routes"));
            SandboxTraffic traffic = new SandboxTraffic(testbed, event -> deliverToAlertIngest(router, event));
            LocalControlPlane plane = new LocalControlPlane(testbed, front, frontThreads, sandboxThreads, router, traffic);
            plane.routes(requestApi, slackInteractions);
            front.setExecutor(frontThreads);
            front.start();
            // The first reconcile records the seeded rule group as version 1.
            router.invoke(FunctionNames.FIREWALL_SYNC, EventRouter.scheduledEvent(EventRoutes.RECONCILE));
            router.startSchedules(options.schedules());
            return plane;
        } catch (IOException | RuntimeException e) {
            closeQuietly(testbed, front);
            throw e;
        } catch (Exception e) {
            closeQuietly(testbed, front);
            throw new IllegalStateException("the sandbox could not start: " + e.getMessage(), e);
        }
    }

    /**
     * CloudWatch Logs invokes the subscribed function with each batch; the sandbox waits for the invocation, on the
     * function's own lane, so that a traffic request answers once its alerts are ingested.
     */
    private static Map<String, Object> deliverToAlertIngest(EventRouter router, String event) {
        try {
            return router.invoke(FunctionNames.ALERT_INGEST, (ObjectNode) JSON.readTree(event));
        } catch (Exception e) {
            throw new IllegalStateException("alert-ingest failed on a log subscription delivery: " + e.getMessage(), e);
        }
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
        // A click is delivered to the Slack route over HTTP, signed, and answers with what that route answered: it
        // must not hold a front thread while it waits, or enough clicks at once leave none for the Slack route.
        front.createContext("/_sandbox", exchange -> onSandboxThread(exchange, endpoints));
        front.createContext("/", endpoints::page);
    }

    /** Hands the exchange to a sandbox thread, freeing the front thread at once; a stopped sandbox answers 503. */
    private void onSandboxThread(HttpExchange exchange, SandboxEndpoints endpoints) throws IOException {
        try {
            sandboxThreads.execute(() -> {
                try {
                    endpoints.handle(exchange);
                } catch (IOException | RuntimeException e) {
                    exchange.close();
                    System.err.println("[sandbox] " + exchange.getRequestURI().getPath() + " failed: " + e);
                }
            });
        } catch (RejectedExecutionException stopping) {
            try (exchange) {
                ApiGatewayFront.reply(exchange, 503, Map.of("Content-Type", "text/plain"), "the sandbox is stopping");
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    URI frontUrl() {
        return URI.create("http://127.0.0.1:" + front.getAddress().getPort());
    }

    LocalAws aws() {
        return testbed.aws();
    }

    SlackWebApiDouble slack() {
        return testbed.slack();
    }

    /** Slack's users, clicking and typing commands that arrive at the Slack route signed. */
    SlackUser slackUser() {
        return testbed.slackUser();
    }

    String signingSecret() {
        return testbed.signingSecret();
    }

    String botToken() {
        return testbed.botToken();
    }

    List<Map<String, String>> users() {
        return testbed.people().stream()
                .map(person -> Map.of("id", person.slackId(), "name", person.name(), "role", person.role()))
                .toList();
    }

    void describe(PrintStream out) {
        testbed.aws().describe(out);
        out.println();
        out.println("The control plane is up:");
        out.println("  web page        " + frontUrl() + "/   (approvals channel, allow-list, versions)");
        out.println("  request API     " + frontUrl() + "/api   (you are " + ALICE_ARN + ";");
        out.println("                  set header " + ApiGatewayFront.CALLER_HEADER + " to be someone else)");
        out.println("  Slack route     " + frontUrl() + "/slack/events   (signature-verified)");
        out.println("  Slack stand-in  " + slack().baseUrl() + "   approvers " + APPROVER_1 + ", " + APPROVER_2);
        if (!aws().scopes().isEmpty()) {
            describeScopes(out);
        }
        out.println();
        out.println("Try the whole flow with the CLI (build it once: mvn -q -DskipTests -pl cli -am package):");
        out.println("  export EGRESS_API_URL=" + frontUrl() + "/api");
        out.println("  bin/egress request huggingface.co --reason \"model weights\"");
        out.println("  bin/egress list --status PENDING");
        out.println("  bin/egress approve <id> --as " + APPROVER_1);
        out.println("  bin/egress check huggingface.co          # allowed once the reconciler applied it");
        out.println("  bin/egress versions && bin/egress rollback 1 --reason \"undo\"");
        out.println("  bin/egress blocked                       # what the firewall refused your Studio apps");
        out.println("  curl -s -X POST " + frontUrl() + "/_sandbox/run/cleanup   # expiries, reminders, stale entries now");
    }

    /** The scopes, their people, and how to see a domain approved for one team and still blocked for the other. */
    private void describeScopes(PrintStream out) {
        out.println();
        out.println("Scopes (allow-lists per team; firewall policy in strict order, global first):");
        out.println("  global     the baseline for everyone; approvers " + String.join(", ", SampleScopes.PLATFORM_APPROVERS
                .stream().map(Testbed.Person::slackId).toList()));
        out.println("  default    " + SageMakerSamples.VPC_ONLY_DOMAIN_ID + " (Alice, Bob); approvers " + APPROVER_1 + ", "
                + APPROVER_2);
        for (SampleScopes.Team team : SampleScopes.TEAMS) {
            out.printf("  %-10s %s (%s at %s, %s); approvers %s%n", team.scope(), team.domainId(), team.user(),
                    team.appAddress(), team.cidrs(), String.join(", ", team.approverIds()));
        }
        out.println("  curl -s '" + frontUrl() + "/_sandbox/firewall/verdict?source=rita&host=pypi.org'   # PASS, DROP"
                + " or ALERT_PASS");
    }

    @Override
    public void close() {
        router.close();
        front.stop(0);
        frontThreads.shutdownNow();
        sandboxThreads.shutdownNow();
        testbed.close();
    }

    private static void closeQuietly(Testbed testbed, HttpServer front) {
        front.stop(0);
        if (testbed != null) {
            testbed.close();
        }
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
