package io.egressallowlist.shared.config;

import io.egressallowlist.shared.api.ApproverCheck;
import io.egressallowlist.shared.api.AuditQueries;
import io.egressallowlist.shared.api.AuditVerification;
import io.egressallowlist.shared.api.CallerResolver;
import io.egressallowlist.shared.api.RequestAnnouncer;
import io.egressallowlist.shared.api.ScopeQueries;
import io.egressallowlist.shared.approvals.Approvals;
import io.egressallowlist.shared.cleanup.CleanupService;
import io.egressallowlist.shared.cleanup.StaleAction;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.FirewallSyncCheck;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RuleGroupGateway;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.TrafficAnalysis;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.eventbridge.EventBridgePublisher;
import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.firewall.NetworkFirewallTrafficAnalysis;
import io.egressallowlist.shared.firewall.RuleGroupArn;
import io.egressallowlist.shared.ec2.Ec2NetworkPosture;
import io.egressallowlist.shared.guard.PostureGuard;
import io.egressallowlist.shared.guard.StudioGuard;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.notify.ApproverGroups;
import io.egressallowlist.shared.notify.BlockedDigests;
import io.egressallowlist.shared.notify.Notifier;
import io.egressallowlist.shared.reconcile.FirewallSync;
import io.egressallowlist.shared.reconcile.Reconciler;
import io.egressallowlist.shared.requests.RequestService;
import io.egressallowlist.shared.requests.ScopeViews;
import io.egressallowlist.shared.slack.ClickReplies;
import io.egressallowlist.shared.slack.CommandReplies;
import io.egressallowlist.shared.slack.RequestForm;
import io.egressallowlist.shared.slack.SecretSource;
import io.egressallowlist.shared.slack.SlackBlockedDigests;
import io.egressallowlist.shared.slack.SlackClient;
import io.egressallowlist.shared.slack.SlackNotifier;
import io.egressallowlist.shared.slack.SlackSignatureVerifier;
import io.egressallowlist.shared.slack.SlackUserGroups;
import io.egressallowlist.shared.store.DynamoAuditChain;
import io.egressallowlist.shared.store.DynamoAuditTrail;
import io.egressallowlist.shared.store.DynamoMessageRefs;
import io.egressallowlist.shared.store.DynamoRequestStore;
import io.egressallowlist.shared.studio.SageMakerStudioDomains;
import io.egressallowlist.shared.studio.StudioIdentityResolver;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The composition root of one function in one container: the only place that knows every implementation.
 * It builds the SDK clients ({@link AwsClients}), the adapters (stores, rule group, event bus, Slack, Studio)
 * and the use cases, each once and only when the handler first asks for it, so that a function builds what it
 * uses and nothing else (a cold start pays for no client it never calls). Handlers ask for everything they need
 * in their constructor, so all of it exists before a SnapStart snapshot is taken.
 *
 * <p>{@link Builder#build()} checks what the function cannot start without ({@link EnvKey#missingFor}) and
 * refuses, naming every missing variable, before anything is built.
 *
 * <p>Adding a use case is one method: build it from the parts below inside {@link #once}.
 */
public final class ControlPlane {

    /** How long slack-interactions trusts what it read of a Slack user group's members. */
    static final Duration USER_GROUP_CACHE = Duration.ofMinutes(1);

    private final String function;
    private final ControlPlaneConfig config;
    private final Clock clock;
    private final Random random;
    private final Notifier givenNotifier;
    private final BlockedDigests givenDigests;
    private final AwsClients aws;
    private final BuiltOnce parts = new BuiltOnce();

    private ControlPlane(Builder builder) {
        this.function = builder.function;
        this.config = builder.config;
        this.clock = builder.clock;
        this.random = builder.random;
        this.givenNotifier = builder.notifier;
        this.givenDigests = builder.digests;
        this.aws = new AwsClients(config);
    }

    /** The root of {@code function} (one of {@link FunctionNames#ALL}) over {@code config}. */
    public static Builder builder(String function, ControlPlaneConfig config) {
        return new Builder(function, config);
    }

    /** The root of {@code function} over {@code config} with the production clock, ids and notifier. */
    public static ControlPlane of(String function, ControlPlaneConfig config) {
        return builder(function, config).build();
    }

    /** What a root is built from besides the configuration; each has a production default. */
    public static final class Builder {
        private final String function;
        private final ControlPlaneConfig config;
        private Clock clock = Clock.systemUTC();
        private Random random;
        private Notifier notifier;
        private BlockedDigests digests;

        private Builder(String function, ControlPlaneConfig config) {
            if (!FunctionNames.ALL.contains(function)) {
                throw new IllegalArgumentException("no function is called " + function + "; " + FunctionNames.ALL);
            }
            this.function = function;
            this.config = Objects.requireNonNull(config, "config");
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Request ids and the reconciler's backoff jitter; a {@link SecureRandom} unless given. */
        public Builder random(Random random) {
            this.random = Objects.requireNonNull(random, "random");
            return this;
        }

        /** Tells people through {@code notifier} instead of Slack (tests); {@code null} keeps Slack. */
        public Builder notifier(Notifier notifier) {
            this.notifier = notifier;
            return this;
        }

        /** Sends digests of blocked attempts through {@code digests} instead of Slack (tests); null keeps Slack. */
        public Builder blockedDigests(BlockedDigests digests) {
            this.digests = digests;
            return this;
        }

        /** The root, once the configuration holds everything the function cannot start without. */
        public ControlPlane build() {
            List<String> problems = new ArrayList<>(EnvKey.missingFor(function, config.given()));
            if (!problems.isEmpty()) {
                throw new ControlPlaneConfig.ConfigException(problems);
            }
            if (EnvKey.RULE_GROUP_ARN.isReadBy(function)) {
                RuleGroupArn.parse(config.ruleGroupArn());
            }
            if (function.equals(FunctionNames.STUDIO_GUARD)) {
                StartupChecks.requireStudioDomainIds(config);
            }
            if (EnvKey.STUDIO_SUBNETS.isReadBy(function)) {
                StartupChecks.studioSubnets(config);
            }
            if (random == null) {
                random = new SecureRandom();
            }
            return new ControlPlane(this);
        }
    }

    public ControlPlaneConfig config() {
        return config;
    }

    public Clock clock() {
        return clock;
    }

    /**
     * Starts building {@code clients} on a second thread ({@link AwsClients#buildInBackground}), with Secrets
     * Manager's last when a Slack secret is read from it; what the handler sets up meanwhile needs none of them.
     */
    @SafeVarargs
    public final ControlPlane buildInBackground(Function<AwsClients, ?>... clients) {
        List<Function<AwsClients, ?>> all = new ArrayList<>(List.of(clients));
        if (secretsFromSecretsManager()) {
            all.add(AwsClients::secretsManager);
        }
        @SuppressWarnings("unchecked")
        Function<AwsClients, ?>[] array = all.toArray(new Function[0]);
        aws.buildInBackground(array);
        return this;
    }

    // ---- adapters --------------------------------------------------------------------------------

    public RequestRepository requests() {
        return once(RequestRepository.class, () -> new DynamoRequestStore(aws.dynamo(), config.tables().requests(), clock));
    }

    /** The version log of the {@link ScopedParts#primary() primary} scope's rule group, named after it. */
    public VersionLog versions() {
        return scoped().versions(scoped().primary());
    }

    public AuditTrail audit() {
        return once(AuditTrail.class, () -> new DynamoAuditTrail(aws.dynamo(), config.tables().audit(), clock));
    }

    public EventPublisher events() {
        return once(EventPublisher.class, () -> new EventBridgePublisher(aws.eventBridge(), config.eventBusName()));
    }

    /** The notifier given to the builder, or the one posting to the approvals channel in Slack. */
    public Notifier notifier() {
        return givenNotifier != null ? givenNotifier : slackNotifier();
    }

    public RuleGroupGateway ruleGroup() {
        return scoped().ruleGroup(scoped().primary());
    }

    /** The primary scope's wait for the firewall's endpoints ({@link ScopedParts#firewallInSync}). */
    public Optional<FirewallSyncCheck> firewallInSync(Duration timeout) {
        return scoped().firewallInSync(scoped().primary(), timeout);
    }

    /** Each scope's version log, rule group, reconciler and firewall-sync. */
    public ScopedParts scoped() {
        return once(ScopedParts.class, () -> new ScopedParts(config, aws, clock, random, this::requests, this::audit,
                this::events, this::notifier));
    }

    /** Verifies Slack's request signatures with the signing secret, read on first use (never in a snapshot). */
    public SlackSignatureVerifier slackSignatureVerifier() {
        return once(SlackSignatureVerifier.class, () -> new SlackSignatureVerifier(
                Secrets.of(config.slackSigningSecret(), aws::secretsManager, clock), clock));
    }

    // ---- use cases -------------------------------------------------------------------------------

    public RequestService requestService() {
        return once(RequestService.class, () -> new RequestService(requests(),
                ScopeViews.of(config.scopes(), scoped()::versions), audit(), config.pendingTimeout(), clock, random));
    }

    public ScopeQueries scopeQueries() {
        return once(ScopeQueries.class, () -> new ScopeQueries(config.scopes(), scoped()::versions));
    }

    /**
     * Who is calling: Studio user profiles (SageMaker) of the Studio domains (every scope's, with SCOPES_FILE), the
     * configured identity links, and the scope each Studio domain belongs to.
     */
    public CallerResolver callerResolver() {
        return once(CallerResolver.class, () -> new CallerResolver(new StudioIdentityResolver(aws.sageMaker(),
                config.studioDomainIds(), clock, StudioIdentityResolver.DEFAULT_TTL)::resolve, config.identityLinks(),
                config.scopes()));
    }

    public RequestAnnouncer requestAnnouncer() {
        return once(RequestAnnouncer.class, () -> new RequestAnnouncer(events(), notifier(),
                JsonLog.of(RequestAnnouncer.class)));
    }

    /** The single writer of the primary scope's versions and rule group. */
    public Reconciler reconciler() {
        return scoped().reconciler(scoped().primary());
    }

    /** One firewall-sync invocation of the primary scope (every scope's: {@link ScopedParts#syncs()}). */
    public FirewallSync firewallSync() {
        return scoped().firewallSync(scoped().primary());
    }

    /** Expiries, reminders and unused entries; reads the firewall's traffic analysis when one is configured. */
    public CleanupService cleanupService() {
        return once(CleanupService.class, () -> {
            Optional<TrafficAnalysis> traffic = Optional.ofNullable(config.firewallName())
                    .map(firewall -> new NetworkFirewallTrafficAnalysis(aws.networkFirewall(), firewall));
            Map<ScopeName, VersionLog> logs = new LinkedHashMap<>();
            config.scopes().names().forEach(scope -> logs.put(scope, scoped().versions(scope)));
            return new CleanupService(requestService(), requests(), logs, audit(), traffic, events(), notifier(),
                    clock, CleanupService.Settings.of(config.reminderBefore(), config.staleAfter(),
                            config.removeStale() ? StaleAction.REMOVE : StaleAction.FLAG));
        });
    }

    public StudioGuard studioGuard() {
        return once(StudioGuard.class, () -> new StudioGuard(new SageMakerStudioDomains(aws.sageMaker()),
                config.studioDomainIds(), config.protectedSubnetIds(), audit(), events(), notifier(), clock));
    }

    /** The VPC's posture, when {@code VPC_ID} names it: its route tables and endpoints, read through EC2. */
    public Optional<PostureGuard> postureGuard() {
        return config.networkPosture().map(posture -> once(PostureGuard.class, () -> new PostureGuard(
                new Ec2NetworkPosture(aws.ec2()), posture, audit(), events(), notifier(), clock)));
    }

    /**
     * Decisions and {@code /egress} from Slack; approver group membership is read from Slack. The Slack client
     * is built first: it needs no SDK client, so it is set up while {@link #buildInBackground} still builds them.
     */
    public Approvals approvals() {
        return once(Approvals.class, () -> {
            // Without a bot token (the request API of a deployment without Slack) no group can be read: only the
            // approvers the policy names are approvers, as for the blocked attempts.
            ApproverGroups groups = approverGroups().orElse((user, candidates) -> Set.of());
            Approvals approvals = new Approvals(requestService(), requests(), versions(), events(), groups,
                    JsonLog.of(Approvals.class));
            return config.tables().blocked().isEmpty() ? approvals
                    : approvals.withBlocked(() -> blocked().queries(), config.identityLinks());
        });
    }

    /** What button clicks are answered with. */
    public ClickReplies clickReplies() {
        return once(ClickReplies.class, () -> new ClickReplies(slackNotifier(), slackClient(), config.policy().quorum(),
                JsonLog.of(ClickReplies.class)));
    }

    /** What the {@code /egress} slash command is answered with. */
    public CommandReplies commandReplies() {
        return once(CommandReplies.class, () -> new CommandReplies(slackNotifier(), config.slackChannelId(),
                config.policy().quorum()));
    }

    /** Blocked attempts: their store, attribution, ingest, queries, digests and the API callers' addresses. */
    public BlockedParts blocked() {
        return once(BlockedParts.class, () -> new BlockedParts(config, aws, clock, this::versions,
                scope -> scoped().versions(scope), this::requests,
                () -> givenDigests != null ? givenDigests : new SlackBlockedDigests(slackClient(), config.slackChannelId()),
                this::approverGroups));
    }

    /** Pages of the audit trail, for approvers and operators ({@code OPERATOR_PRINCIPALS}) only. */
    public AuditQueries auditQueries() {
        return once(AuditQueries.class, () -> new AuditQueries(audit(),
                new ApproverCheck(config.scopes().anyScopesApprovers(), approverGroups()), config.operators(),
                new AuditVerification(new DynamoAuditChain(aws.dynamo(), config.tables().audit()))));
    }

    /** The request form a digest's Request button opens ({@code views.open}), and its answers. */
    public RequestForm requestForm() {
        return once(RequestForm.class, () -> new RequestForm(slackClient(), clickReplies(), config.slackChannelId(),
                JsonLog.of(RequestForm.class)));
    }

    // ---- parts only the root uses ----------------------------------------------------------------

    /** Approver groups' membership, read from Slack (one cache for every part); none without a bot token. */
    private Optional<ApproverGroups> approverGroups() {
        return config.slackBotToken() == null ? Optional.empty() : Optional.of(once(SlackUserGroups.class,
                () -> new SlackUserGroups(slackClient(), clock, USER_GROUP_CACHE)));
    }

    /**
     * The Slack Web API client, its bot token read on first use: from Secrets Manager (whose client is built
     * only then) or inline in the sandbox. slack-interactions answers on Slack's clock (3 s), so its client
     * gives up sooner ({@link SlackClient.Settings#interactive()}).
     */
    private SlackClient slackClient() {
        return once(SlackClient.class, () -> {
            if (config.slackBotToken() == null || config.slackChannelId() == null) {
                throw new ControlPlaneConfig.ConfigException(List.of(EnvKey.SLACK_BOT_TOKEN_ARN.name() + " (or "
                        + EnvKey.SLACK_BOT_TOKEN.name() + " in the sandbox) and " + EnvKey.SLACK_CHANNEL_ID.name()
                        + " are required to notify approvers"));
            }
            SlackClient.Settings settings = function.equals(FunctionNames.SLACK_INTERACTIONS)
                    ? SlackClient.Settings.interactive() : SlackClient.Settings.defaults();
            SecretSource botToken = Secrets.of(config.slackBotToken(), aws::secretsManager, clock);
            return new SlackClient(config.slackApiUrl(), botToken, settings);
        });
    }

    /** Posts to the approvals channel; where its cards are is recorded in the requests table. */
    private SlackNotifier slackNotifier() {
        return once(SlackNotifier.class, () -> new SlackNotifier(slackClient(),
                new DynamoMessageRefs(aws.dynamo(), config.tables().requests(), clock), config.slackChannelId(),
                config.policy().quorum(), JsonLog.of(SlackNotifier.class)));
    }

    private boolean secretsFromSecretsManager() {
        return (config.slackSigningSecret() != null && !config.slackSigningSecret().isInline())
                || (config.slackBotToken() != null && !config.slackBotToken().isInline());
    }

    /** The part of type {@code type}, built by {@code build} the first time it is asked for. */
    private <T> T once(Class<T> type, Supplier<? extends T> build) {
        return parts.once(type, build);
    }
}
