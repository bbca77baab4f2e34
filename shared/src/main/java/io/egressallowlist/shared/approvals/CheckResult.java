package io.egressallowlist.shared.approvals;

import io.egressallowlist.shared.domain.VersionNumber;

import java.util.function.Function;

/** Whether a domain is allowed by the version on the firewall now. */
public sealed interface CheckResult {

    /** One function per case, so that a new case fails compilation wherever it is not handled. */
    record Cases<R>(Function<? super NothingApplied, ? extends R> nothingApplied,
            Function<? super Allowed, ? extends R> allowed,
            Function<? super NotAllowed, ? extends R> notAllowed) { }

    <R> R match(Cases<R> cases);

    /** No version has reached the firewall yet, so nothing is allowed. */
    record NothingApplied() implements CheckResult {
        @Override public <R> R match(Cases<R> cases) { return cases.nothingApplied().apply(this); }
    }

    /** Allowed by {@code entry} of the live version. */
    record Allowed(String entry, VersionNumber version) implements CheckResult {
        @Override public <R> R match(Cases<R> cases) { return cases.allowed().apply(this); }
    }

    /** No entry of the live version covers the domain. */
    record NotAllowed(VersionNumber version) implements CheckResult {
        @Override public <R> R match(Cases<R> cases) { return cases.notAllowed().apply(this); }
    }
}
