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
import io.egressallowlist.shared.domain.ScopeName;
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

    /** What one line sums: a host in one scope, blocked or seen while the scope learned. */
    private record LineKey(String host, Optional<ScopeName> scope, boolean learning) { }

    /** One line per host, scope and learning or not, most recently seen first, at most {@code limit}. */
    List<BlockedDomain> of(List<BlockedAttempt> attempts, int limit) {
        Map<LineKey, List<BlockedAttempt>> byHost = new LinkedHashMap<>();
        attempts.forEach(attempt -> byHost.computeIfAbsent(new LineKey(attempt.host().shown(), attempt.scope(),
                attempt.learning()), h -> new ArrayList<>()).add(attempt));
        Map<String, BlockedHost> hosts = new LinkedHashMap<>();
        byHost.values().forEach(list -> hosts.putIfAbsent(list.get(0).host().shown(), list.get(0).host()));
        Suggestions suggestions = Suggestions.among(List.copyOf(hosts.values()));
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
        return new BlockedDomain(host, suggestion, count, first, lastSeen(attempts), allowed, request, people.size(),
                attempts.get(0).scope(), attempts.get(0).learning());
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
