package io.egressallowlist.shared.blocked;

import io.egressallowlist.shared.domain.BlockedHost;
import io.egressallowlist.shared.domain.DomainName;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What to request for a blocked host: the exact canonical host; or, when several hosts under one registrable name
 * were refused ({@code cdn-lfs.hf.co} and {@code xethub.hf.co}), the wildcard over that name, as long as the
 * public-suffix guard of {@link DomainName#parse} accepts it (never {@code .github.io} or {@code .amazonaws.com}).
 */
final class Suggestions {

    private final Map<String, Set<String>> hostsByRegistrable = new HashMap<>();

    private Suggestions() {
    }

    /** Suggestions for the hosts of one answer: each host is judged beside the others refused with it. */
    static Suggestions among(Collection<BlockedHost> hosts) {
        Suggestions suggestions = new Suggestions();
        for (BlockedHost host : hosts) {
            host.name().flatMap(Suggestions::registrable).ifPresent(registrable -> suggestions.hostsByRegistrable
                    .computeIfAbsent(registrable, r -> new HashSet<>()).add(host.shown()));
        }
        return suggestions;
    }

    Optional<DomainName> forHost(BlockedHost host) {
        Optional<DomainName> exact = host.name().flatMap(name -> requestable(name.target()));
        if (exact.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> registrable = registrable(exact.get());
        if (registrable.isPresent() && hostsByRegistrable.getOrDefault(registrable.get(), Set.of()).size() > 1) {
            Optional<DomainName> wildcard = requestable("." + registrable.get());
            if (wildcard.isPresent()) {
                return wildcard;
            }
        }
        return exact;
    }

    private static Optional<DomainName> requestable(String text) {
        return DomainName.parse(text).match(new DomainName.ParseResult.Cases<>(
                valid -> Optional.of(valid.domainName()), invalid -> Optional.empty()));
    }

    private static Optional<String> registrable(DomainName name) {
        try {
            return Optional.of(name.registrableDomain());
        } catch (RuntimeException publicSuffixItself) {
            return Optional.empty();
        }
    }
}
