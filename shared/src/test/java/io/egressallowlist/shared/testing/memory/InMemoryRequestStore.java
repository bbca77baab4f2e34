package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.Approval;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.ScopeName;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The request store in memory, with the semantics of {@code store.DynamoRequestStore} (both run
 * {@code RequestRepositoryContract}):
 * <ul>
 *   <li>one open request per target (and one open rollback, one open mode switch) in each scope through a slot naming its holder; a slot whose
 *       holder has closed is free (the DynamoDB store also deletes it then, which nothing can tell apart);</li>
 *   <li>an idempotency key per principal answers with the request it first led to, or with the open request
 *       it met;</li>
 *   <li>status changes and votes are conditional, answering {@code Conflict} with the request as it is;</li>
 *   <li>lists are ordered as the table's indexes order them and paged with opaque tokens that refuse
 *       forgery; instants are kept to the millisecond and grants to the second, as stored.</li>
 * </ul>
 * Thread-safe: every method holds the store's lock, which makes each call atomic as a conditional write is.
 */
public final class InMemoryRequestStore implements RequestRepository {

    private static final Comparator<Cursor> OLDEST_FIRST =
            Comparator.comparingLong(Cursor::createdAtMillis).thenComparing(Cursor::id);
    private static final Comparator<Cursor> NEWEST_ID_FIRST = Comparator.comparing(Cursor::id).reversed();

    private final Clock clock;
    private final Map<RequestId, AllowlistRequest> requests = new HashMap<>();
    /** {@code open#<target>} or {@code open#rollback} → the request holding the slot. */
    private final Map<String, RequestId> openSlots = new HashMap<>();
    /** {@code <principal>#<key>} → the request a replay of the key answers with. */
    private final Map<String, RequestId> idempotencyKeys = new HashMap<>();

    /** @param clock the time a change without its own instant is made at */
    public InMemoryRequestStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized CreateResult create(AllowlistRequest request) {
        if (requests.containsKey(request.id())) {
            throw new IllegalStateException("request " + request.id() + " is already stored");
        }
        String key = idempotencyKey(request);
        if (key != null && idempotencyKeys.containsKey(key)) {
            return new CreateResult.IdempotentReplay(requests.get(idempotencyKeys.get(key)));
        }
        Optional<AllowlistRequest> holder = openHolder(slot(request));
        if (holder.isPresent()) {
            if (key != null) {
                idempotencyKeys.put(key, holder.get().id());
            }
            return new CreateResult.ExistingOpenRequest(holder.get());
        }
        openSlots.put(slot(request), request.id());
        if (key != null) {
            idempotencyKeys.put(key, request.id());
        }
        requests.put(request.id(), AsStored.request(request));
        return new CreateResult.Created(request);
    }

    @Override
    public synchronized Optional<AllowlistRequest> find(RequestId id) {
        return Optional.ofNullable(requests.get(id));
    }

    @Override
    public synchronized ChangeResult change(RequestId id, Change change) {
        AllowlistRequest current = requests.get(id);
        if (current == null) {
            return new ChangeResult.NotFound(id);
        }
        if (!change.expected().contains(current.status()) || (change.clearsIntent() && current.intent() == null)) {
            return new ChangeResult.Conflict(current);
        }
        AllowlistRequest after = AsStored.request(applied(current, change));
        requests.put(id, after);
        return new ChangeResult.Changed(after);
    }

    @Override
    public synchronized ChangeResult addApproval(RequestId id, Approval approval) {
        AllowlistRequest current = requests.get(id);
        if (current == null) {
            return new ChangeResult.NotFound(id);
        }
        if (current.status() != RequestStatus.PENDING || current.hasApprovalFrom(approval.approver())) {
            return new ChangeResult.Conflict(current);
        }
        List<Approval> approvals = new ArrayList<>(current.approvals());
        approvals.add(approval);
        AllowlistRequest after = AsStored.request(new AllowlistRequest(current.id(), current.kind(), current.target(),
                current.rollbackTo(), current.requester(), current.justification(), current.status(),
                current.grantDuration(), current.createdAt(), approval.at(), current.pendingUntil(), current.expiresAt(),
                approvals, current.decidedBy(), current.decisionNote(), current.intent(), current.version(),
                current.idempotencyKey(), current.scope(), current.mode()));
        requests.put(id, after);
        return new ChangeResult.Changed(after);
    }

    @Override
    public synchronized Page list(RequestStatus status, String requester, ScopeName scope, int limit,
                                  String pageToken) {
        return page(r -> r.status() == status && ofRequester(r, requester) && inScope(r, scope), OLDEST_FIRST, limit,
                pageToken);
    }

    @Override
    public synchronized Page listAll(String requester, ScopeName scope, int limit, String pageToken) {
        return page(r -> ofRequester(r, requester) && inScope(r, scope), NEWEST_ID_FIRST, limit, pageToken);
    }

    @Override
    public synchronized List<AllowlistRequest> withIntent(ScopeName scope) {
        return requests.values().stream().filter(r -> r.intent() != null && r.scope().equals(scope))
                .sorted(Comparator.comparing(AllowlistRequest::updatedAt).thenComparing(AllowlistRequest::id))
                .toList();
    }

    @Override
    public synchronized List<AllowlistRequest> activeFor(ScopeName scope, FirewallTarget target) {
        return requests.values().stream()
                .filter(r -> r.status() == RequestStatus.ACTIVE && target.equals(r.target()) && r.scope().equals(scope))
                .sorted(Comparator.comparing(AllowlistRequest::createdAt).thenComparing(AllowlistRequest::id))
                .toList();
    }

    // --- slots ----------------------------------------------------------------------------------------

    /** As the DynamoDB store names them: {@code open#<target>}, {@code open#rollback}, {@code open#mode} in default. */
    private static String slot(AllowlistRequest request) {
        String subject = switch (request.kind()) {
            case DOMAIN -> request.target().value();
            case ROLLBACK -> "rollback";
            case MODE -> "mode";
        };
        return request.scope().isDefault() ? "open#" + subject : "open#" + request.scope() + "#" + subject;
    }

    private static String idempotencyKey(AllowlistRequest request) {
        return request.idempotencyKey() == null ? null
                : request.requester().principal() + "#" + request.idempotencyKey();
    }

    /** The open request holding the slot; empty when the slot is free or its holder has closed (stale). */
    private Optional<AllowlistRequest> openHolder(String slot) {
        RequestId holder = openSlots.get(slot);
        return Optional.ofNullable(holder == null ? null : requests.get(holder)).filter(r -> r.status().isOpen());
    }

    private AllowlistRequest applied(AllowlistRequest current, Change change) {
        return new AllowlistRequest(current.id(), current.kind(), current.target(), current.rollbackTo(),
                current.requester(), current.justification(),
                change.newStatus() == null ? current.status() : change.newStatus(),
                current.grantDuration(), current.createdAt(), change.at() == null ? clock.instant() : change.at(),
                current.pendingUntil(), change.expiresAt() == null ? current.expiresAt() : change.expiresAt(),
                current.approvals(),
                change.decidedBy() == null ? current.decidedBy() : change.decidedBy(),
                change.decisionNote() == null ? current.decisionNote() : change.decisionNote(),
                change.intent() != null ? change.intent() : change.clearsIntent() ? null : current.intent(),
                change.version() == null ? current.version() : change.version(),
                current.idempotencyKey(), current.scope(), current.mode());
    }

    // --- pages ----------------------------------------------------------------------------------------

    private static boolean inScope(AllowlistRequest request, ScopeName scope) {
        return scope == null || scope.equals(request.scope());
    }

    private static boolean ofRequester(AllowlistRequest request, String requester) {
        return requester == null || requester.equals(request.requester().principal());
    }

    /** Continues after the token's position in the order, as a DynamoDB {@code ExclusiveStartKey} does. */
    private Page page(Predicate<AllowlistRequest> matching, Comparator<Cursor> order, int limit, String pageToken) {
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be within 1..100, got " + limit);
        }
        Cursor start = Cursor.decode(pageToken);
        List<AllowlistRequest> rest = requests.values().stream().filter(matching)
                .filter(r -> start == null || order.compare(Cursor.of(r), start) > 0)
                .sorted(Comparator.comparing(Cursor::of, order))
                .toList();
        List<AllowlistRequest> items = rest.subList(0, Math.min(limit, rest.size()));
        String next = rest.size() > limit ? Cursor.of(items.get(limit - 1)).encode() : null;
        return new Page(items, next);
    }

    /** Where a page ended: the sort key of its last request. */
    private record Cursor(long createdAtMillis, String id) {
        private static final String INVALID = "the page token is not valid; use the nextPageToken of a previous page";

        static Cursor of(AllowlistRequest request) {
            return new Cursor(request.createdAt().toEpochMilli(), request.id().value());
        }

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((createdAtMillis + "\n" + id).getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String token) {
            if (token == null || token.isEmpty()) {
                return null;
            }
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n");
                return new Cursor(Long.parseLong(parts[0]), new RequestId(parts[1]).value());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(INVALID, e);
            }
        }
    }
}
