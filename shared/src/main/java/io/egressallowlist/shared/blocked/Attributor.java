package io.egressallowlist.shared.blocked;

import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.Attribution.Evidence;
import io.egressallowlist.shared.domain.NetworkInterfaces;
import io.egressallowlist.shared.domain.NetworkInterfaces.NetworkInterface;
import io.egressallowlist.shared.domain.SourceAddress;
import io.egressallowlist.shared.domain.SourceBindings;
import io.egressallowlist.shared.domain.StudioSubnets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Attributes a source address to the finest identity the evidence supports (docs/aws-api-notes.md, "Blocked
 * attempts"), in this order:
 * <ol>
 *   <li>tags on the interface holding the address that name a Studio user profile or space (SageMaker documents
 *       none for Studio app interfaces; an operator may add them);</li>
 *   <li>the Studio user profile that called the private API from the address, when every binding within
 *       {@link #BINDING_WINDOW} of the attempt names that same profile: an address that changed hands around the
 *       attempt attributes it to nobody rather than to the wrong person;</li>
 *   <li>the Studio domain whose subnet ({@code STUDIO_SUBNETS}) holds the interface;</li>
 *   <li>nobody.</li>
 * </ol>
 * Interface lookups are cached for {@link #INTERFACE_TTL} (an app's interface keeps its address while the app
 * runs); a failed lookup is not cached.
 */
public final class Attributor {

    /** How far from an API call its source address is taken to still be the caller's. */
    public static final Duration BINDING_WINDOW = Duration.ofHours(1);
    static final Duration INTERFACE_TTL = Duration.ofMinutes(5);
    static final int INTERFACE_CACHE_SIZE = 10_000;

    /** Interface tags naming a Studio user profile or space by ARN, as SageMaker names its resources. */
    static final String PROFILE_TAG = "sagemaker:user-profile-arn";
    static final String SPACE_TAG = "sagemaker:space-arn";

    private record Cached(Optional<NetworkInterface> networkInterface, Instant until) { }

    private final NetworkInterfaces interfaces;
    private final SourceBindings bindings;
    private final StudioSubnets subnets;
    private final Clock clock;
    private final Map<SourceAddress, Cached> cache = new LeastRecentlyUsed<>(256, INTERFACE_CACHE_SIZE);

    public Attributor(NetworkInterfaces interfaces, SourceBindings bindings, StudioSubnets subnets, Clock clock) {
        this.interfaces = interfaces;
        this.bindings = bindings;
        this.subnets = subnets;
        this.clock = clock;
    }

    /** The first and the last flow time of one source's flows in a delivery. */
    public record Span(Instant first, Instant last) {
        public Span {
            if (last.isBefore(first)) {
                throw new IllegalArgumentException("a span ends at or after its start");
            }
        }

        /** This span widened to include {@code from} … {@code to}. */
        public Span including(Instant from, Instant to) {
            return new Span(from.isBefore(first) ? from : first, to.isAfter(last) ? to : last);
        }

        boolean covers(Instant from, Instant to) {
            return !from.isBefore(first) && !to.isAfter(last);
        }
    }

    /** Whom the flows from {@code address} between {@code first} and {@code last} are attributed to. */
    public Attribution attribute(SourceAddress address, Instant first, Instant last) {
        return batch(Map.of(address, new Span(first, last))).attribute(address, first, last);
    }

    /**
     * Attribution for one delivery whose flows from each source lie within its {@code spans}: each source's
     * interface is looked up and its API callers are read at most once for the whole delivery, however many
     * hosts it was refused (a delivery holds few sources and many pairs). Use it on one thread.
     */
    public Batch batch(Map<SourceAddress, Span> spans) {
        return new Batch(Map.copyOf(spans));
    }

    /**
     * One delivery's attributions. The callers of a source are read once over its whole span widened by
     * {@link #BINDING_WINDOW}; each attribution then keeps only the bindings within the window of its own first
     * and last flow, exactly those one read per flow time would find, so an address that changed hands within the
     * delivery still attributes each attempt by the bindings around it alone.
     */
    public final class Batch {

        private final Map<SourceAddress, Span> spans;
        private final Map<SourceAddress, Optional<NetworkInterface>> interfacesSeen = new HashMap<>();
        private final Map<SourceAddress, List<SourceBindings.Binding>> callersSeen = new HashMap<>();

        private Batch(Map<SourceAddress, Span> spans) {
            this.spans = spans;
        }

        /** Whom the flows from {@code address} between {@code first} and {@code last} are attributed to. */
        public Attribution attribute(SourceAddress address, Instant first, Instant last) {
            Span span = spans.get(address);
            if (span == null || !span.covers(first, last)) {
                throw new IllegalArgumentException("flows of " + address.value() + " outside the delivery's span");
            }
            Optional<NetworkInterface> eni = interfacesSeen.computeIfAbsent(address, Attributor.this::networkInterface);
            Optional<Attribution> tagged = eni.flatMap(Attributor::fromTags);
            if (tagged.isPresent()) {
                return tagged.get();
            }
            List<SourceBindings.Binding> callers = callersSeen.computeIfAbsent(address, a -> bindings.seenBetween(a,
                    span.first().minus(BINDING_WINDOW), span.last().plus(BINDING_WINDOW)));
            Optional<Attribution> caller = fromBindings(callers, first, last);
            if (caller.isPresent()) {
                return caller.get();
            }
            return eni.flatMap(found -> subnets.domainOf(found.subnetId()))
                    .<Attribution>map(domain -> new Attribution.StudioDomain(domain, Evidence.INTERFACE_SUBNET))
                    .orElseGet(Attribution.Unattributed::new);
        }
    }

    private synchronized Optional<NetworkInterface> networkInterface(SourceAddress address) {
        Instant now = clock.instant();
        Cached cached = cache.get(address);
        if (cached != null && now.isBefore(cached.until())) {
            return cached.networkInterface();
        }
        try {
            Optional<NetworkInterface> found = interfaces.holding(address);
            cache.put(address, new Cached(found, now.plus(INTERFACE_TTL)));
            return found;
        } catch (NetworkInterfaces.Unavailable unavailable) {
            return Optional.empty();
        }
    }

    /** The one profile every binding within the window of {@code first} or of {@code last} names; else none. */
    private static Optional<Attribution> fromBindings(List<SourceBindings.Binding> callers, Instant first, Instant last) {
        Set<Attribution> named = callers.stream()
                .filter(b -> b.seenWithin(first.minus(BINDING_WINDOW), first.plus(BINDING_WINDOW))
                        || b.seenWithin(last.minus(BINDING_WINDOW), last.plus(BINDING_WINDOW)))
                .map(SourceBindings.Binding::attribution).collect(Collectors.toSet());
        return named.size() == 1 ? Optional.of(named.iterator().next()) : Optional.empty();
    }

    /** A profile or space named by an interface tag whose ARN is well formed; anything else names nobody. */
    static Optional<Attribution> fromTags(NetworkInterface eni) {
        Optional<String[]> profile = resource(eni.tags().get(PROFILE_TAG), "user-profile");
        if (profile.isPresent()) {
            return attribution(() -> new Attribution.UserProfile(profile.get()[0], profile.get()[1], Evidence.INTERFACE_TAGS));
        }
        Optional<String[]> space = resource(eni.tags().get(SPACE_TAG), "space");
        return space.flatMap(s -> attribution(() -> new Attribution.Space(s[0], s[1], Evidence.INTERFACE_TAGS)));
    }

    /** {@code arn:<partition>:sagemaker:<region>:<account>:<type>/<domain id>/<name>} → {domain id, name}. */
    private static Optional<String[]> resource(String arn, String type) {
        if (arn == null || arn.length() > 256) {
            return Optional.empty();
        }
        String[] fields = arn.split(":", 6);
        if (fields.length != 6 || !fields[0].equals("arn") || !fields[2].equals("sagemaker")) {
            return Optional.empty();
        }
        String[] path = fields[5].split("/", -1);
        if (path.length != 3 || !path[0].equals(type)) {
            return Optional.empty();
        }
        return Optional.of(new String[] {path[1], path[2]});
    }

    private static Optional<Attribution> attribution(java.util.function.Supplier<Attribution> build) {
        try {
            return Optional.of(build.get());
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }
}
