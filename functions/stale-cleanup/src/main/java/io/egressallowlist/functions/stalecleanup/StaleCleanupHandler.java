package io.egressallowlist.functions.stalecleanup;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.egressallowlist.shared.cleanup.CleanupReport;
import io.egressallowlist.shared.cleanup.CleanupService;
import io.egressallowlist.shared.config.ControlPlane;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.config.SdkPriming;
import io.egressallowlist.shared.config.SnapStartPriming;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.events.EventRoutes;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.logging.JsonLog;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code stale-cleanup} (daily schedule, ARCHITECTURE §3): expiries, reminders and unused entries, via
 * {@link CleanupService}. Reads the firewall's traffic analysis (when {@code FIREWALL_NAME} is set) but
 * never writes the firewall; removals are intents the reconciler carries out. Only scheduled events are
 * handled; anything else is logged and ignored. A second delivery of the same schedule finds nothing new
 * to expire, remind or report. With scopes, expiries and reminders cover every scope's grants, and each scope's
 * entries are judged on its own version log and removed from that scope only.
 */
public final class StaleCleanupHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {


    private final CleanupService cleanup;
    private final JsonLog log;
    private final SnapStartPriming priming;

    /** Used by Lambda: the composition root over the environment. */
    public StaleCleanupHandler() {
        this(ControlPlane.of(FunctionNames.STALE_CLEANUP, ControlPlaneConfig.fromEnvironment()));
    }

    /** Used by the sandbox, the bench and tests: a root over their endpoints, with their notifier and clock. */
    public StaleCleanupHandler(ControlPlane plane) {
        ControlPlaneConfig config = plane.config();
        this.log = JsonLog.of(StaleCleanupHandler.class);
        this.cleanup = plane.cleanupService();
        // This function's code paths on fixed samples (event triage, domain names) and the SDK's request path.
        this.priming = SnapStartPriming.register(() -> {
            EventRoutes.isScheduled(Map.of("source", "aws.events", "detail-type", "Scheduled Event"));
            DomainName.parse("files.pythonhosted.org");
            SdkPriming sdk = new SdkPriming(config).dynamo().eventBridge().secretsManager();
            if (config.firewallName() != null) {
                sdk.networkFirewall();
            }
        });
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String requestId = context == null ? null : context.getAwsRequestId();
        if (!EventRoutes.isScheduled(event)) {
            log.info("event ignored: stale-cleanup runs on its schedule only", "requestId", requestId,
                    "source", EventRoutes.text(event, "source"), "detailType", EventRoutes.text(event, "detail-type"));
            return Map.of("ignored", true, "reason", "not a scheduled event");
        }
        log.info("cleanup started", "requestId", requestId);
        CleanupReport report = cleanup.run();
        Map<String, Object> summary = summary(report);
        report.staleCheckSkipped().ifPresent(reason ->
                log.warn("unused entries not checked", "requestId", requestId, "reason", reason));
        log.info("cleanup finished", "requestId", requestId, "summary", summary.toString());
        return summary;
    }

    private static Map<String, Object> summary(CleanupReport report) {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("expiredPending", report.expiredPending());
        summary.put("expiredGrants", report.expiredGrants());
        summary.put("reminded", report.reminded());
        summary.put("stale", report.stale());
        summary.put("removedUnused", report.removedUnused());
        summary.put("newlyFlagged", report.newlyFlagged());
        report.staleCheckSkipped().ifPresent(reason -> summary.put("staleCheckSkipped", reason));
        return summary;
    }

    /** The SnapStart priming, for tests. */
    SnapStartPriming priming() {
        return priming;
    }
}
