package io.egressallowlist.shared.api;

import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.TargetIndex;
import io.egressallowlist.shared.domain.VersionDiff;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.domain.VersionLog.VersionSummary;
import io.egressallowlist.shared.domain.VersionNumber;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The read side of the allow-list for people and tools: what is allowed now, whether a name is
 * allowed and by which entry, the versions and what each one changed. Reads the version log only;
 * "now" is the last version applied to the firewall, not a pending one.
 */
public final class AllowlistQueries {

    private final VersionLog versions;

    public AllowlistQueries(VersionLog versions) {
        this.versions = versions;
    }

    /** The outcome of {@link #check}. */
    public sealed interface Check {
        /** One function per case, so that a new case fails compilation wherever it is not handled. */
        record Cases<R>(Function<? super Invalid, ? extends R> invalid,
                Function<? super NoAppliedVersion, ? extends R> noAppliedVersion,
                Function<? super Allowed, ? extends R> allowed,
                Function<? super NotAllowed, ? extends R> notAllowed) { }

        <R> R match(Cases<R> cases);

        /** The input is not an allow-list entry; {@code message} says why. */
        record Invalid(DomainName.Reason reason, String message) implements Check {
            @Override public <R> R match(Cases<R> cases) { return cases.invalid().apply(this); }
        }

        /** No version has been applied yet, so nothing can be said. */
        record NoAppliedVersion(DomainName name) implements Check {
            @Override public <R> R match(Cases<R> cases) { return cases.noAppliedVersion().apply(this); }
        }

        /** {@code entry} of the applied version allows the name. */
        record Allowed(DomainName name, String entry, AllowlistVersion version) implements Check {
            @Override public <R> R match(Cases<R> cases) { return cases.allowed().apply(this); }
        }

        /** No entry of the applied version allows the name. */
        record NotAllowed(DomainName name, AllowlistVersion version) implements Check {
            @Override public <R> R match(Cases<R> cases) { return cases.notAllowed().apply(this); }
        }
    }

    /** A version with what it changed against its parent (against nothing for the first version). */
    public record VersionDetail(AllowlistVersion version, VersionDiff changes) { }

    /** The outcome of {@link #diff}. */
    public sealed interface Diff {
        /** One function per case, so that a new case fails compilation wherever it is not handled. */
        record Cases<R>(Function<? super Found, ? extends R> found,
                Function<? super Missing, ? extends R> missing) { }

        <R> R match(Cases<R> cases);

        record Found(AllowlistVersion from, AllowlistVersion to, VersionDiff diff) implements Diff {
            @Override public <R> R match(Cases<R> cases) { return cases.found().apply(this); }
        }

        /** {@code number} does not exist. */
        record Missing(VersionNumber number) implements Diff {
            @Override public <R> R match(Cases<R> cases) { return cases.missing().apply(this); }
        }
    }

    /** A page of summaries, newest first; {@code nextBefore} continues the listing, null at the end. */
    public record VersionPage(List<VersionSummary> items, Long nextBefore) {
        public VersionPage {
            items = List.copyOf(items);
        }
    }

    /** The version the firewall holds, as far as the control plane applied it. */
    public Optional<AllowlistVersion> current() {
        return versions.lastApplied();
    }

    /** Whether traffic to {@code domain} is allowed by the applied version ({@link DomainName#parseHost}). */
    public Check check(String domain) {
        return DomainName.parseHost(domain).match(new DomainName.ParseResult.Cases<>(valid -> check(valid.domainName()),
                invalid -> new Check.Invalid(invalid.reason(), invalid.message())));
    }

    private Check check(DomainName name) {
        Optional<AllowlistVersion> live = versions.lastApplied();
        if (live.isEmpty()) {
            return new Check.NoAppliedVersion(name);
        }
        return TargetIndex.of(live.get().targets()).coveringEntry(name)
                .<Check>map(entry -> new Check.Allowed(name, entry, live.get()))
                .orElseGet(() -> new Check.NotAllowed(name, live.get()));
    }

    public Optional<VersionDetail> version(VersionNumber number) {
        return versions.find(number).map(version -> new VersionDetail(version, versions.changesOf(version)));
    }

    /** What changed from version {@code from} to version {@code to} (either order). */
    public Diff diff(VersionNumber from, VersionNumber to) {
        Optional<AllowlistVersion> older = versions.find(from);
        if (older.isEmpty()) {
            return new Diff.Missing(from);
        }
        Optional<AllowlistVersion> newer = from.equals(to) ? older : versions.find(to);
        if (newer.isEmpty()) {
            return new Diff.Missing(to);
        }
        return new Diff.Found(older.get(), newer.get(), newer.get().diffFrom(older.get()));
    }

    /** Summaries newest first, strictly before {@code before} when given. */
    public VersionPage versions(VersionNumber before, int limit) {
        List<VersionSummary> items = versions.list(before, limit);
        Long next = items.size() == limit && items.get(items.size() - 1).number() > 1
                ? items.get(items.size() - 1).number() : null;
        return new VersionPage(items, next);
    }
}
