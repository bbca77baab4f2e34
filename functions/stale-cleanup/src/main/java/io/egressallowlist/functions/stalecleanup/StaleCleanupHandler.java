package io.egressallowlist.functions.stalecleanup;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.egressallowlist.shared.events.EventRoutes;
import io.egressallowlist.shared.cleanup.CleanupReport;
import io.egressallowlist.shared.cleanup.CleanupService;
import io.egressallowlist.shared.cleanup.StaleAction;
import io.egressallowlist.shared.cleanup.TrafficAnalysis;
import io.egressallowlist.shared.config.AwsClients;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.events.EventBridgePublisher;
import io.egressallowlist.shared.firewall.NetworkFirewallTrafficAnalysis;
import io.egressallowlist.shared.firewall.RuleGroupArn;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.notify.Notifier;
import io.egressallowlist.shared.slack.SlackNotifiers;
import io.egressallowlist.shared.requests.RequestService;
import io.egressallowlist.shared.store.DynamoAuditTrail;
import io.egressallowlist.shared.store.DynamoRequestStore;
import io.egressallowlist.shared.store.DynamoVersionLog;
import io.egressallowlist.shared.config.SdkPriming;
import io.egressallowlist.shared.domain.DomainName;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code stale-cleanup} (daily schedule, ARCHITECTURE §3): expiries, reminders and unused entries, via
 * {@link CleanupService}. Reads the firewall's traffic analysis (when {@code FIREWALL_NAME} is set) but
 * never writes the firewall; removals are intents the reconciler carries out. Only scheduled events are
 * handled; anything else is logged and ignored. A second delivery of the same schedule finds nothing new
 * to expire, remind or report.
 */
public final class StaleCleanupHandler implements RequestHandler<Map<String, Object>, Map<String, Object>>, Resource {


    private final CleanupService cleanup;
    private final JsonLog log;
    private final Runnable priming;

    /** Used by Lambda. */
    public StaleCleanupHandler() {
        this(ControlPlaneConfig.fromEnvironment());
    }

    /** Used by the sandbox (local endpoints) without Slack. */
    public StaleCleanupHandler(ControlPlaneConfig config) {
        this(config, new AwsClients(config), null, Clock.systemUTC());
    }

    /** Used by the sandbox with its Slack notifier, and by tests. */
    public StaleCleanupHandler(ControlPlaneConfig config, Notifier notifier, Clock clock) {
        this(config, new AwsClients(config), notifier, clock);
    }

    private StaleCleanupHandler(ControlPlaneConfig config, AwsClients clients, Notifier given, Clock clock) {
        // Lambda and the sandbox tell people through Slack; tests pass their own notifier.
        Notifier notifier = given != null ? given : SlackNotifiers.create(config, clients, clock);
        RuleGroupArn ruleGroup = RuleGroupArn.parse(config.ruleGroupArn());
        this.log = JsonLog.of(StaleCleanupHandler.class);
        DynamoDbClient dynamo = clients.dynamo();
        DynamoRequestStore requests = new DynamoRequestStore(dynamo, config.tables().requests(), clock);
        DynamoVersionLog versions = new DynamoVersionLog(dynamo, config.tables().versions(), ruleGroup.name());
        DynamoAuditTrail audit = new DynamoAuditTrail(dynamo, config.tables().audit());
        RequestService requestService = new RequestService(requests, versions, audit, config.policy(),
                config.pendingTimeout(), clock, new SecureRandom());
        Optional<TrafficAnalysis> traffic = Optional.ofNullable(config.firewallName())
                .map(firewall -> new NetworkFirewallTrafficAnalysis(clients.networkFirewall(), firewall));
        this.cleanup = new CleanupService(requestService, requests, versions, audit, traffic,
                new EventBridgePublisher(clients.eventBridge(), config.eventBusName()), notifier, clock,
                CleanupService.Settings.of(config.reminderBefore(), config.staleAfter(),
                        config.removeStale() ? StaleAction.REMOVE : StaleAction.FLAG));
        this.priming = () -> {
            EventRoutes.isScheduled(Map.of("source", "aws.events", "detail-type", "Scheduled Event"));
            DomainName.parse("files.pythonhosted.org");
            SdkPriming sdk = new SdkPriming(config).dynamo().eventBridge().secretsManager();
            if (config.firewallName() != null) {
                sdk.networkFirewall();
            }
        };
        Core.getGlobalContext().register(this);
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

    // ---- SnapStart ----------------------------------------------------------------------------------

    /**
     * Priming before the snapshot (aws-api-notes §6): runs this function's code paths on fixed samples — event triage, domain names —
     * and the SDK's request path up to the HTTP client, which refuses to send ({@link SdkPriming}). No network,
     * no write, no secret or credential read, nothing unique kept.
     */
    @Override
    public void beforeCheckpoint(org.crac.Context<? extends Resource> context) {
        priming.run();
    }

    @Override
    public void afterRestore(org.crac.Context<? extends Resource> context) {
        // Nothing to renew: priming kept nothing, secrets are read on first use, no connection was opened.
    }
}
