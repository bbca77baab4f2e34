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
import java.util.function.Function;

/**
 * Sums attempts per host and says, per host, what to request, whether it is allowed now and what is open. With scopes,
 * "allowed now" and "open" are about the line's scope: its own list or {@code global}'s (which every workload gets),
 * and a request in that scope; a line in no known scope is judged on {@code default}'s list, where there is one.
 */
final class DomainLines {

    /** A request that is still on its way: nobody needs to ask again. */
    private static final Set<RequestStatus> OPEN = EnumSet.of(RequestStatus.PENDING, RequestStatus.APPROVED,
            RequestStatus.APPLYING);

    /** Enough for any real queue; a longer one shows its oldest open requests only. */
    private static final int MAX_PAGES = 10;

    private final Function<ScopeName, Optional<VersionLog>> logs;
    private final RequestRepository requests;

    /** One list: every line is judged on {@code versions}. */
    DomainLines(VersionLog versions, RequestRepository requests) {
        this(scope -> Optional.of(versions), requests);
    }

    /** Each line judged on its scope's log ({@code logs} empty for a scope the deployment does not have). */
    DomainLines(Function<ScopeName, Optional<VersionLog>> logs, RequestRepository requests) {
        this.logs = logs;
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
        Map<ScopeName, Optional<TargetIndex>> live = new HashMap<>();
        Map<String, RequestId> open = openRequests();
        List<BlockedDomain> lines = new ArrayList<>();
        byHost.values().stream()
                .sorted(Comparator.comparing(DomainLines::lastSeen).reversed())
                .limit(limit)
                .forEach(list -> lines.add(line(list, suggestions, live, open)));
        return lines;
    }

    private BlockedDomain line(List<BlockedAttempt> attempts, Suggestions suggestions,
                               Map<ScopeName, Optional<TargetIndex>> live, Map<String, RequestId> open) {
        BlockedHost host = attempts.get(0).host();
        ScopeName scope = attempts.get(0).scope().orElse(ScopeName.DEFAULT);
        long count = attempts.stream().mapToLong(BlockedAttempt::count).sum();
        Instant first = attempts.stream().map(BlockedAttempt::firstSeen).min(Comparator.naturalOrder()).orElseThrow();
        Set<String> people = new HashSet<>();
        for (BlockedAttempt attempt : attempts) {
            attempt.attribution().match(new Attribution.Cases<Boolean>(profile -> people.add(profile.subjectKey()),
                    space -> false, domain -> false, nobody -> false));
        }
        Optional<DomainName> suggestion = suggestions.forHost(host);
        boolean allowed = host.name().filter(name -> covers(live, scope, name) || covers(live, ScopeName.GLOBAL, name))
                .isPresent();
        Optional<RequestId> request = suggestion.map(name -> open.get(openKey(scope, name.target())))
                .or(() -> host.name().map(name -> open.get(openKey(scope, name.target()))));
        return new BlockedDomain(host, suggestion, count, first, lastSeen(attempts), allowed, request, people.size(),
                attempts.get(0).scope(), attempts.get(0).learning());
    }

    /** Whether {@code scope}'s applied list (read once per answer) holds an entry covering {@code name}. */
    private boolean covers(Map<ScopeName, Optional<TargetIndex>> live, ScopeName scope, DomainName name) {
        return live.computeIfAbsent(scope, s -> logs.apply(s).flatMap(VersionLog::lastApplied)
                .map(AllowlistVersion::targets).map(TargetIndex::of))
                .flatMap(index -> index.coveringEntry(name)).isPresent();
    }

    private static String openKey(ScopeName scope, String target) {
        return scope.value() + "#" + target;
    }

    /** The open requests by scope and target: the pending queue and what is on its way to the firewall. */
    private Map<String, RequestId> openRequests() {
        Map<String, RequestId> open = new HashMap<>();
        for (RequestStatus status : OPEN) {
            String token = null;
            int pages = 0;
            do {
                RequestRepository.Page page = requests.list(status, null, 100, token);
                page.items().stream().filter(request -> request.target() != null)
                        .forEach(request -> open.putIfAbsent(openKey(request.scope(), request.target().value()),
                                request.id()));
                token = page.nextPageToken();
            } while (token != null && ++pages < MAX_PAGES);
        }
        return open;
    }

    private static Instant lastSeen(List<BlockedAttempt> attempts) {
        return attempts.stream().map(BlockedAttempt::lastSeen).max(Comparator.naturalOrder()).orElseThrow();
    }
}
