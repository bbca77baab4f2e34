package io.egressallowlist.shared.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Who called the private API from which source address, and when: API Gateway gives each call's source address
 * ({@code requestContext.identity.sourceIp}) beside the authenticated caller. A binding holds at the moment it was
 * seen, not before or after: an address is reused when an app stops and another starts, so a blocked attempt is
 * attributed through bindings only when the bindings around it agree (see {@code blocked.Attributor}).
 */
public interface SourceBindings {

    /** {@code caller} (a Studio user profile) called from {@code address} at {@code seenAt}. */
    record Binding(SourceAddress address, String domainId, String userProfileName, Instant seenAt) {
        public Binding {
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(seenAt, "seenAt");
            new Attribution.UserProfile(domainId, userProfileName, Attribution.Evidence.API_CALLER_SOURCE);
        }

        public Attribution.UserProfile attribution() {
            return new Attribution.UserProfile(domainId, userProfileName, Attribution.Evidence.API_CALLER_SOURCE);
        }

        /**
         * Whether this binding was seen from {@code from} to {@code to}, both included. Compared to the millisecond,
         * as the stores keep {@code seenAt}: a binding found by {@link #seenBetween} passes, whatever the store.
         */
        public boolean seenWithin(Instant from, Instant to) {
            long seen = seenAt.toEpochMilli();
            return seen >= from.toEpochMilli() && seen <= to.toEpochMilli();
        }
    }

    /** Records {@code binding}; kept until {@code expiresAt}. */
    void bind(Binding binding, Instant expiresAt);

    /** The bindings of {@code address} seen from {@code from} to {@code to} ({@link Binding#seenWithin}), oldest first. */
    List<Binding> seenBetween(SourceAddress address, Instant from, Instant to);

    /** The bindings of {@code address} seen within {@code window} of {@code at} (either side), oldest first. */
    default List<Binding> around(SourceAddress address, Instant at, Duration window) {
        return seenBetween(address, at.minus(window), at.plus(window));
    }
}
