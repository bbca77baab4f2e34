package io.egressallowlist.shared.config;

import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.FirewallSyncCheck;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RuleGroupForm;
import io.egressallowlist.shared.domain.RuleGroupGateway;
import io.egressallowlist.shared.domain.Scope;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.Scopes;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.domain.WriterLease;
import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.firewall.FirewallSyncWaiter;
import io.egressallowlist.shared.firewall.NetworkFirewallRuleGroup;
import io.egressallowlist.shared.firewall.RuleGroupArn;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.notify.Notifier;
import io.egressallowlist.shared.reconcile.FirewallSync;
import io.egressallowlist.shared.reconcile.Reconciler;
import io.egressallowlist.shared.reconcile.ScopeSyncs;
import io.egressallowlist.shared.store.DynamoVersionLog;
import io.egressallowlist.shared.store.DynamoWriterLease;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The parts of the composition root that exist once per scope ({@link ControlPlane#scoped()}): each scope's version
 * log and writer lease (both named after its rule group, as the one list's always were, so {@code default} keeps its
 * log), its rule group, its reconciler (which reads that scope's requests only) and its firewall-sync. Each is built
 * once, on first use; one scope's parts never serve another.
 */
public final class ScopedParts {

    private final ControlPlaneConfig config;
    private final AwsClients aws;
    private final Clock clock;
    private final Random random;
    private final Supplier<RequestRepository> requests;
    private final Supplier<AuditTrail> audit;
    private final Supplier<EventPublisher> events;
    private final Supplier<Notifier> notifier;
    private final Map<ScopeName, BuiltOnce> parts = new ConcurrentHashMap<>();
    private final BuiltOnce shared = new BuiltOnce();

    ScopedParts(ControlPlaneConfig config, AwsClients aws, Clock clock, Random random,
                Supplier<RequestRepository> requests, Supplier<AuditTrail> audit, Supplier<EventPublisher> events,
                Supplier<Notifier> notifier) {
        this.config = config;
        this.aws = aws;
        this.clock = clock;
        this.random = random;
        this.requests = requests;
        this.audit = audit;
        this.events = events;
        this.notifier = notifier;
    }

    /** Every scope of the deployment, in declaration order. */
    public Scopes scopes() {
        return config.scopes();
    }

    /**
     * The scope the root's unscoped parts ({@link ControlPlane#versions()}…) stand for: the one whose rule group is
     * {@code RULE_GROUP_ARN} (the only one without {@code SCOPES_FILE}), else {@code default}, else the first.
     */
    public ScopeName primary() {
        Scopes scopes = scopes();
        return scopes.all().stream().filter(scope -> scope.ruleGroupArn().equals(config.ruleGroupArn())).findFirst()
                .or(() -> scopes.find(ScopeName.DEFAULT)).orElse(scopes.all().get(0)).name();
    }

    /** The version log of {@code scope}'s rule group, named after it. */
    public VersionLog versions(ScopeName scope) {
        return once(scope, VersionLog.class, () -> new DynamoVersionLog(aws.dynamo(), config.tables().versions(),
                logName(scope)));
    }

    /** The scope's rule group, written in its form: {@code global} as pass rules, a team scope as a domain list. */
    public RuleGroupGateway ruleGroup(ScopeName scope) {
        RuleGroupForm form = RuleGroupForm.of(scope);
        return once(scope, RuleGroupGateway.class, () -> new NetworkFirewallRuleGroup(aws.networkFirewall(),
                arn(scope).arn(), form));
    }

    /** The single writer of {@code scope}'s versions and rule group. */
    public Reconciler reconciler(ScopeName scope) {
        Scope declared = scopes().get(scope);
        return once(scope, Reconciler.class, () -> new Reconciler(versions(scope), requests.get(), audit.get(),
                ruleGroup(scope), clock, Reconciler.Settings.defaults().withDriftMode(config.driftMode())
                        .withScope(declared.name(), declared.initialMode()),
                duration -> Thread.sleep(duration.toMillis()), random, Reconciler.NONE));
    }

    /** The writer lease of {@code scope}'s version log: one writer per scope. */
    public WriterLease lease(ScopeName scope) {
        return once(scope, WriterLease.class, () -> new DynamoWriterLease(aws.dynamo(), config.tables().versions(),
                logName(scope)));
    }

    /** One firewall-sync invocation of {@code scope}. */
    public FirewallSync firewallSync(ScopeName scope) {
        return once(scope, FirewallSync.class, () -> new FirewallSync(reconciler(scope), requests.get(),
                versions(scope), audit.get(), events.get(), notifier.get(), firewallInSync(scope, FirewallSync.SYNC_WAIT),
                config.driftMode(), clock, JsonLog.of(FirewallSync.class), lease(scope), () -> "run-" + UUID.randomUUID()));
    }

    /** Every scope's firewall-sync, side by side. */
    public ScopeSyncs syncs() {
        // Each scope's parts are built before the shared lock is taken, so no thread holds both kinds at once.
        Map<ScopeName, FirewallSync> syncs = new LinkedHashMap<>();
        scopes().names().forEach(name -> syncs.put(name, firewallSync(name)));
        return shared.once(ScopeSyncs.class, () -> new ScopeSyncs(syncs));
    }

    /**
     * A wait of at most {@code timeout} for the firewall's endpoints to run {@code scope}'s rule group as it is now;
     * empty when no firewall is configured ({@code FIREWALL_NAME}).
     */
    public Optional<FirewallSyncCheck> firewallInSync(ScopeName scope, Duration timeout) {
        if (config.firewallName() == null) {
            return Optional.empty();
        }
        FirewallSyncWaiter waiter = shared.once(FirewallSyncWaiter.class,
                () -> FirewallSyncWaiter.create(aws.networkFirewall()));
        return Optional.of(waiter.check(config.firewallName(), arn(scope), timeout));
    }

    /** The name of the scope's rule group, which names its version log and lease; checked when its parts are built. */
    private String logName(ScopeName scope) {
        return scopes().get(scope).ruleGroupName().strip();
    }

    private RuleGroupArn arn(ScopeName scope) {
        return once(scope, RuleGroupArn.class, () -> {
            try {
                return RuleGroupArn.parse(scopes().get(scope).ruleGroupArn());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("scope " + scope + ": " + e.getMessage(), e);
            }
        });
    }

    private <T> T once(ScopeName scope, Class<T> type, Supplier<? extends T> build) {
        return parts.computeIfAbsent(scope, name -> new BuiltOnce()).once(type, build);
    }
}
