package io.egressallowlist.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.emulators.eventbridge.EventPattern;
import io.egressallowlist.emulators.eventbridge.Subscription;
import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.emulators.slack.SignedSlackRequest;
import io.egressallowlist.functions.firewallsync.FirewallSyncHandler;
import io.egressallowlist.functions.requestapi.RequestApiHandler;
import io.egressallowlist.functions.slackinteractions.SlackInteractionsHandler;
import io.egressallowlist.shared.config.ControlPlane;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.events.EventRoutes;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.firewall.RuleGroupArn;
import io.egressallowlist.shared.slack.ActionIds;
import io.egressallowlist.shared.store.DynamoVersionLog;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code coalescing}: 200 pending requests approved within about a second by signed Slack clicks through the
 * slack-interactions handler, concurrently; each approval publishes Request Approved on the EventBridge
 * emulator, whose rule ({@link EventRoutes#RULES}, as deployed) invokes firewall-sync — one invocation at a time,
 * as reserved concurrency 1 does. Measured until every target is in the emulator's rule group: the number of
 * {@code UpdateRuleGroup} calls (emulator call log), the time, and a check of every target in the rule group and
 * in the newest applied version.
 */
final class Coalescing {

    static final String NAME = "coalescing";
    static final int TARGET_UPDATE_CALLS = 10;

    private static final ObjectMapper JSON = new ObjectMapper();

    private Coalescing() {
    }

    static void run(Options options, int approvals, int clickThreads) throws Exception {
        PrintStream figures = System.out;
        System.setOut(System.err); // the handlers log JSON lines to standard output
        try (BenchPlane plane = BenchPlane.start(null)) {
            measure(plane, approvals, clickThreads, figures);
        } finally {
            System.setOut(figures);
        }
    }

    private static void measure(BenchPlane plane, int approvals, int clickThreads, PrintStream out) throws Exception {
        Map<String, Object> machine = Machine.describe();
        ControlPlaneConfig config = ControlPlaneConfig.from(plane.environment());
        RequestApiHandler requestApi = new RequestApiHandler(config);
        SlackInteractionsHandler slack = new SlackInteractionsHandler(config);
        FirewallSyncHandler firewallSync = new FirewallSyncHandler(
                ControlPlane.of(FunctionNames.FIREWALL_SYNC, config));
        firewallSync.handleRequest(ColdStart.scheduledEvent(), null); // version 1: the seeded rule group

        ExecutorService oneInvocationAtATime = Executors.newSingleThreadExecutor();
        AtomicInteger invocations = new AtomicInteger();
        List<Subscription> subscriptions = new ArrayList<>();
        for (EventRoutes.Rule rule : EventRoutes.RULES) {
            if (rule.function().equals(FunctionNames.FIREWALL_SYNC) && rule.bus() == EventRoutes.Bus.CONTROL_PLANE) {
                subscriptions.add(plane.eventBridge.subscribe(BenchPlane.BUS, EventPattern.parse(rule.pattern()),
                        envelope -> oneInvocationAtATime.submit(() -> {
                            invocations.incrementAndGet();
                            @SuppressWarnings("unchecked")
                            Map<String, Object> event = JSON.convertValue(envelope, Map.class);
                            return firewallSync.handleRequest(event, null);
                        })));
            }
        }

        System.err.printf("submitting %d requests…%n", approvals);
        List<String> ids = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < approvals; i++) {
            String target = "coalesce-" + i + ".example.org";
            ids.add(submit(requestApi, target));
            targets.add(target);
        }
        List<SignedSlackRequest> clicks = new ArrayList<>();
        for (String id : ids) {
            clicks.add(plane.slackUser.click(BenchPlane.APPROVER, id, ActionIds.APPROVE));
        }
        plane.server.calls().clear();

        System.err.printf("approving %d requests on %d threads…%n", approvals, clickThreads);
        ExecutorService clickers = Executors.newFixedThreadPool(clickThreads);
        long started = System.nanoTime();
        List<Future<Long>> answered = new ArrayList<>();
        for (SignedSlackRequest click : clicks) {
            answered.add(clickers.submit(() -> {
                APIGatewayProxyResponseEvent response = slack.handleRequest(slackEvent(click), null);
                if (response.getStatusCode() != 200 || response.getBody().contains(":x:")) {
                    throw new IllegalStateException("approval failed: " + response.getBody());
                }
                return System.nanoTime();
            }));
        }
        long lastAnswer = 0;
        for (Future<Long> future : answered) {
            lastAnswer = Math.max(lastAnswer, future.get(120, TimeUnit.SECONDS));
        }
        clickers.shutdown();
        double approvalWindowMs = (lastAnswer - started) / 1e6;

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (!plane.liveTargets().containsAll(targets)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not every target reached the rule group within 300 s");
            }
            Thread.sleep(10);
        }
        double appliedMs = (System.nanoTime() - started) / 1e6;
        // Let the invocations still queued finish, so the call count is final.
        oneInvocationAtATime.shutdown();
        oneInvocationAtATime.awaitTermination(300, TimeUnit.SECONDS);
        subscriptions.forEach(subscription -> {
            try {
                subscription.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        long updates = plane.server.calls().countSucceeded(NetworkFirewallEmulator.TARGET_PREFIX, "UpdateRuleGroup");
        long describes = plane.server.calls().countSucceeded(NetworkFirewallEmulator.TARGET_PREFIX, "DescribeRuleGroup");
        AllowlistVersion applied;
        try (DynamoDbClient dynamo = plane.dynalite.newClient()) {
            DynamoVersionLog log = new DynamoVersionLog(dynamo, plane.tables.versions(),
                    RuleGroupArn.parse(config.ruleGroupArn()).name());
            applied = log.lastApplied().orElseThrow();
        }
        List<String> live = plane.liveTargets();
        long missingLive = targets.stream().filter(target -> !live.contains(target)).count();
        long missingVersion = targets.stream().filter(target -> !applied.contains(target)).count();
        boolean sameAsLive = applied.hasSameTargetsAs(live);

        out.printf("coalescing: %d approvals by signed Slack clicks through slack-interactions (%d concurrent clickers),"
                + " Request Approved → firewall-sync one invocation at a time (as the writer lease serialises them)%n%n", approvals, clickThreads);
        List<Figure> figures = List.of(
                new Figure("approvals answered (first click sent → last answer)", "approvalWindowMs",
                        String.format("%,.0f ms", approvalWindowMs), Math.round(approvalWindowMs)),
                new Figure("all targets in the rule group (first click → last target live)", "allAppliedMs",
                        String.format("%,.0f ms", appliedMs), Math.round(appliedMs)),
                Figure.of("UpdateRuleGroup calls", "updateRuleGroupCalls", updates),
                Figure.of("DescribeRuleGroup calls", "describeRuleGroupCalls", describes),
                Figure.of("firewall-sync invocations (one per Request Approved event)", "firewallSyncInvocations",
                        invocations.get()),
                Figure.of("newest applied version", "appliedVersion", applied.number()),
                Figure.of("targets missing from the rule group", "missingFromRuleGroup", missingLive),
                Figure.of("targets missing from the applied version", "missingFromVersion", missingVersion),
                Figure.of("applied version equals the live rule group", "versionEqualsLive", sameAsLive));
        Table table = new Table("figure", "value").labelColumns(1);
        figures.forEach(figure -> table.row(figure.label(), figure.shown()));
        out.println(table.render());
        Table targetsTable = new Table("target", "measured", "met").labelColumns(1);
        targetsTable.row("UpdateRuleGroup calls ≤ " + TARGET_UPDATE_CALLS, updates, updates <= TARGET_UPDATE_CALLS ? "met" : "NOT met");
        targetsTable.row("all " + approvals + " in rule group and version log", missingLive + missingVersion == 0 ? "all present" : "missing",
                missingLive + missingVersion == 0 && sameAsLive ? "met" : "NOT met");
        out.println(targetsTable.render());

        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", NAME);
        record.put("at", java.time.Instant.now().toString());
        record.put("machine", machine);
        record.put("approvals", approvals);
        record.put("clickThreads", clickThreads);
        figures.forEach(figure -> record.put(figure.key(), figure.value()));
        out.println(JsonLine.of(record));
    }

    /** One result, shown in the table under {@code label} and written to the JSON line under {@code key}. */
    private record Figure(String label, String key, Object shown, Object value) {
        static Figure of(String label, String key, Object value) {
            return new Figure(label, key, value, value);
        }
    }

    static String submit(RequestApiHandler requestApi, String domain) throws Exception {
        APIGatewayProxyRequestEvent event = BenchPlane.submissionByAlice(domain, "bench");
        APIGatewayProxyResponseEvent response = requestApi.handleRequest(event, null);
        if (response.getStatusCode() != 201) {
            throw new IllegalStateException("submitting " + domain + " failed: " + response.getBody());
        }
        return JSON.readTree(response.getBody()).path("request").path("id").asText();
    }

    static APIGatewayProxyRequestEvent slackEvent(SignedSlackRequest click) {
        return new APIGatewayProxyRequestEvent().withHttpMethod("POST").withPath("/slack/events")
                .withResource("/slack/events").withHeaders(click.headers()).withBody(click.body())
                .withIsBase64Encoded(false)
                .withRequestContext(new APIGatewayProxyRequestEvent.ProxyRequestContext().withRequestId("bench"));
    }
}
