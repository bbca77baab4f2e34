package io.egressallowlist.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyRequestEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.emulators.eventbridge.EventPattern;
import io.egressallowlist.emulators.eventbridge.Subscription;
import io.egressallowlist.emulators.slack.SignedSlackRequest;
import io.egressallowlist.functions.firewallsync.FirewallSyncHandler;
import io.egressallowlist.functions.requestapi.RequestApiHandler;
import io.egressallowlist.functions.slackinteractions.SlackInteractionsHandler;
import io.egressallowlist.shared.config.ControlPlane;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.events.EventRoutes;
import io.egressallowlist.shared.events.EventTypes;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.slack.ActionIds;
import io.egressallowlist.shared.store.DynamoVersionLog;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The functions of one {@link BenchScopes} deployment in this JVM, built from its environment as Lambda builds them:
 * request-api (Alice submits), slack-interactions (an approver's signed click) and firewall-sync, which the
 * deployment's EventBridge rules invoke on as many threads as it has scopes (its reserved concurrency) once
 * {@link #routeEvents} is called.
 */
final class ScopedDeployment implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final BenchScopes scopes;
    final boolean scoped;
    final ControlPlaneConfig config;
    final RequestApiHandler requestApi;
    final SlackInteractionsHandler slack;
    final FirewallSyncHandler firewallSync;
    private final BenchPlane plane;
    private final DynamoDbClient dynamo;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    private ExecutorService invocations;

    ScopedDeployment(BenchPlane plane, BenchScopes scopes, boolean scoped) {
        this.plane = plane;
        this.scopes = scopes;
        this.scoped = scoped;
        this.config = scopes.environment(plane.testbed().environment(BenchPlane.POLICY), scoped).config();
        this.requestApi = new RequestApiHandler(config);
        this.slack = new SlackInteractionsHandler(config);
        this.firewallSync = new FirewallSyncHandler(ControlPlane.of(FunctionNames.FIREWALL_SYNC, config));
        this.dynamo = plane.dynalite.newClient();
    }

    /** Firewall-sync on the schedule: every scope (version 1 of each the first time: its seeded rule group). */
    Map<String, Object> reconcileAll() {
        return firewallSync.handleRequest(ColdStart.scheduledEvent(), null);
    }

    /** Firewall-sync on a Request Approved event of {@code scope} (none named for a single list's). */
    Map<String, Object> reconcileOne(ScopeName scope) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("source", EventTypes.SOURCE);
        event.put("detail-type", EventTypes.REQUEST_APPROVED);
        event.put("detail", scoped ? Map.of("scope", scope.value()) : Map.of());
        return firewallSync.handleRequest(event, null);
    }

    /** From now on, the bus's events reach firewall-sync as the deployed rules route them, on one thread per scope. */
    void routeEvents() {
        invocations = Executors.newFixedThreadPool(scopes.arns().size());
        for (EventRoutes.Rule rule : EventRoutes.RULES) {
            if (rule.function().equals(FunctionNames.FIREWALL_SYNC) && rule.bus() == EventRoutes.Bus.CONTROL_PLANE) {
                subscriptions.add(plane.eventBridge.subscribe(BenchPlane.BUS, EventPattern.parse(rule.pattern()),
                        envelope -> {
                            pending.incrementAndGet();
                            invocations.submit(() -> {
                                try {
                                    @SuppressWarnings("unchecked")
                                    Map<String, Object> event = JSON.convertValue(envelope, Map.class);
                                    return firewallSync.handleRequest(event, null);
                                } finally {
                                    pending.decrementAndGet();
                                }
                            });
                        }));
            }
        }
    }

    /** Waits until no routed invocation is queued or running (every delivered event handled). */
    void awaitIdle() throws InterruptedException {
        plane.eventBridge.awaitDelivery(java.time.Duration.ofSeconds(60));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (pending.get() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("firewall-sync invocations still running after 300 s");
            }
            Thread.sleep(5);
        }
    }

    /** Stops routing events, once the invocations already routed have finished. */
    void stopRouting() throws Exception {
        for (Subscription subscription : subscriptions) {
            subscription.close();
        }
        subscriptions.clear();
        if (invocations != null) {
            invocations.shutdown();
            invocations.awaitTermination(300, TimeUnit.SECONDS);
            invocations = null;
        }
    }

    /** Alice asks for {@code domain} in {@code scope} (a single list's request names none); the request's id. */
    String submit(ScopeName scope, String domain) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("domain", domain).put("justification", "scopes benchmark");
        if (scoped) {
            body.put("scope", scope.value());
        }
        APIGatewayProxyRequestEvent event = BenchPlane.submissionByAlice(domain, "scopes benchmark")
                .withBody(body.toString());
        APIGatewayProxyResponseEvent response = requestApi.handleRequest(event, null);
        if (response.getStatusCode() != 201) {
            throw new IllegalStateException("submitting " + domain + " in " + scope + " failed: " + response.getBody());
        }
        return JSON.readTree(response.getBody()).path("request").path("id").asText();
    }

    /** The approver's signed Approve click on request {@code id}, made ready to send. */
    SignedSlackRequest approval(String id) {
        return plane.slackUser.click(BenchPlane.APPROVER, id, ActionIds.APPROVE);
    }

    /** Sends the clicks at once, one thread each; the time the last answer came. */
    long approveAtOnce(List<SignedSlackRequest> clicks) throws Exception {
        ExecutorService clickers = Executors.newFixedThreadPool(clicks.size());
        try {
            List<Future<Long>> answered = new ArrayList<>();
            for (SignedSlackRequest click : clicks) {
                answered.add(clickers.submit(() -> {
                    APIGatewayProxyResponseEvent response = slack.handleRequest(Coalescing.slackEvent(click), null);
                    if (response.getStatusCode() != 200 || response.getBody().contains(":x:")) {
                        throw new IllegalStateException("approval failed: " + response.getBody());
                    }
                    return System.nanoTime();
                }));
            }
            long last = 0;
            for (Future<Long> future : answered) {
                last = Math.max(last, future.get(120, TimeUnit.SECONDS));
            }
            return last;
        } finally {
            clickers.shutdown();
        }
    }

    /** The live targets of {@code scope}'s rule group in the emulator. */
    List<String> live(ScopeName scope) {
        return plane.testbed().aws().firewall().targets(scopes.ruleGroups().get(scope));
    }

    /** The newest applied version of {@code scope}'s log. */
    Optional<AllowlistVersion> lastApplied(ScopeName scope) {
        return new DynamoVersionLog(dynamo, plane.tables.versions(), scopes.ruleGroups().get(scope)).lastApplied();
    }

    @Override
    public void close() throws Exception {
        stopRouting();
        dynamo.close();
        scopes.deleteFiles();
    }
}
