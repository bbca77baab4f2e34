package io.egressallowlist.shared.requests;

import io.egressallowlist.shared.domain.ScopeName;

import java.util.Objects;
import java.util.Optional;

/**
 * Which scope a new request is for: the one the asker named, else their own (the scope of their Studio domain),
 * else {@link ScopeName#DEFAULT} when the deployment has it.
 *
 * @param asked   the scope name as the asker gave it (checked when the request is made: a clear refusal, not an
 *                exception, answers a name that is not one or names no scope)
 * @param callers the scope of the asker's Studio domain, when they have one
 */
public record ScopeChoice(Optional<String> asked, Optional<ScopeName> callers) {

    public ScopeChoice {
        Objects.requireNonNull(asked, "asked");
        Objects.requireNonNull(callers, "callers");
    }

    /** Nothing named and no Studio domain: {@code default}, where the deployment has it. */
    public static ScopeChoice unspecified() {
        return new ScopeChoice(Optional.empty(), Optional.empty());
    }

    /** The scope named {@code asked} (blank or null: none named), else the caller's own. */
    public static ScopeChoice of(String asked, Optional<ScopeName> callers) {
        return new ScopeChoice(Optional.ofNullable(asked).filter(name -> !name.isBlank()), callers);
    }

    public static ScopeChoice named(ScopeName scope) {
        return new ScopeChoice(Optional.of(scope.value()), Optional.empty());
    }
}
