package io.egressallowlist.shared.blocked;

import io.egressallowlist.shared.domain.SourceAddress;
import io.egressallowlist.shared.domain.SourceBindings;
import io.egressallowlist.shared.domain.StudioIdentity;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Records, for the request API, which Studio user profile called from which source address (API Gateway's
 * {@code requestContext.identity.sourceIp}), so that blocked attempts from that address can be attributed to the
 * caller ({@link Attributor}). Cheap by design: one write per caller and address per {@link #REFRESH} in each
 * container, and only for callers resolved to a Studio user profile. A failed write is the caller's to ignore: an
 * API call never fails for it.
 */
public final class CallerSources {

    /** A caller calling again from the same address within this is not written again. */
    public static final Duration REFRESH = Duration.ofMinutes(5);
    static final int MAX_REMEMBERED = 1_000;

    private record Seen(String domainId, String profile, SourceAddress address) { }

    private final SourceBindings bindings;
    private final Duration retention;
    private final Clock clock;
    private final Map<Seen, Instant> written = new LeastRecentlyUsed<>(64, MAX_REMEMBERED);

    public CallerSources(SourceBindings bindings, Duration retention, Clock clock) {
        this.bindings = Objects.requireNonNull(bindings, "bindings");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Notes that {@code caller} called from {@code sourceIp}; true when a binding was written. Nothing is written
     * for a caller that is not one Studio user profile or an address that is not an IP literal.
     */
    public boolean called(StudioIdentity caller, String sourceIp) {
        Optional<SourceAddress> address = SourceAddress.parse(sourceIp);
        Optional<StudioIdentity.Profile> profile = caller.match(new StudioIdentity.Cases<Optional<StudioIdentity.Profile>>(
                notStudio -> Optional.empty(), Optional::of, ambiguous -> Optional.empty(), unavailable -> Optional.empty()));
        if (address.isEmpty() || profile.isEmpty()) {
            return false;
        }
        Seen seen = new Seen(profile.get().domainId(), profile.get().userProfileName(), address.get());
        Instant now = clock.instant();
        synchronized (written) {
            Instant last = written.get(seen);
            if (last != null && now.isBefore(last.plus(REFRESH))) {
                return false;
            }
            written.put(seen, now);
        }
        bindings.bind(new SourceBindings.Binding(address.get(), seen.domainId(), seen.profile(), now), now.plus(retention));
        return true;
    }
}
