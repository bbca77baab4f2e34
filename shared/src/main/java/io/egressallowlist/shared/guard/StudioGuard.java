package io.egressallowlist.shared.guard;

import io.egressallowlist.shared.domain.StudioDomainState;
import io.egressallowlist.shared.domain.StudioDomains;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.events.AllowlistEvent;
import io.egressallowlist.shared.events.AllowlistEvent.StudioDomainNoncompliant;
import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.notify.Notifier;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Checks that Studio domains cannot bypass the firewall (ARCHITECTURE §3, {@code studio-guard}) and
 * reports each noncompliant one through the {@link Notifier} and a {@code Studio Domain Noncompliant}
 * event. A finding is claimed in the audit trail under an id made of the domain, its state
 * ({@code LastModifiedTime} and the reasons) and the UTC day, before anyone is told: a duplicate
 * delivery or the hourly schedule does not repeat it, a change to the domain is reported at once, and an
 * unresolved finding is repeated once a day. Read only: the guard never changes a domain.
 *
 * <p>Which domains: on every run, the configured ones ({@code STUDIO_DOMAIN_IDS}, so that one deleted is
 * reported as not found) and every domain {@code ListDomains} names, so that a domain created later is found by
 * the next scheduled run even when no CloudTrail record arrived (delivery is best effort, aws-api-notes §2)
 * and is repeated each day while it stays noncompliant. After a {@code CreateDomain} / {@code UpdateDomain} the
 * changed domain comes first: CloudTrail may name it before {@code ListDomains} does.
 */
public final class StudioGuard {

    private static final String ACTOR = "system:studio-guard";

    private final StudioDomains domains;
    private final List<String> configuredDomains;
    private final List<String> protectedSubnets;
    private final AuditTrail audit;
    private final EventPublisher events;
    private final Notifier notifier;
    private final Clock clock;

    public StudioGuard(StudioDomains domains, List<String> configuredDomains, Collection<String> protectedSubnets,
                       AuditTrail audit, EventPublisher events, Notifier notifier, Clock clock) {
        this.domains = domains;
        this.configuredDomains = List.copyOf(configuredDomains);
        this.protectedSubnets = List.copyOf(protectedSubnets);
        this.audit = audit;
        this.events = events;
        this.notifier = notifier;
        this.clock = clock;
    }

    /** The scheduled check: every configured domain, then every other domain of the account. */
    public GuardReport checkEveryDomain() {
        return check(everyDomain());
    }

    /** After {@code changedDomainId} was created or updated: that domain first, then every other one. */
    public GuardReport checkAfterChange(String changedDomainId) {
        List<String> domainIds = new ArrayList<>();
        domainIds.add(changedDomainId);
        domainIds.addAll(everyDomain());
        return check(domainIds);
    }

    private List<String> everyDomain() {
        List<String> domainIds = new ArrayList<>(configuredDomains);
        domainIds.addAll(domains.listDomainIds());
        return domainIds;
    }

    /**
     * Checks each domain once (duplicates ignored), in order.
     *
     * @throws EventPublisher.EventPublishException after every domain was checked and notified, when the
     *         events could not be published
     */
    public GuardReport check(Collection<String> domainIds) {
        List<String> compliant = new ArrayList<>();
        List<GuardReport.Finding> findings = new ArrayList<>();
        List<AllowlistEvent> toPublish = new ArrayList<>();
        List<String> checked = List.copyOf(new LinkedHashSet<>(domainIds));
        for (String domainId : checked) {
            Optional<StudioDomainState> state = domains.describe(domainId);
            List<Compliance.Problem> problems = Compliance.check(domainId, state, protectedSubnets);
            if (problems.isEmpty()) {
                compliant.add(domainId);
                continue;
            }
            boolean first = claim(domainId, state, problems);
            if (first) {
                String reason = problems.stream().map(Compliance.Problem::message).collect(Collectors.joining(" "));
                notifier.studioDomainNoncompliant(domainId, reason);
                toPublish.add(event(domainId, state, problems));
            }
            findings.add(new GuardReport.Finding(domainId, problems, first));
        }
        if (!toPublish.isEmpty()) {
            events.publishAll(toPublish);
        }
        return new GuardReport(checked, compliant, findings);
    }

    private boolean claim(String domainId, Optional<StudioDomainState> state, List<Compliance.Problem> problems) {
        String version = state.map(s -> s.lastModified() == null ? "unknown" : Long.toString(s.lastModified().toEpochMilli()))
                .orElse("missing");
        String reasons = problems.stream().map(p -> p.reason().name()).collect(Collectors.joining("+"));
        return audit.record(AuditEvent.studioDomainNoncompliant(domainId, version, reasons, AuditEvent.By.schedule(ACTOR),
                clock.instant()));
    }

    private StudioDomainNoncompliant event(String domainId, Optional<StudioDomainState> state,
                                           List<Compliance.Problem> problems) {
        return new StudioDomainNoncompliant(domainId, problems.stream().map(p -> p.reason().name()).toList(),
                problems.stream().map(Compliance.Problem::message).collect(Collectors.joining(" ")),
                state.map(domain -> new StudioDomainNoncompliant.Observed(domain.appNetworkAccessType(),
                        domain.subnetIds(), domain.lastModified())),
                protectedSubnets);
    }
}
