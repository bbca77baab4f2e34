package io.egressallowlist.shared.blocked;

import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.BlockedAttempt;
import io.egressallowlist.shared.domain.BlockedDomain;
import io.egressallowlist.shared.domain.BlockedHost;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.TargetIndex;
import io.egressallowlist.shared.domain.VersionLog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Sums attempts per host and says, per host, what to request, whether it is allowed now and what is open. */
final class DomainLines {

    /** A request that is still on its way: nobody needs to ask again. */
    private static final Set<RequestStatus> OPEN = EnumSet.of(RequestStatus.PENDING, RequestStatus.APPROVED,
            RequestStatus.APPLYING);

    /** Enough for any real queue; a longer one shows its oldest open requests only. */
    private static final int MAX_PAGES = 10;

    private final VersionLog versions;
    private final RequestRepository requests;

    DomainLines(VersionLog versions, RequestRepository requests) {
        this.versions = versions;
        this.requests = requests;
    }

    /** One line per host, most recently seen first, at most {@code limit}. */
    List<BlockedDomain> of(List<BlockedAttempt> attempts, int limit) {
        Map<String, List<BlockedAttempt>> byHost = new LinkedHashMap<>();
        attempts.forEach(attempt -> byHost.computeIfAbsent(attempt.host().shown(), h -> new ArrayList<>()).add(attempt));
        Suggestions suggestions = Suggestions.among(byHost.values().stream().map(list -> list.get(0).host()).toList());
        if (byHost.isEmpty()) {
            return List.of();
        }
        Optional<TargetIndex> live = versions.lastApplied().map(AllowlistVersion::targets).map(TargetIndex::of);
        Map<String, RequestId> open = openRequests();
        List<BlockedDomain> lines = new ArrayList<>();
        byHost.values().stream()
                .sorted(Comparator.comparing(DomainLines::lastSeen).reversed())
                .limit(limit)
                .forEach(list -> lines.add(line(list, suggestions, live, open)));
        return lines;
    }

    private BlockedDomain line(List<BlockedAttempt> attempts, Suggestions suggestions, Optional<TargetIndex> live,
                               Map<String, RequestId> open) {
        BlockedHost host = attempts.get(0).host();
        long count = attempts.stream().mapToLong(BlockedAttempt::count).sum();
        Instant first = attempts.stream().map(BlockedAttempt::firstSeen).min(Comparator.naturalOrder()).orElseThrow();
        Set<String> people = new HashSet<>();
        for (BlockedAttempt attempt : attempts) {
            attempt.attribution().match(new Attribution.Cases<Boolean>(profile -> people.add(profile.subjectKey()),
                    space -> false, domain -> false, nobody -> false));
        }
        Optional<DomainName> suggestion = suggestions.forHost(host);
        boolean allowed = host.name().flatMap(name -> live.flatMap(index -> index.coveringEntry(name))).isPresent();
        Optional<RequestId> request = suggestion.map(name -> open.get(name.target()))
                .or(() -> host.name().map(name -> open.get(name.target())));
        return new BlockedDomain(host, suggestion, count, first, lastSeen(attempts), allowed, request, people.size());
    }

    /** The open requests by target: the pending queue and what is on its way to the firewall. */
    private Map<String, RequestId> openRequests() {
        Map<String, RequestId> open = new HashMap<>();
        for (RequestStatus status : OPEN) {
            String token = null;
            int pages = 0;
            do {
                RequestRepository.Page page = requests.list(status, null, 100, token);
                page.items().stream().filter(request -> request.target() != null)
                        .forEach(request -> open.putIfAbsent(request.target().value(), request.id()));
                token = page.nextPageToken();
            } while (token != null && ++pages < MAX_PAGES);
        }
        return open;
    }

    private static Instant lastSeen(List<BlockedAttempt> attempts) {
        return attempts.stream().map(BlockedAttempt::lastSeen).max(Comparator.naturalOrder()).orElseThrow();
    }
}
