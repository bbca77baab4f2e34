package io.egressallowlist.functions.firewallsync;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.egressallowlist.shared.config.ControlPlane;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.config.SdkPriming;
import io.egressallowlist.shared.config.SnapStartPriming;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.events.EventRoutes;
import io.egressallowlist.shared.events.EventTypes;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.reconcile.FirewallSync;
import io.egressallowlist.shared.reconcile.ScopeSyncs;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code firewall-sync}: the only writer of versions and of the rule groups (ARCHITECTURE §3, §6), one writer per
 * scope. One invocation writes a scope at a time by holding that scope's writer lease (an item beside its version
 * log), not by reserved concurrency, which an account at the default concurrency quota cannot grant: an invocation
 * that finds the lease held records pending work and returns, and the holder reconciles again before letting go
 * ({@link FirewallSync}). Its expiry lies past this invocation's deadline (Lambda's remaining time), so only a
 * holder that died leaves it behind, and only until then.
 *
 * <p>Invoked by the allow-list events ({@link EventRoutes#ALLOWLIST_CHANGES}) and by the reconcile schedule. An
 * event whose detail names a scope reconciles that scope, one naming none {@code default} (whose events name none)
 * or, without that scope, every scope; the schedule reconciles every scope, each on its own thread
 * ({@link ScopeSyncs}): none waits on another, one that fails stops no other, and the summary lists each. The stack reserves as many concurrent executions as there are scopes: each scope's lease
 * admits one writer, so that many invocations can each be writing a different scope, and any beyond them would
 * only find every lease held. Beyond its type and scope, an event's content does not matter, because the
 * reconciler is level-triggered: it reads what is to be done from the store. So a duplicate delivery finds nothing
 * left and changes nothing. Other events are logged and ignored; one naming a scope the deployment does not have is
 * refused with the scopes it has, and changes nothing.
 */
public final class FirewallSyncHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final ScopeSyncs syncs;
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
        this.syncs = plane.scoped().syncs();
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
        Duration remaining = context == null ? FirewallSync.MAX_INVOCATION
                : Duration.ofMillis(context.getRemainingTimeInMillis());
        Optional<String> named = EventRoutes.scopeOf(event).or(() -> defaultsChange(trigger.get()));
        if (named.isPresent()) {
            ScopeName scope;
            try {
                scope = ScopeName.of(named.get());
                syncs.of(scope);
            } catch (IllegalArgumentException unknown) {
                log.warn("event refused: it names no scope of this deployment", "requestId", requestId,
                        "error", unknown.getMessage());
                return Map.of("ignored", true, "reason", unknown.getMessage());
            }
            log.info("reconcile started", "requestId", requestId, "trigger", trigger.get(), "scope", scope.value());
            return finished(requestId, summary(trigger.get(), scope, syncs.runOne(scope, requestId, remaining)));
        }
        log.info("reconcile started", "requestId", requestId, "trigger", trigger.get(), "scopes",
                syncs.scopes().toString());
        ScopeSyncs.Report report = syncs.runAll(requestId, remaining);
        Map<String, Object> summary = summary(trigger.get(), report);
        finished(requestId, summary);
        // Lambda retries the invocation for the scope that failed; the others find nothing left to do.
        report.firstFailure().ifPresent(failure -> {
            throw failure;
        });
        return summary;
    }

    /**
     * An allow-list change naming no scope is {@code default}'s (its events name none, as before scopes existed): with
     * several scopes it reconciles that scope alone rather than every one. The schedule reconciles every scope.
     */
    private Optional<String> defaultsChange(String trigger) {
        boolean several = syncs.scopes().size() > 1;
        return several && !trigger.equals("schedule") && syncs.scopes().contains(ScopeName.DEFAULT)
                ? Optional.of(ScopeName.DEFAULT.value()) : Optional.empty();
    }

    private Map<String, Object> finished(String requestId, Map<String, Object> summary) {
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

    /** One scope's summary as it always was; every scope's under {@code scopes} when there are several. */
    private static Map<String, Object> summary(String trigger, ScopeSyncs.Report report) {
        if (report.outcomes().size() == 1) {
            Map.Entry<ScopeName, ScopeSyncs.Outcome> only = report.outcomes().entrySet().iterator().next();
            return only.getValue().match(ran -> summary(trigger, only.getKey(), ran.result()), failed -> {
                throw failed.error();
            });
        }
        Map<String, Object> scopes = new LinkedHashMap<>();
        report.outcomes().forEach((scope, outcome) -> scopes.put(scope.value(), outcome.match(
                ran -> summary(null, scope, ran.result()),
                failed -> Map.of("scope", scope.value(), "failed", String.valueOf(failed.error().getMessage())))));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("trigger", trigger);
        summary.put("scopes", scopes);
        summary.put("failed", report.outcomes().entrySet().stream()
                .filter(e -> e.getValue().match(ran -> false, failed -> true)).map(e -> e.getKey().value()).toList());
        return summary;
    }

    private static Map<String, Object> summary(String trigger, ScopeName scope, FirewallSync.Result result) {
        Map<String, Object> summary = new LinkedHashMap<>();
        if (trigger != null) {
            summary.put("trigger", trigger);
        }
        summary.put("scope", scope.value());
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
