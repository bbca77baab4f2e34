package io.egressallowlist.functions.alertingest;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.shared.blocked.AlertIngest;
import io.egressallowlist.shared.blocked.DigestRun;
import io.egressallowlist.shared.config.ControlPlane;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.config.SdkPriming;
import io.egressallowlist.shared.config.SnapStartPriming;
import io.egressallowlist.shared.events.EventRoutes;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.logging.JsonLog;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code alert-ingest}: the firewall's alert log in, blocked attempts and their digests out. Invoked two ways,
 * told apart by the event's shape: the CloudWatch Logs subscription on the ALERT log group
 * ({@code {"awslogs":{"data":…}}}, aws-api-notes §9) and the digest schedule (an EventBridge
 * {@code Scheduled Event}). Anything else is logged and ignored.
 */
public final class AlertIngestHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private final SubscriptionData subscriptionData;
    private final EveAlerts eveAlerts;
    private final AlertIngest ingest;
    private final DigestRun digests;
    private final Clock clock;
    private final JsonLog log;
    private final SnapStartPriming priming;
    /** Requests the last priming built and refused (tests). */
    private volatile int sdkRequestsPrimed;

    /** Used by Lambda: the composition root over the environment. */
    public AlertIngestHandler() {
        this(ControlPlane.of(FunctionNames.ALERT_INGEST, ControlPlaneConfig.fromEnvironment()));
    }

    /** Used by the sandbox, the bench and tests: a root over their endpoints, with their notifier and clock. */
    public AlertIngestHandler(ControlPlane plane) {
        this.log = JsonLog.of(AlertIngestHandler.class);
        this.clock = plane.clock();
        ObjectMapper json = new ObjectMapper();
        this.subscriptionData = new SubscriptionData(json, SubscriptionData.MAX_DECODED_BYTES);
        this.eveAlerts = new EveAlerts(json);
        this.ingest = plane.blocked().alertIngest();
        this.digests = plane.blocked().digests();
        ControlPlaneConfig config = plane.config();
        // Decoding and parsing on a fixed sample, and the SDK's request path of the tables, EC2 (attribution) and
        // Secrets Manager (the digests' bot token) up to an HTTP client that refuses to send (SdkPriming): no
        // store, EC2 or Slack call.
        this.priming = SnapStartPriming.register(() -> {
            try {
                eveAlerts.parse(subscriptionData.decode(PrimingSample.DATA).events());
            } catch (SubscriptionData.UnreadableData e) {
                throw new IllegalStateException("the priming sample is readable", e);
            }
            sdkRequestsPrimed = new SdkPriming(config).dynamo().ec2().secretsManager().refusedRequests();
        });
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String requestId = context == null ? null : context.getAwsRequestId();
        if (EventRoutes.isScheduled(event)) {
            DigestRun.Report report = digests.sendDue();
            Map<String, Object> summary = Map.of("trigger", "schedule", "digestsDue", report.due(),
                    "digestsSent", report.sent(), "alreadySent", report.alreadySent(), "failed", report.failed());
            log.info("digests", "requestId", requestId, "summary", summary.toString());
            return summary;
        }
        String data = awslogsData(event);
        if (data == null) {
            log.info("event ignored: alert-ingest takes the alert log subscription and its schedule",
                    "requestId", requestId, "source", EventRoutes.text(event, "source"));
            return Map.of("ignored", true, "reason", "neither a log subscription nor a scheduled event");
        }
        return ingest(data, requestId);
    }

    private Map<String, Object> ingest(String data, String requestId) {
        long started = clock.millis();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("trigger", "alert-log");
        try {
            SubscriptionData.Batch batch = subscriptionData.decode(data);
            summary.put("messageType", batch.messageType());
            if (batch.isControlMessage()) {
                summary.put("records", 0);
            } else {
                EveAlerts.Parsed parsed = eveAlerts.parse(batch.events());
                AlertIngest.Report report = ingest.ingest(parsed.alerts());
                summary.put("records", batch.events().size());
                summary.put("skipped", parsed.skippedCount());
                summary.put("skippedBy", parsed.skipped().toString());
                summary.put("pairs", report.pairs());
                summary.put("pairsWritten", report.written());
                summary.put("alreadyCounted", report.alreadyCounted());
            }
        } catch (SubscriptionData.UnreadableData e) {
            summary.put("refused", e.getMessage());
            log.warn("alert log delivery refused", "requestId", requestId, "reason", e.getMessage());
        }
        summary.put("durationMs", clock.millis() - started);
        log.info("alert log delivery", "requestId", requestId, "summary", summary.toString());
        return summary;
    }

    /** {@code awslogs.data} of a subscription event; null for any other event. */
    static String awslogsData(Map<String, Object> event) {
        if (event == null || !(event.get("awslogs") instanceof Map<?, ?> awslogs)) {
            return null;
        }
        return awslogs.get("data") instanceof String data ? data : null;
    }

    /** The SnapStart priming, for tests. */
    SnapStartPriming priming() {
        return priming;
    }

    /** How many SDK requests the last priming built and refused to send, for tests. */
    int sdkRequestsPrimed() {
        return sdkRequestsPrimed;
    }
}
