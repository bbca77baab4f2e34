package io.egressallowlist.functions.studioguard;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.egressallowlist.shared.config.ControlPlane;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.config.SdkPriming;
import io.egressallowlist.shared.config.SnapStartPriming;
import io.egressallowlist.shared.events.EventRoutes;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.guard.DomainIds;
import io.egressallowlist.shared.guard.GuardReport;
import io.egressallowlist.shared.guard.PostureGuard;
import io.egressallowlist.shared.guard.StudioGuard;
import io.egressallowlist.shared.logging.JsonLog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code studio-guard}: checks that Studio domains are {@code VpcOnly} in the firewall-protected subnets
 * (ARCHITECTURE §3), on the hourly schedule and on CloudTrail's {@code CreateDomain} / {@code UpdateDomain}
 * records (that domain first). Each run checks every domain of the account ({@code ListDomains}) and every
 * {@code STUDIO_DOMAIN_IDS}: a domain created later is found even when no CloudTrail record arrives. The
 * CloudTrail record only says which domain changed;
 * {@code DescribeDomain} says what it is now. Other events are logged and ignored; a CloudTrail record
 * without a usable domain id is refused with the reason and checks nothing.
 *
 * <p>Each run also checks the protected VPC, when the stack names it ({@code VPC_ID}): that every protected
 * subnet's default route leads to the firewall and that no endpoint has no policy or the default one
 * ({@link PostureGuard}). EC2 unavailable fails the run after the domains were reported: Lambda retries it, and
 * the audit trail keeps a retry from repeating what was already told.
 */
public final class StudioGuardHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Set<String> DOMAIN_CALLS = Set.of("CreateDomain", "UpdateDomain");

    private final StudioGuard guard;
    private final Optional<PostureGuard> posture;
    private final JsonLog log;
    private final SnapStartPriming priming;

    /** Used by Lambda: the composition root over the environment. */
    public StudioGuardHandler() {
        this(ControlPlane.of(FunctionNames.STUDIO_GUARD, ControlPlaneConfig.fromEnvironment()));
    }

    /** Used by the sandbox, the bench and tests: a root over their endpoints, with their notifier and clock. */
    public StudioGuardHandler(ControlPlane plane) {
        ControlPlaneConfig config = plane.config();
        this.log = JsonLog.of(StudioGuardHandler.class);
        this.guard = plane.studioGuard();
        this.posture = plane.postureGuard();
        // This function's code paths on fixed samples (CloudTrail record triage) and the SDK's request path.
        this.priming = SnapStartPriming.register(() -> {
            changedDomain(Map.of("responseElements",
                    Map.of("domainArn", "arn:aws:sagemaker:us-east-1:123456789012:domain/d-priming0000")));
            SdkPriming sdk = new SdkPriming(config).dynamo().eventBridge().sageMaker().secretsManager();
            posture.ifPresent(p -> sdk.ec2());
        });
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        String requestId = context == null ? null : context.getAwsRequestId();
        String source = EventRoutes.text(event, "source");
        String detailType = EventRoutes.text(event, "detail-type");
        String trigger;
        Optional<String> changed = Optional.empty();
        if (EventRoutes.isScheduled(event)) {
            trigger = "schedule";
        } else if ("aws.sagemaker".equals(source) && "AWS API Call via CloudTrail".equals(detailType)
                && DOMAIN_CALLS.contains(EventRoutes.text(detail(event), "eventName"))) {
            trigger = EventRoutes.text(detail(event), "eventName");
            changed = changedDomain(detail(event));
            if (changed.isEmpty()) {
                log.warn("CloudTrail record without a usable domain id; nothing checked", "requestId", requestId,
                        "eventName", trigger);
                return Map.of("ignored", true, "reason", "the CloudTrail record names no valid domain id in"
                        + " requestParameters.domainId or responseElements.domainArn");
            }
        } else {
            log.info("event ignored: studio-guard runs on its schedule and on CreateDomain/UpdateDomain",
                    "requestId", requestId, "source", source, "detailType", detailType);
            return Map.of("ignored", true, "reason", "not a scheduled event or a Studio domain change");
        }
        GuardReport report = changed.map(guard::checkAfterChange).orElseGet(guard::checkEveryDomain);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("trigger", trigger);
        summary.put("checked", report.checked());
        summary.put("compliant", report.compliant());
        summary.put("noncompliant", report.noncompliantDomainIds());
        summary.put("reported", report.reportedDomainIds());
        for (GuardReport.Finding finding : report.findings()) {
            log.warn("studio domain noncompliant", "requestId", requestId, "domainId", finding.domainId(),
                    "reasons", String.join(",", finding.reasons()), "reportedNow", finding.reported());
        }
        posture.ifPresent(p -> checkPosture(p, requestId, summary));
        log.info("guard finished", "requestId", requestId, "summary", summary.toString());
        return summary;
    }

    /** The VPC's findings into {@code summary} as {@code <reason>:<resource>}, and each logged. */
    private void checkPosture(PostureGuard posture, String requestId, Map<String, Object> summary) {
        List<PostureGuard.Finding> findings = posture.check();
        summary.put("posture", findings.stream().map(f -> f.problem().reason() + ":" + f.problem().resourceId()).toList());
        summary.put("postureReported", findings.stream().filter(PostureGuard.Finding::reported)
                .map(f -> f.problem().resourceId()).toList());
        for (PostureGuard.Finding finding : findings) {
            log.warn("network posture noncompliant", "requestId", requestId, "resourceId",
                    finding.problem().resourceId(), "reason", finding.problem().reason().name(),
                    "reportedNow", finding.reported());
        }
    }

    /** UpdateDomain names the domain in its request; CreateDomain only in its response (aws-api-notes §2). */
    static Optional<String> changedDomain(Map<String, Object> detail) {
        String requested = EventRoutes.text(map(detail, "requestParameters"), "domainId");
        if (requested != null) {
            return DomainIds.isValid(requested) ? Optional.of(requested) : Optional.empty();
        }
        return DomainIds.fromArn(EventRoutes.text(map(detail, "responseElements"), "domainArn"));
    }

    private static Map<String, Object> detail(Map<String, Object> event) {
        return map(event, "detail");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String name) {
        Object value = parent == null ? null : parent.get(name);
        return value instanceof Map<?, ?> child ? (Map<String, Object>) child : null;
    }

    /** The SnapStart priming, for tests. */
    SnapStartPriming priming() {
        return priming;
    }
}
