package io.egressallowlist.shared.api;

import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.BlockedAttempt;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.Scope;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.Scopes;
import io.egressallowlist.shared.domain.StudioIdentity;
import io.egressallowlist.shared.domain.TargetIndex;
import io.egressallowlist.shared.domain.VersionLog;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The read side of every scope: which scope a read is about, each scope's {@link AllowlistQueries} over its own
 * version log, and an overview of the scopes (their mode, size and head version). A deployment without a scopes file
 * has one scope, {@code default}, whose version log is the one it always had.
 */
public final class ScopeQueries {

    /** The outcome of {@link #choose}. */
    public sealed interface Choice {
        /** One function per case, so that a new case fails compilation wherever it is not handled. */
        record Cases<R>(Function<? super Chosen, ? extends R> chosen, Function<? super Unknown, ? extends R> unknown,
                        Function<? super Required, ? extends R> required) { }

        <R> R match(Cases<R> cases);

        /** The scope the read is about. */
        record Chosen(Scope scope) implements Choice {
            @Override public <R> R match(Cases<R> cases) { return cases.chosen().apply(this); }
        }

        /** The scope named does not exist; {@code known} are those that do. */
        record Unknown(ScopeName name, List<ScopeName> known) implements Choice {
            @Override public <R> R match(Cases<R> cases) { return cases.unknown().apply(this); }
        }

        /** None was named, the caller belongs to none and there is no {@code default}: the caller must name one. */
        record Required(List<ScopeName> known) implements Choice {
            @Override public <R> R match(Cases<R> cases) { return cases.required().apply(this); }
        }
    }

    /**
     * One scope as people see it.
     *
     * @param mode    the mode of the version applied last (the scope's initial mode before any)
     * @param entries the number of entries of that version (0 before any)
     * @param head    the newest version number, applied or not; empty before the first
     */
    public record Overview(ScopeName name, ScopeMode mode, int capacity, int entries, Optional<Long> head,
                           Set<String> studioDomainIds) { }

    private final Scopes scopes;
    private final Function<ScopeName, VersionLog> logs;
    private final Map<ScopeName, AllowlistQueries> queries = new ConcurrentHashMap<>();

    /** @param logs the version log of a scope (each scope's is named after its rule group) */
    public ScopeQueries(Scopes scopes, Function<ScopeName, VersionLog> logs) {
        this.scopes = Objects.requireNonNull(scopes, "scopes");
        this.logs = Objects.requireNonNull(logs, "logs");
    }

    public Scopes scopes() {
        return scopes;
    }

    /**
     * The scope a read is about: {@code named} when given, else the scope of the caller's Studio domain, else
     * {@code default} when the deployment has it.
     */
    public Choice choose(Optional<ScopeName> named, StudioIdentity caller) {
        if (named.isPresent()) {
            return scopes.find(named.get()).<Choice>map(Choice.Chosen::new)
                    .orElseGet(() -> new Choice.Unknown(named.get(), scopes.names()));
        }
        Optional<Scope> own = studioDomain(caller).flatMap(scopes::forStudioDomain);
        return own.or(() -> scopes.find(ScopeName.DEFAULT)).<Choice>map(Choice.Chosen::new)
                .orElseGet(() -> new Choice.Required(scopes.names()));
    }

    /** The queries over {@code scope}'s version log. */
    public AllowlistQueries in(ScopeName scope) {
        scopes.get(scope);
        return queries.computeIfAbsent(scope, name -> new AllowlistQueries(logs.apply(name)));
    }

    /** Every scope in declaration order. */
    public List<Overview> overview() {
        return scopes.all().stream().map(this::overview).toList();
    }

    /** {@code scope} as people see it. */
    public Overview overview(Scope scope) {
        VersionLog log = logs.apply(scope.name());
        Optional<AllowlistVersion> applied = log.lastApplied();
        return new Overview(scope.name(), applied.map(AllowlistVersion::mode).orElse(scope.initialMode()),
                scope.capacity(), applied.map(version -> version.targets().size()).orElse(0),
                log.head().map(AllowlistVersion::number), scope.studioDomainIds());
    }

    /**
     * What switching {@code scope} to enforce would block now: the hosts its learning recorded among {@code attempts}
     * (would-have-been-blocked records of that scope) that the version applied last does not hold, sorted.
     */
    public List<String> wouldBlock(ScopeName scope, List<BlockedAttempt> attempts) {
        TargetIndex held = TargetIndex.of(in(scope).current().map(AllowlistVersion::targets).orElse(List.of()));
        return attempts.stream().filter(attempt -> attempt.learning() && attempt.scope().equals(Optional.of(scope)))
                .map(BlockedAttempt::host)
                .filter(host -> host.name().flatMap(held::coveringEntry).isEmpty())
                .map(host -> host.name().map(DomainName::target).orElse(host.shown()))
                .distinct().sorted().toList();
    }

    private static Optional<String> studioDomain(StudioIdentity caller) {
        return caller.match(new StudioIdentity.Cases<Optional<String>>(notStudio -> Optional.empty(),
                profile -> Optional.of(profile.domainId()), ambiguous -> Optional.empty(),
                unavailable -> Optional.empty()));
    }
}
