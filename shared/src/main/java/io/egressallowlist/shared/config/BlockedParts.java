package io.egressallowlist.shared.config;

import io.egressallowlist.shared.blocked.AlertIngest;
import io.egressallowlist.shared.blocked.Attributor;
import io.egressallowlist.shared.blocked.BlockedQueries;
import io.egressallowlist.shared.blocked.CallerSources;
import io.egressallowlist.shared.blocked.DigestRun;
import io.egressallowlist.shared.domain.BlockedAttempts;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.SourceBindings;
import io.egressallowlist.shared.domain.StudioSubnets;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.ec2.Ec2NetworkInterfaces;
import io.egressallowlist.shared.notify.ApproverGroups;
import io.egressallowlist.shared.notify.BlockedDigests;
import io.egressallowlist.shared.store.DynamoBlockedAttempts;
import io.egressallowlist.shared.store.DynamoSourceBindings;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The blocked-attempts part of the composition root ({@link ControlPlane#blocked()}): its stores, attribution and
 * use cases, each built once on first use, from the root's clients and parts.
 */
public final class BlockedParts {

    private final ControlPlaneConfig config;
    private final AwsClients aws;
    private final Clock clock;
    private final Supplier<VersionLog> versions;
    private final Function<ScopeName, VersionLog> scopeLogs;
    private final Supplier<RequestRepository> requests;
    private final Supplier<BlockedDigests> digests;
    private final Supplier<Optional<ApproverGroups>> groups;
    private final BuiltOnce parts = new BuiltOnce();

    /**
     * @param versions  the primary scope's version log (digests)
     * @param scopeLogs each scope's version log (what {@code GET /blocked} says is allowed now, per scope)
     */
    BlockedParts(ControlPlaneConfig config, AwsClients aws, Clock clock, Supplier<VersionLog> versions,
                 Function<ScopeName, VersionLog> scopeLogs, Supplier<RequestRepository> requests,
                 Supplier<BlockedDigests> digests, Supplier<Optional<ApproverGroups>> groups) {
        this.config = config;
        this.aws = aws;
        this.clock = clock;
        this.versions = versions;
        this.scopeLogs = scopeLogs;
        this.requests = requests;
        this.digests = digests;
        this.groups = groups;
    }

    public BlockedAttempts attempts() {
        return once(BlockedAttempts.class, () -> new DynamoBlockedAttempts(aws.dynamo(), table(), clock));
    }

    public SourceBindings sourceBindings() {
        return once(SourceBindings.class, () -> new DynamoSourceBindings(aws.dynamo(), table()));
    }

    /** Attribution over EC2, the API callers' source addresses and {@code STUDIO_SUBNETS}; its cache lives here. */
    public Attributor attributor() {
        return once(Attributor.class, () -> new Attributor(new Ec2NetworkInterfaces(aws.ec2()), sourceBindings(),
                StudioSubnets.parse(config.studioSubnets()), clock));
    }

    public AlertIngest alertIngest() {
        return once(AlertIngest.class, () -> new AlertIngest(attempts(), attributor(), config.blockedRetention(),
                AlertIngest.WRITES_IN_FLIGHT, Optional.ofNullable(config.scopes())));
    }

    public BlockedQueries queries() {
        return once(BlockedQueries.class, () -> new BlockedQueries(attempts(), scopeLogs, requests.get(),
                config.scopes(), groups.get()));
    }

    public DigestRun digests() {
        return once(DigestRun.class, () -> new DigestRun(attempts(), versions.get(), requests.get(), digests.get(),
                config.identityLinks(), config.digestInterval(), config.blockedRetention(), clock));
    }

    /** What the request API records of each caller's source address. */
    public CallerSources callerSources() {
        return once(CallerSources.class, () -> new CallerSources(sourceBindings(), config.blockedRetention(), clock));
    }

    private String table() {
        if (config.tables().blocked().isEmpty()) {
            throw new ControlPlaneConfig.ConfigException(List.of(EnvKey.BLOCKED_TABLE.name()
                    + " is required to read or write blocked attempts"));
        }
        return config.tables().blocked();
    }

    private <T> T once(Class<T> type, Supplier<? extends T> build) {
        return parts.once(type, build);
    }
}
