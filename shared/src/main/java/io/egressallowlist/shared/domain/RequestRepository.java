package io.egressallowlist.shared.domain;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Where requests live. Every status change is conditional on the status the caller expects, so that
 * duplicate or concurrent decisions cannot both succeed (ARCHITECTURE §5). Implemented by
 * {@code store.DynamoRequestStore}.
 */
public interface RequestRepository {

    /** The outcome of {@link #create}. */
    sealed interface CreateResult {
        /** One function per case, so that a new case fails compilation wherever it is not handled. */
        record Cases<R>(Function<? super Created, ? extends R> created,
                Function<? super ExistingOpenRequest, ? extends R> existingOpenRequest,
                Function<? super IdempotentReplay, ? extends R> idempotentReplay) { }

        <R> R match(Cases<R> cases);

        /** The request was stored. */
        record Created(AllowlistRequest request) implements CreateResult {
            @Override public <R> R match(Cases<R> cases) { return cases.created().apply(this); }
        }

        /** An open request for the same target exists; nothing was stored. */
        record ExistingOpenRequest(AllowlistRequest existing) implements CreateResult {
            @Override public <R> R match(Cases<R> cases) { return cases.existingOpenRequest().apply(this); }
        }

        /** The same idempotency key was used before by the same principal; nothing was stored. */
        record IdempotentReplay(AllowlistRequest original) implements CreateResult {
            @Override public <R> R match(Cases<R> cases) { return cases.idempotentReplay().apply(this); }
        }
    }

    /**
     * Stores a new request, unless the same principal already used its idempotency key, or (for DOMAIN
     * requests) an open request for the same target exists in the same scope. Rollback requests are serialised
     * the same way under the key {@code rollback}, mode switches under {@code mode}: one open rollback and one open
     * mode switch per scope at a time. The same target may be open in two scopes at once.
     */
    CreateResult create(AllowlistRequest request);

    /** Reads one request with a strongly consistent read. */
    Optional<AllowlistRequest> find(RequestId id);

    /** The outcome of a conditional change. */
    sealed interface ChangeResult {
        /** The request after the change, or empty when nothing changed. */
        default Optional<AllowlistRequest> changed() {
            return match(new Cases<>(changed -> Optional.of(changed.request()), conflict -> Optional.empty(),
                    notFound -> Optional.empty()));
        }

        /** One function per case, so that a new case fails compilation wherever it is not handled. */
        record Cases<R>(Function<? super Changed, ? extends R> changed,
                Function<? super Conflict, ? extends R> conflict,
                Function<? super NotFound, ? extends R> notFound) { }

        <R> R match(Cases<R> cases);

        record Changed(AllowlistRequest request) implements ChangeResult {
            @Override public <R> R match(Cases<R> cases) { return cases.changed().apply(this); }
        }

        /** The request was not in an expected status (or the change was already made); {@code current} is how it is. */
        record Conflict(AllowlistRequest current) implements ChangeResult {
            @Override public <R> R match(Cases<R> cases) { return cases.conflict().apply(this); }
        }

        record NotFound(RequestId id) implements ChangeResult {
            @Override public <R> R match(Cases<R> cases) { return cases.notFound().apply(this); }
        }
    }

    /**
     * A change to one request, applied only if its status is one of {@code expected}. Built fluently:
     * {@code Change.from(PENDING).to(APPROVED, now).decidedBy(user).intent(Intent.ADD)}.
     */
    record Change(Set<RequestStatus> expected, RequestStatus newStatus, Instant at, String decidedBy,
                  String decisionNote, Intent intent, boolean clearsIntent, VersionNumber version, Instant expiresAt) {
        public Change {
            expected = Set.copyOf(expected);
            if (expected.isEmpty()) {
                throw new IllegalArgumentException("a change needs at least one expected status");
            }
            if (intent != null && clearsIntent) {
                throw new IllegalArgumentException("a change cannot both set and clear the intent");
            }
        }

        public static Change from(RequestStatus first, RequestStatus... more) {
            return new Change(java.util.EnumSet.of(first, more), null, null, null, null, null, false, null, null);
        }

        /** Moves to {@code status}; {@code at} becomes the request's {@code updatedAt}. */
        public Change to(RequestStatus status, Instant at) {
            return new Change(expected, status, at, decidedBy, decisionNote, intent, clearsIntent, version, expiresAt);
        }

        /** Keeps the status; only records {@code at} as {@code updatedAt}. */
        public Change at(Instant at) {
            return new Change(expected, newStatus, at, decidedBy, decisionNote, intent, clearsIntent, version, expiresAt);
        }

        public Change decidedBy(String actor) {
            return new Change(expected, newStatus, at, actor, decisionNote, intent, clearsIntent, version, expiresAt);
        }

        public Change note(String note) {
            return new Change(expected, newStatus, at, decidedBy, note, intent, clearsIntent, version, expiresAt);
        }

        public Change intent(Intent newIntent) {
            return new Change(expected, newStatus, at, decidedBy, decisionNote, newIntent, false, version, expiresAt);
        }

        public Change clearIntent() {
            return new Change(expected, newStatus, at, decidedBy, decisionNote, null, true, version, expiresAt);
        }

        public Change version(VersionNumber number) {
            return new Change(expected, newStatus, at, decidedBy, decisionNote, intent, clearsIntent, number, expiresAt);
        }

        public Change expiresAt(Instant when) {
            return new Change(expected, newStatus, at, decidedBy, decisionNote, intent, clearsIntent, version, when);
        }
    }

    /**
     * Applies a change if the request is in an expected status (and, when the change clears an intent,
     * still carries one). Leaving an open status releases the target's open-request slot.
     */
    ChangeResult change(RequestId id, Change change);

    /**
     * Records one approver's vote on a PENDING request, at most once per approver. Does not change the
     * status; the caller moves it to APPROVED once the quorum is reached.
     */
    ChangeResult addApproval(RequestId id, Approval approval);

    /** Requests in one status, oldest first, one page at a time, of every scope. */
    default Page list(RequestStatus status, String requester, int limit, String pageToken) {
        return list(status, requester, null, limit, pageToken);
    }

    /**
     * Requests in one status, oldest first, one page at a time; {@code requester} and {@code scope} narrow the list
     * when not null (a request stored without a scope is in {@link ScopeName#DEFAULT}).
     */
    Page list(RequestStatus status, String requester, ScopeName scope, int limit, String pageToken);

    /** Requests of every status, newest first, one page at a time, of every scope. */
    default Page listAll(String requester, int limit, String pageToken) {
        return listAll(requester, null, limit, pageToken);
    }

    /** Requests of every status, newest first, one page at a time; {@code requester} and {@code scope} as in {@link #list}. */
    Page listAll(String requester, ScopeName scope, int limit, String pageToken);

    /** A page of requests and the token for the next one (null at the end). */
    record Page(List<AllowlistRequest> items, String nextPageToken) {
        public Page {
            items = List.copyOf(items);
        }
    }

    /** The intents of {@link ScopeName#DEFAULT}: {@link #withIntent(ScopeName)}. */
    default List<AllowlistRequest> withIntent() {
        return withIntent(ScopeName.DEFAULT);
    }

    /**
     * The requests of one scope that carry an intent, in the order their intents were set: one scope's reconcile
     * never sees another's. Read strongly consistently item by item after the index lookup, so a stale index entry
     * is never acted on.
     */
    List<AllowlistRequest> withIntent(ScopeName scope);

    /** The active grants of {@link ScopeName#DEFAULT} for one target: {@link #activeFor(ScopeName, FirewallTarget)}. */
    default List<AllowlistRequest> activeFor(FirewallTarget target) {
        return activeFor(ScopeName.DEFAULT, target);
    }

    /** Active requests of one scope for one target (normally at most one): the same target may be open in two scopes. */
    List<AllowlistRequest> activeFor(ScopeName scope, FirewallTarget target);
}
