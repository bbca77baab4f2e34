package io.egressallowlist.shared.domain;

import java.util.List;
import java.util.function.Function;

/** What {@link StudioIdentityResolver} found out about a caller. */
public sealed interface StudioIdentity {
    /** One function per case, so that a new case fails compilation wherever it is not handled. */
    record Cases<R>(Function<? super NotStudio, ? extends R> notStudio,
            Function<? super Profile, ? extends R> profile,
            Function<? super AmbiguousProfile, ? extends R> ambiguousProfile,
            Function<? super Unavailable, ? extends R> unavailable) { }

    <R> R match(Cases<R> cases);

    /** Where the matched execution role was configured. */
    enum RoleSource {
        /** The user profile's own {@code UserSettings.ExecutionRole}. */
        USER_PROFILE,
        /** The profile has no role of its own and inherits the domain's {@code DefaultUserSettings.ExecutionRole}. */
        DOMAIN_DEFAULT
    }

    /** The caller is not a session of any execution role of the configured Studio domains. */
    record NotStudio() implements StudioIdentity {
        @Override public <R> R match(Cases<R> cases) { return cases.notStudio().apply(this); }
    }

    /** The caller is the Studio user profile {@code userProfileName} of {@code domainId}. */
    record Profile(String domainId, String userProfileName, String executionRole, RoleSource roleSource)
            implements StudioIdentity {
        @Override public <R> R match(Cases<R> cases) { return cases.profile().apply(this); }
    }

    /**
     * The caller uses an execution role several profiles share (typically the domain default), and the
     * session name names none of them: it is Studio, but which person cannot be told.
     */
    record AmbiguousProfile(String executionRole, List<String> candidates) implements StudioIdentity {
        @Override public <R> R match(Cases<R> cases) { return cases.ambiguousProfile().apply(this); }
        public AmbiguousProfile {
            candidates = List.copyOf(candidates);
        }
    }

    /** SageMaker could not be read and no earlier index is cached; {@code reason} is for logs. */
    record Unavailable(String reason) implements StudioIdentity {
        @Override public <R> R match(Cases<R> cases) { return cases.unavailable().apply(this); }
    }
}
