package io.egressallowlist.functions.firewallsync;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.egressallowlist.shared.config.ControlPlane;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.config.SdkPriming;
import io.egressallowlist.shared.config.SnapStartPriming;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.events.EventRoutes;
import io.egressallowlist.shared.events.EventTypes;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.reconcile.FirewallSync;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code firewall-sync}: the only writer of versions and of the rule group (ARCHITECTURE §3, §6). One
 * invocation writes at a time by holding the writer lease (an item beside the version log), not by reserved
 * concurrency, which an account at the default concurrency quota cannot grant: an invocation that finds the
 * lease held records pending work and returns, and the holder reconciles again before letting go
 * ({@link FirewallSync}). Its expiry lies past this invocation's deadline (Lambda's remaining time), so
 * only a holder that died leaves it behind, and only until then. Invoked by the allow-list events
 * ({@link EventRoutes#ALLOWLIST_CHANGES}) and by the reconcile schedule; the event's content does not
 * matter beyond its type, because the reconciler is level-triggered: it reads what is to be done from
 * the store. So a duplicate delivery finds nothing left and changes nothing. Other events are logged and
 * ignored.
 */
public final class FirewallSyncHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final FirewallSync sync;
    private final JsonLog log;
    private final SnapStartPriming priming;

    /** Used by Lambda: the composition root over the environment. */
    public FirewallSyncHandler() {
        this(ControlPlane.of(FunctionNames.FIREWALL_SYNC, ControlPlaneConfig.fromEnvironment()));
    }

    /** Used by the sandbox, the bench and tests: a root over their endpoints, with their notifier and clock. */
    public FirewallSyncHandler(ControlPlane plane) {
        ControlPlaneConfig config = plane.config();
        this.log = JsonLog.of(FirewallSyncHandler.class);
        this.sync = plane.firewallSync();
        // This function's code paths on fixed samples (event triage, domain names) and the SDK's request path.
        this.priming = SnapStartPriming.register(() -> {
            trigger(Map.of("source", "aws.events", "detail-type", "Scheduled Event"));
            DomainName.parse(".huggingface.co");
            new SdkPriming(config).dynamo().eventBridge().networkFirewall().secretsManager();
        });
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String requestId = context == null ? null : context.getAwsRequestId();
        Optional<String> trigger = trigger(event);
        if (trigger.isEmpty()) {
            log.info("event ignored: firewall-sync runs on allow-list changes and its schedule", "requestId", requestId,
                    "source", EventRoutes.text(event, "source"), "detailType", EventRoutes.text(event, "detail-type"));
            return Map.of("ignored", true, "reason", "not an allow-list change or a scheduled event");
        }
        log.info("reconcile started", "requestId", requestId, "trigger", trigger.get());
        FirewallSync.Result result = context == null ? sync.run(requestId)
                : sync.run(requestId, Duration.ofMillis(context.getRemainingTimeInMillis()));
        Map<String, Object> summary = summary(trigger.get(), result);
        log.info("reconcile finished", "requestId", requestId, "summary", summary.toString());
        return summary;
    }

    /** "schedule" or the detail type of an allow-list change; empty for anything else. */
    static Optional<String> trigger(Map<String, Object> event) {
        if (EventRoutes.isScheduled(event)) {
            return Optional.of("schedule");
        }
        String source = EventRoutes.text(event, "source");
        String detailType = EventRoutes.text(event, "detail-type");
        if (source == null || detailType == null) {
            return Optional.empty();
        }
        if (source.equals(EventTypes.SOURCE) && EventRoutes.ALLOWLIST_CHANGE_TYPES.contains(detailType)) {
            return Optional.of(detailType);
        }
        return Optional.empty();
    }

    private static Map<String, Object> summary(String trigger, FirewallSync.Result result) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("trigger", trigger);
        summary.put("passes", result.passes().size());
        summary.put("versionsCreated", result.versionsCreated());
        summary.put("versionsApplied", result.versionsApplied());
        summary.put("driftDetected", result.driftDetected());
        summary.put("activated", result.activated());
        summary.put("revoked", result.revoked());
        summary.put("updateRuleGroupCalls", result.updateRuleGroupCalls());
        result.sync().ifPresent(outcome -> summary.put("firewallSync", outcome.name()));
        result.failure().ifPresent(failure -> summary.put("failure", failure));
        result.deferredTo().ifPresent(holder -> summary.put("deferredTo", holder));
        return summary;
    }

    /** The SnapStart priming, for tests. */
    SnapStartPriming priming() {
        return priming;
    }
}
