package io.egressallowlist.sandbox;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.emulators.eventbridge.EventBridgeEmulator;
import io.egressallowlist.emulators.eventbridge.EventPattern;
import io.egressallowlist.emulators.eventbridge.Subscription;
import io.egressallowlist.shared.events.EventRoutes;
import io.egressallowlist.testbed.LocalAws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Delivers events and schedules to the functions the way EventBridge would, from the same rule
 * definitions the CDK stack deploys ({@link EventRoutes}): each rule's pattern subscribes on the
 * EventBridge emulator, and each schedule fires a {@code Scheduled Event} on its own (short) interval.
 * Every function runs its invocations one at a time here (on AWS they may run at once; {@code firewall-sync}
 * then writes one at a time through its writer lease).
 */
final class EventRouter implements AutoCloseable {

    /** An EventBridge-triggered function: the envelope as a map, a summary back. */
    interface EventFunction extends RequestHandler<Map<String, Object>, Map<String, Object>> {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, EventFunction> functions;
    private final Map<String, ExecutorService> lanes = new LinkedHashMap<>();
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("sandbox-schedules"));
    private volatile boolean closing;

    EventRouter(Map<String, EventFunction> functions) {
        this.functions = Map.copyOf(functions);
        functions.keySet().forEach(name -> lanes.put(name, Executors.newSingleThreadExecutor(daemon("fn-" + name))));
    }

    /** Subscribes every rule of {@link EventRoutes#RULES} on its bus. */
    void subscribeRules(EventBridgeEmulator eventBridge, String controlPlaneBus) {
        for (EventRoutes.Rule rule : EventRoutes.RULES) {
            String bus = rule.bus() == EventRoutes.Bus.CONTROL_PLANE ? controlPlaneBus : EventBridgeEmulator.DEFAULT_BUS;
            subscriptions.add(eventBridge.subscribe(bus, EventPattern.parse(rule.pattern()),
                    envelope -> invokeLater(rule.function(), envelope)));
        }
    }

    /** Starts every schedule of {@link EventRoutes#SCHEDULES}, each every {@code intervals.get(name)}. */
    void startSchedules(Map<String, java.time.Duration> intervals) {
        for (EventRoutes.Schedule schedule : EventRoutes.SCHEDULES) {
            long millis = intervals.getOrDefault(schedule.name(), schedule.every()).toMillis();
            timer.scheduleAtFixedRate(() -> invokeLater(schedule.function(), scheduledEvent(schedule)),
                    millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /** Invokes a function with an envelope on its own lane and waits for the result. */
    Map<String, Object> invoke(String function, ObjectNode envelope) throws Exception {
        return lanes.get(function).submit(() -> call(function, envelope)).get(60, TimeUnit.SECONDS);
    }

    private void invokeLater(String function, ObjectNode envelope) {
        ExecutorService lane = lanes.get(function);
        if (lane == null || lane.isShutdown()) {
            return;
        }
        lane.submit(() -> {
            try {
                call(function, envelope);
            } catch (RuntimeException e) {
                if (closing) {
                    return; // interrupted by close(): the sandbox is stopping, not failing
                }
                // Lambda would retry an async invocation; the schedules give the same effect here.
                System.err.println("[" + function + "] invocation failed: " + e);
            }
        });
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> call(String function, ObjectNode envelope) {
        Map<String, Object> event = JSON.convertValue(envelope, Map.class);
        return functions.get(function).handleRequest(event, new LocalLambdaContext(function));
    }

    static ObjectNode scheduledEvent(EventRoutes.Schedule schedule) {
        ObjectNode event = JSON.createObjectNode()
                .put("version", "0")
                .put("id", UUID.randomUUID().toString())
                .put("detail-type", "Scheduled Event")
                .put("source", "aws.events")
                .put("account", "123456789012")
                .put("time", Instant.now().toString().replaceAll("\\.\\d+Z$", "Z"))
                .put("region", LocalAws.REGION);
        event.putArray("resources").add("arn:aws:events:" + LocalAws.REGION + ":123456789012:rule/" + schedule.name());
        event.putObject("detail");
        return event;
    }

    @Override
    public void close() {
        closing = true;
        subscriptions.forEach(subscription -> {
            try {
                subscription.close();
            } catch (Exception ignored) {
                // closing a subscription cannot fail in a way that matters at shutdown
            }
        });
        timer.shutdownNow();
        lanes.values().forEach(ExecutorService::shutdownNow);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
