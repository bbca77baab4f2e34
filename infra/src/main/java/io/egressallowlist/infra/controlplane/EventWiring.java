package io.egressallowlist.infra.controlplane;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.egressallowlist.shared.events.EventRoutes;
import io.egressallowlist.shared.events.EventTypes;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.events.EventBus;
import software.amazon.awscdk.services.events.EventPattern;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.constructs.Construct;

/**
 * The control plane's event bus and everything that routes events to functions, built from
 * {@link EventRoutes} (the same routes the local sandbox subscribes), plus the signal rules the
 * alarms count. Every target invokes a function's alias and has a dead-letter queue for events
 * EventBridge could not deliver.
 */
public final class EventWiring extends Construct {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PATTERN_KEYS = Set.of("source", "detail-type", "detail");

    /** Events that must page someone, by the alarm they feed. */
    public static final Map<String, String> SIGNALS = signals();

    private static Map<String, String> signals() {
        Map<String, String> signals = new LinkedHashMap<>();
        signals.put("DriftDetected", EventTypes.DRIFT_DETECTED);
        signals.put("StudioDomainNoncompliant", EventTypes.STUDIO_DOMAIN_NONCOMPLIANT);
        signals.put("NetworkPostureNoncompliant", EventTypes.NETWORK_POSTURE_NONCOMPLIANT);
        signals.put("ReconcileFailed", EventTypes.RECONCILE_FAILED);
        return Collections.unmodifiableMap(signals);
    }

    private final EventBus bus;
    private final Map<String, Rule> signalRules = new LinkedHashMap<>();

    public EventWiring(Construct scope, String id, String busName, Map<String, ControlPlaneFunction> functions) {
        super(scope, id);
        bus = EventBus.Builder.create(this, "Bus")
                .eventBusName(busName)
                .description("Egress allow-list control plane events (source " + EventTypes.SOURCE + ")")
                .build();

        for (EventRoutes.Rule route : EventRoutes.RULES) {
            Rule.Builder rule = Rule.Builder.create(this, constructId(route.name()))
                    .description("Routes " + route.name() + " to " + route.function())
                    .eventPattern(pattern(route.pattern()));
            if (route.bus() == EventRoutes.Bus.CONTROL_PLANE) {
                rule.eventBus(bus);
            }
            rule.targets(List.of(target(functions.get(route.function())))).build();
        }
        // Scheduled rules exist on the default bus only.
        for (EventRoutes.Schedule schedule : EventRoutes.SCHEDULES) {
            Rule.Builder.create(this, constructId(schedule.name()))
                    .description("Invokes " + schedule.function() + " " + schedule.expression())
                    .schedule(Schedule.expression(schedule.expression()))
                    .targets(List.of(target(functions.get(schedule.function()))))
                    .build();
        }
        // No targets: these rules exist to be counted (MatchedEvents) by the alarms.
        SIGNALS.forEach((name, detailType) -> signalRules.put(name, Rule.Builder.create(this, name + "Signal")
                .description("Counts '" + detailType + "' events for the " + name + " alarm")
                .eventBus(bus)
                .eventPattern(EventPattern.builder()
                        .source(List.of(EventTypes.SOURCE))
                        .detailType(List.of(detailType))
                        .build())
                .build()));
    }

    private static LambdaFunction target(ControlPlaneFunction function) {
        if (function == null || function.deadLetterQueue() == null) {
            throw new IllegalStateException("An event target must be an asynchronous function with a dead-letter queue.");
        }
        return new LambdaFunction(function.alias(), LambdaFunctionProps.builder()
                .deadLetterQueue(function.deadLetterQueue())
                .retryAttempts(8)
                .maxEventAge(Duration.hours(2))
                .build());
    }

    /** An {@link EventRoutes} pattern as CDK's {@link EventPattern}; refuses fields it would silently drop. */
    static EventPattern pattern(String json) {
        Map<String, Object> fields;
        try {
            fields = JSON.readValue(json, new TypeReference<>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event pattern is not JSON: " + json, e);
        }
        if (!PATTERN_KEYS.containsAll(fields.keySet())) {
            throw new IllegalArgumentException("Event pattern uses fields beyond " + PATTERN_KEYS + ": " + json);
        }
        EventPattern.Builder pattern = EventPattern.builder();
        if (fields.containsKey("source")) {
            pattern.source(strings(fields.get("source")));
        }
        if (fields.containsKey("detail-type")) {
            pattern.detailType(strings(fields.get("detail-type")));
        }
        if (fields.containsKey("detail")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> detail = (Map<String, Object>) fields.get("detail");
            pattern.detail(detail);
        }
        return pattern.build();
    }

    private static List<String> strings(Object value) {
        return ((List<?>) value).stream().map(Object::toString).toList();
    }

    static String constructId(String routeName) {
        StringBuilder id = new StringBuilder();
        for (String part : routeName.split("-")) {
            id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return id + "Rule";
    }

    public EventBus bus() {
        return bus;
    }

    public Map<String, Rule> signalRules() {
        return Collections.unmodifiableMap(signalRules);
    }
}
