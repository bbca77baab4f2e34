package io.egressallowlist.shared.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which events and schedules invoke which function — the single source of truth for both the CDK
 * stack (EventBridge rules on AWS) and the local sandbox (the EventBridge emulator's subscriptions), so
 * the two cannot diverge.
 */
public final class EventRoutes {

    /** Which bus a rule listens on. CloudTrail "AWS API Call" events arrive on the default bus only. */
    public enum Bus { CONTROL_PLANE, DEFAULT }

    /**
     * An event rule.
     *
     * @param name     logical rule name (also the CDK construct id)
     * @param bus      where it listens
     * @param pattern  the EventBridge event pattern, as JSON
     * @param function the function it invokes ({@link FunctionNames})
     */
    public record Rule(String name, Bus bus, String pattern, String function) { }

    /**
     * A periodic invocation. On AWS it is a scheduled rule ({@code rate(...)}); the sandbox uses a
     * shorter interval of its own.
     */
    public record Schedule(String name, Duration every, String function) {
        /** The EventBridge schedule expression, e.g. {@code rate(5 minutes)}. */
        public String expression() {
            long minutes = every.toMinutes();
            if (minutes % (24 * 60) == 0) {
                long days = minutes / (24 * 60);
                return "rate(" + days + (days == 1 ? " day)" : " days)");
            }
            if (minutes % 60 == 0) {
                long hours = minutes / 60;
                return "rate(" + hours + (hours == 1 ? " hour)" : " hours)");
            }
            return "rate(" + minutes + (minutes == 1 ? " minute)" : " minutes)");
        }
    }

    /** Changes that the reconciler must turn into a version. */
    /** The detail types that change what the allow-list should hold; firewall-sync reconciles on each. */
    public static final List<String> ALLOWLIST_CHANGE_TYPES = List.of(EventTypes.REQUEST_APPROVED,
            EventTypes.ROLLBACK_APPROVED, EventTypes.GRANT_EXPIRED, EventTypes.REQUEST_WITHDRAWN,
            EventTypes.REQUEST_REVOKED);

    public static final Rule ALLOWLIST_CHANGES = new Rule("allowlist-changes", Bus.CONTROL_PLANE, """
            {"source":["%s"],"detail-type":[%s]}""".formatted(EventTypes.SOURCE, ALLOWLIST_CHANGE_TYPES.stream()
            .map(type -> '"' + type + '"').collect(Collectors.joining(","))),
            FunctionNames.FIREWALL_SYNC);

    /**
     * SageMaker domain changes, seen through CloudTrail (SageMaker emits no domain state events;
     * aws-api-notes §2). Needs a trail with management events in the account.
     */
    public static final Rule STUDIO_DOMAIN_CHANGES = new Rule("studio-domain-changes", Bus.DEFAULT, """
            {"source":["aws.sagemaker"],"detail-type":["AWS API Call via CloudTrail"],\
            "detail":{"eventSource":["sagemaker.amazonaws.com"],"eventName":["CreateDomain","UpdateDomain"]}}""",
            FunctionNames.STUDIO_GUARD);

    public static final List<Rule> RULES = List.of(ALLOWLIST_CHANGES, STUDIO_DOMAIN_CHANGES);

    public static final Schedule RECONCILE = new Schedule("reconcile", Duration.ofMinutes(5), FunctionNames.FIREWALL_SYNC);
    public static final Schedule CLEANUP = new Schedule("cleanup", Duration.ofDays(1), FunctionNames.STALE_CLEANUP);
    public static final Schedule GUARD = new Schedule("guard", Duration.ofHours(1), FunctionNames.STUDIO_GUARD);

    /**
     * Sends the digests of blocked attempts that are due (each person at most once per {@code DIGEST_INTERVAL});
     * the attempts themselves arrive through the alert log's subscription, not through EventBridge.
     */
    public static final Schedule DIGEST = new Schedule("digest", Duration.ofMinutes(5), FunctionNames.ALERT_INGEST);

    public static final List<Schedule> SCHEDULES = List.of(RECONCILE, CLEANUP, GUARD, DIGEST);

    private EventRoutes() {
    }

    private static final Set<String> SCHEDULE_SOURCES = Set.of("aws.events", "aws.scheduler");

    /**
     * True for what a schedule delivers to a function (an EventBridge schedule rule or EventBridge Scheduler):
     * source {@code aws.events} or {@code aws.scheduler} and detail type {@code Scheduled Event}.
     */
    public static boolean isScheduled(Map<String, Object> event) {
        String source = text(event, "source");
        return source != null && SCHEDULE_SOURCES.contains(source) && "Scheduled Event".equals(text(event, "detail-type"));
    }

    /**
     * The scope an allow-list event's detail names ({@link AllowlistEvent#SCOPE}), as written; empty when it names
     * none (an event about {@code default}, or one published before scopes existed).
     */
    public static Optional<String> scopeOf(Map<String, Object> event) {
        Object detail = event == null ? null : event.get("detail");
        return detail instanceof Map<?, ?> fields && fields.get(AllowlistEvent.SCOPE) instanceof String scope
                ? Optional.of(scope) : Optional.empty();
    }

    /** A string field of an event (or of one of its objects); null when absent or not a string. */
    public static String text(Map<String, Object> event, String name) {
        Object value = event == null ? null : event.get(name);
        return value instanceof String text ? text : null;
    }
}
