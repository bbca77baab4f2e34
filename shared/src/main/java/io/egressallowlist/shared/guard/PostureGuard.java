package io.egressallowlist.shared.guard;

import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.NetworkPosture;
import io.egressallowlist.shared.events.AllowlistEvent;
import io.egressallowlist.shared.events.AllowlistEvent.NetworkPostureNoncompliant;
import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.notify.Notifier;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Checks the posture of the protected VPC that {@code studio-guard} can observe ({@link NetworkPostureCheck}) and
 * reports each problem like a noncompliant Studio domain: claimed in the audit trail under an id made of the
 * resource, the reason, what was seen and the UTC day, then told through the {@link Notifier} and a
 * {@code Network Posture Noncompliant} event. Read only: the guard never changes a route or an endpoint.
 */
public final class PostureGuard {

    private static final String ACTOR = "system:studio-guard";

    /**
     * What the network stack deployed.
     *
     * @param defaultPolicyServices service names of the endpoints left with the default policy on purpose
     */
    public record Settings(String vpcId, Collection<String> protectedSubnets, FirewallPath path,
                           Set<String> defaultPolicyServices) {
        public Settings {
            Objects.requireNonNull(vpcId, "vpcId");
            protectedSubnets = List.copyOf(protectedSubnets);
            Objects.requireNonNull(path, "path");
            defaultPolicyServices = Set.copyOf(defaultPolicyServices);
        }
    }

    /** A problem, and whether this run reported it ({@code false}: already reported today). */
    public record Finding(NetworkPostureCheck.Problem problem, boolean reported) { }

    private final NetworkPosture network;
    private final Settings settings;
    private final AuditTrail audit;
    private final EventPublisher events;
    private final Notifier notifier;
    private final Clock clock;

    public PostureGuard(NetworkPosture network, Settings settings, AuditTrail audit, EventPublisher events,
                        Notifier notifier, Clock clock) {
        this.network = network;
        this.settings = settings;
        this.audit = audit;
        this.events = events;
        this.notifier = notifier;
        this.clock = clock;
    }

    /**
     * Reads the VPC's route tables and endpoints and reports what fails.
     *
     * @throws NetworkPosture.Unavailable when EC2 cannot be read (nothing is reported; the next run checks again)
     */
    public List<Finding> check() {
        List<NetworkPostureCheck.Problem> problems = new ArrayList<>(NetworkPostureCheck.routing(
                settings.protectedSubnets(), settings.path(), network.routeTables(settings.vpcId())));
        problems.addAll(NetworkPostureCheck.endpoints(network.endpoints(settings.vpcId()),
                settings.defaultPolicyServices()));
        List<Finding> findings = new ArrayList<>();
        List<AllowlistEvent> toPublish = new ArrayList<>();
        for (NetworkPostureCheck.Problem problem : problems) {
            boolean first = audit.record(AuditEvent.networkPostureNoncompliant(problem.resourceId(),
                    problem.reason().name(), problem.observed(), AuditEvent.By.schedule(ACTOR), clock.instant()));
            if (first) {
                notifier.networkPostureNoncompliant(problem.resourceId(), problem.message());
                toPublish.add(new NetworkPostureNoncompliant(settings.vpcId(), problem.resourceId(),
                        problem.reason().name(), problem.message(), problem.observed()));
            }
            findings.add(new Finding(problem, first));
        }
        if (!toPublish.isEmpty()) {
            events.publishAll(toPublish);
        }
        return findings;
    }
}
