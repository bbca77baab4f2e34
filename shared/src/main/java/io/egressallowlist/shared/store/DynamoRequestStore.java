package io.egressallowlist.shared.store;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.Approval;
import io.egressallowlist.shared.domain.Channel;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

import static io.egressallowlist.shared.store.Attributes.enumValue;
import static io.egressallowlist.shared.store.Attributes.instant;
import static io.egressallowlist.shared.store.Attributes.millis;
import static io.egressallowlist.shared.store.Attributes.n;
import static io.egressallowlist.shared.store.Attributes.putIfPresent;
import static io.egressallowlist.shared.store.Attributes.requestId;
import static io.egressallowlist.shared.store.Attributes.s;
import static io.egressallowlist.shared.store.Attributes.string;
import static io.egressallowlist.shared.store.Attributes.versionNumber;

/**
 * Requests in DynamoDB. No transactions (dynalite has none, and none are needed):
 * <ul>
 *   <li>"one open request per target" is a slot item {@code open#<target>} naming its holder, claimed
 *       with {@code attribute_not_exists}; a slot whose holder is gone or closed is stale and taken over
 *       with a condition on the old holder, so a crash between the two writes heals itself;</li>
 *   <li>an idempotency key is an item {@code idem#<principal>#<key>} claimed the same way;</li>
 *   <li>every status change is an {@code UpdateItem} conditioned on the expected status.</li>
 * </ul>
 * Conditional-check failures re-read the item: {@code ReturnValuesOnConditionCheckFailure} would save
 * the read but dynalite does not return the item (see DynaliteGapsTest).
 */
public final class DynamoRequestStore implements RequestRepository {

    private static final String ENTITY = "REQUEST";
    private static final String INTENT_QUEUE = "pending";
    private static final Duration SLOT_RETENTION = Duration.ofDays(400);
    private static final int SLOT_ATTEMPTS = 20;
    /**
     * A slot whose holder is not stored yet is normally a create in progress (the slot is claimed before
     * the request is written). Only after this long is it taken as left behind by a crash.
     */
    static final Duration ABANDONED_SLOT_AGE = Duration.ofSeconds(30);
    private static final Duration SLOT_RECHECK = Duration.ofMillis(50);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoRequestStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    public DynamoRequestStore(DynamoDbClient dynamo, String table) {
        this(dynamo, table, Clock.systemUTC());
    }

    @Override
    public CreateResult create(AllowlistRequest request) {
        if (request.idempotencyKey() != null) {
            Optional<AllowlistRequest> replay = claimIdempotencyKey(request);
            if (replay.isPresent()) {
                return new CreateResult.IdempotentReplay(replay.get());
            }
        }
        Optional<AllowlistRequest> existing = claimOpenSlot(slotKey(request), request.id().value());
        if (existing.isPresent()) {
            if (request.idempotencyKey() != null) {
                // A replay of this key must give the same answer: point the key at the existing request.
                pointIdempotencyKey(request, existing.get().id().value());
            }
            return new CreateResult.ExistingOpenRequest(existing.get());
        }
        dynamo.putItem(b -> b.tableName(table).item(toItem(request))
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", TableSchemas.REQUEST_KEY)));
        return new CreateResult.Created(request);
    }

    @Override
    public Optional<AllowlistRequest> find(RequestId id) {
        return find(id.value());
    }

    /** Reads the request a slot or index entry names; slot items ({@code open#…}, {@code idem#…}) are not requests. */
    private Optional<AllowlistRequest> find(String id) {
        if (id == null || id.isEmpty() || id.contains("#")) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(TableSchemas.REQUEST_KEY, s(id))).consistentRead(true)).item();
        return item == null || item.isEmpty() || !item.containsKey("status") ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public ChangeResult change(RequestId id, Change change) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        names.put("#status", "status");
        StringJoiner condition = new StringJoiner(" OR ", "(", ")");
        int i = 0;
        for (RequestStatus expected : change.expected()) {
            condition.add("#status = :expected" + i);
            values.put(":expected" + i, s(expected.name()));
            i++;
        }
        String conditionExpression = condition.toString();
        if (change.clearsIntent()) {
            conditionExpression += " AND attribute_exists(#intent)";
            names.put("#intent", "intent");
        }

        StringJoiner set = new StringJoiner(", ", "SET ", "");
        StringJoiner remove = new StringJoiner(", ", " REMOVE ", "");
        remove.setEmptyValue("");
        Instant at = change.at() == null ? Instant.now() : change.at();
        set.add("#updatedAt = :updatedAt");
        names.put("#updatedAt", "updatedAt");
        values.put(":updatedAt", millis(at));
        if (change.newStatus() != null) {
            set.add("#status = :newStatus");
            values.put(":newStatus", s(change.newStatus().name()));
        }
        setIfPresent(set, names, values, "decidedBy", change.decidedBy() == null ? null : s(change.decidedBy()));
        setIfPresent(set, names, values, "decisionNote", change.decisionNote() == null ? null : s(change.decisionNote()));
        setIfPresent(set, names, values, "version", change.version() == null ? null : n(change.version().value()));
        setIfPresent(set, names, values, "expiresAt", change.expiresAt() == null ? null : millis(change.expiresAt()));
        if (change.intent() != null) {
            setIfPresent(set, names, values, "intent", s(change.intent().name()));
            setIfPresent(set, names, values, "intentQueue", s(INTENT_QUEUE));
            setIfPresent(set, names, values, "intentAt", millis(at));
        }
        if (change.clearsIntent()) {
            names.put("#intentQueue", "intentQueue");
            names.put("#intentAt", "intentAt");
            remove.add("#intent").add("#intentQueue").add("#intentAt");
        }
        String update = set + remove.toString();
        String finalCondition = conditionExpression;
        AllowlistRequest after;
        try {
            // The condition on the status also fails for a missing item, so no read is needed first; the
            // update returns the item as written, so none is needed after either.
            after = fromItem(dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(TableSchemas.REQUEST_KEY, s(id.value())))
                    .returnValues(ReturnValue.ALL_NEW)
                    .conditionExpression(finalCondition)
                    .updateExpression(update)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)).attributes());
        } catch (ConditionalCheckFailedException e) {
            return find(id).<ChangeResult>map(ChangeResult.Conflict::new).orElse(new ChangeResult.NotFound(id));
        }
        // The update succeeded, so the status before was one of the expected ones.
        boolean wasOpen = change.expected().stream().anyMatch(RequestStatus::isOpen);
        if (wasOpen && !after.status().isOpen()) {
            releaseOpenSlot(slotKey(after), id.value());
        }
        return new ChangeResult.Changed(after);
    }

    @Override
    public ChangeResult addApproval(RequestId id, Approval approval) {
        Map<String, AttributeValue> vote = Map.of(
                "approver", s(approval.approver()),
                "at", millis(approval.at()),
                "via", s(approval.via().name()));
        AllowlistRequest updated;
        try {
            updated = fromItem(dynamo.updateItem(b -> b.tableName(table)
                    .returnValues(ReturnValue.ALL_NEW)
                    .key(Map.of(TableSchemas.REQUEST_KEY, s(id.value())))
                    .conditionExpression("#status = :pending AND (attribute_not_exists(#approvers) OR NOT contains(#approvers, :approver))")
                    .updateExpression("SET #approvals = list_append(if_not_exists(#approvals, :empty), :vote), #updatedAt = :at"
                            + " ADD #approvers :approverSet")
                    .expressionAttributeNames(Map.of("#status", "status", "#approvers", "approvers",
                            "#approvals", "approvals", "#updatedAt", "updatedAt"))
                    .expressionAttributeValues(Map.of(
                            ":pending", s(RequestStatus.PENDING.name()),
                            ":approver", s(approval.approver()),
                            ":approverSet", AttributeValue.fromSs(List.of(approval.approver())),
                            ":empty", AttributeValue.fromL(List.of()),
                            ":vote", AttributeValue.fromL(List.of(AttributeValue.fromM(vote))),
                            ":at", millis(approval.at())))).attributes());
        } catch (ConditionalCheckFailedException e) {
            return find(id).<ChangeResult>map(ChangeResult.Conflict::new).orElse(new ChangeResult.NotFound(id));
        }
        return new ChangeResult.Changed(updated);
    }

    @Override
    public Page list(RequestStatus status, String requester, int limit, String pageToken) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(TableSchemas.BY_STATUS)
                .keyConditionExpression("#status = :status")
                .scanIndexForward(true);
        Map<String, String> names = new HashMap<>(Map.of("#status", "status"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":status", s(status.name())));
        return page(query, names, values, requester, limit, pageToken);
    }

    @Override
    public Page listAll(String requester, int limit, String pageToken) {
        QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(TableSchemas.BY_ENTITY)
                .keyConditionExpression("#entity = :entity")
                .scanIndexForward(false);
        Map<String, String> names = new HashMap<>(Map.of("#entity", "entity"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":entity", s(ENTITY)));
        return page(query, names, values, requester, limit, pageToken);
    }

    private Page page(QueryRequest.Builder query, Map<String, String> names, Map<String, AttributeValue> values,
                      String requester, int limit, String pageToken) {
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be within 1..100, got " + limit);
        }
        if (requester != null) {
            query.filterExpression("#principal = :principal");
            names.put("#principal", "principal");
            values.put(":principal", s(requester));
        }
        query.expressionAttributeNames(names).expressionAttributeValues(values);
        List<AllowlistRequest> items = new ArrayList<>();
        Map<String, AttributeValue> start = PageTokens.decode(pageToken);
        // With a filter a DynamoDB page may hold fewer matches than asked for: keep reading until full.
        do {
            QueryResponse response = dynamo.query(query.exclusiveStartKey(start).limit(limit - items.size()).build());
            response.items().forEach(item -> items.add(fromItem(item)));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null && items.size() < limit);
        return new Page(items, PageTokens.encode(start));
    }

    @Override
    public List<AllowlistRequest> withIntent() {
        List<AllowlistRequest> result = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse response = dynamo.query(QueryRequest.builder().tableName(table).indexName(TableSchemas.BY_INTENT)
                    .keyConditionExpression("#queue = :queue")
                    .expressionAttributeNames(Map.of("#queue", "intentQueue"))
                    .expressionAttributeValues(Map.of(":queue", s(INTENT_QUEUE)))
                    .exclusiveStartKey(start)
                    .build());
            for (Map<String, AttributeValue> indexed : response.items()) {
                // Index reads are eventually consistent: confirm each one on the table itself.
                find(string(indexed, TableSchemas.REQUEST_KEY))
                        .filter(request -> request.intent() != null)
                        .ifPresent(result::add);
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        result.sort(Comparator.comparing(AllowlistRequest::updatedAt).thenComparing(AllowlistRequest::id));
        return result;
    }

    @Override
    public List<AllowlistRequest> activeFor(FirewallTarget target) {
        List<AllowlistRequest> result = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse response = dynamo.query(QueryRequest.builder().tableName(table).indexName(TableSchemas.BY_TARGET)
                    .keyConditionExpression("#target = :target")
                    .filterExpression("#status = :active")
                    .expressionAttributeNames(Map.of("#target", "target", "#status", "status"))
                    .expressionAttributeValues(Map.of(":target", s(target.value()), ":active", s(RequestStatus.ACTIVE.name())))
                    .exclusiveStartKey(start)
                    .build());
            response.items().forEach(item -> result.add(fromItem(item)));
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (start != null);
        return result;
    }

    // --- slots: one open request per target, idempotency keys ---------------------------------------

    private static String slotKey(AllowlistRequest request) {
        return request.kind() == RequestKind.DOMAIN ? "open#" + request.target() : "open#rollback";
    }

    private static String idempotencyItemKey(AllowlistRequest request) {
        return "idem#" + request.requester().principal() + "#" + request.idempotencyKey();
    }

    /** Claims the slot for {@code holder}; returns the open request holding it otherwise. */
    private Optional<AllowlistRequest> claimOpenSlot(String slot, String holder) {
        for (int attempt = 0; attempt < SLOT_ATTEMPTS; attempt++) {
            if (putSlot(slot, holder, null)) {
                return Optional.empty();
            }
            Optional<Slot> current = readSlot(slot);
            if (current.isEmpty()) {
                continue; // released in between: try again
            }
            Optional<AllowlistRequest> holderRequest = find(current.get().holder());
            if (holderRequest.isPresent() && holderRequest.get().status().isOpen()) {
                return holderRequest;
            }
            if (holderRequest.isEmpty() && !current.get().abandonedAt(clock.instant())) {
                pause(); // the holder is being written right now
                continue;
            }
            // Stale: its holder has closed without releasing, or was never stored (a crash).
            if (putSlot(slot, holder, current.get().holder())) {
                return Optional.empty();
            }
        }
        throw new IllegalStateException("could not claim " + slot + " after " + SLOT_ATTEMPTS
                + " attempts; another request for the same target is being created. Retry.");
    }

    /** Returns the original request when the key was used before; claims the key otherwise. */
    private Optional<AllowlistRequest> claimIdempotencyKey(AllowlistRequest request) {
        String key = idempotencyItemKey(request);
        for (int attempt = 0; attempt < SLOT_ATTEMPTS; attempt++) {
            if (putSlot(key, request.id().value(), null)) {
                return Optional.empty();
            }
            Optional<Slot> current = readSlot(key);
            if (current.isEmpty()) {
                continue;
            }
            Optional<AllowlistRequest> original = find(current.get().holder());
            if (original.isPresent()) {
                return original;
            }
            if (!current.get().abandonedAt(clock.instant())) {
                pause();
                continue;
            }
            if (putSlot(key, request.id().value(), current.get().holder())) {
                return Optional.empty();
            }
        }
        throw new IllegalStateException("could not claim the idempotency key after " + SLOT_ATTEMPTS
                + " attempts; a request with the same key is being created. Retry.");
    }

    private record Slot(String holder, Instant claimedAt) {
        boolean abandonedAt(Instant now) {
            return claimedAt == null || claimedAt.plus(ABANDONED_SLOT_AGE).isBefore(now);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(SLOT_RECHECK.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a concurrent create", e);
        }
    }

    private void pointIdempotencyKey(AllowlistRequest request, String existingId) {
        putSlot(idempotencyItemKey(request), existingId, request.id().value());
    }

    /** Writes a slot item naming {@code holder}: only if absent ({@code expectedHolder} null) or held by {@code expectedHolder}. */
    private boolean putSlot(String slot, String holder, String expectedHolder) {
        Map<String, AttributeValue> item = Map.of(
                TableSchemas.REQUEST_KEY, s(slot),
                "holder", s(holder),
                "claimedAt", millis(clock.instant()),
                TableSchemas.TTL_ATTRIBUTE, n(clock.instant().plus(SLOT_RETENTION).getEpochSecond()));
        try {
            if (expectedHolder == null) {
                dynamo.putItem(b -> b.tableName(table).item(item)
                        .conditionExpression("attribute_not_exists(#id)")
                        .expressionAttributeNames(Map.of("#id", TableSchemas.REQUEST_KEY)));
            } else {
                dynamo.putItem(b -> b.tableName(table).item(item)
                        .conditionExpression("#holder = :expected")
                        .expressionAttributeNames(Map.of("#holder", "holder"))
                        .expressionAttributeValues(Map.of(":expected", s(expectedHolder))));
            }
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private Optional<Slot> readSlot(String slot) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(TableSchemas.REQUEST_KEY, s(slot))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty()
                : Optional.of(new Slot(string(item, "holder"), instant(item, "claimedAt")));
    }

    private void releaseOpenSlot(String slot, String holder) {
        try {
            dynamo.deleteItem(b -> b.tableName(table)
                    .key(Map.of(TableSchemas.REQUEST_KEY, s(slot)))
                    .conditionExpression("#holder = :holder")
                    .expressionAttributeNames(Map.of("#holder", "holder"))
                    .expressionAttributeValues(Map.of(":holder", s(holder))));
        } catch (ConditionalCheckFailedException alreadyReleasedOrTakenOver) {
            // Nothing to release: another request holds the slot now.
        }
    }

    // --- mapping -------------------------------------------------------------------------------

    private static void setIfPresent(StringJoiner set, Map<String, String> names, Map<String, AttributeValue> values,
                                     String attribute, AttributeValue value) {
        if (value == null) {
            return;
        }
        names.put("#" + attribute, attribute);
        values.put(":" + attribute, value);
        set.add("#" + attribute + " = :" + attribute);
    }

    static Map<String, AttributeValue> toItem(AllowlistRequest request) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableSchemas.REQUEST_KEY, s(request.id().value()));
        item.put("entity", s(ENTITY));
        item.put("kind", s(request.kind().name()));
        putIfPresent(item, "target", request.target() == null ? null : request.target().value());
        putIfPresent(item, "rollbackTo", request.rollbackTo());
        item.put("principal", s(request.requester().principal()));
        putIfPresent(item, "slackUser", request.requester().slackUserId());
        putIfPresent(item, "studioProfile", request.requester().studioUserProfile());
        putIfPresent(item, "justification", request.justification());
        item.put("status", s(request.status().name()));
        putIfPresent(item, "grantSeconds", request.grantDuration() == null ? null : request.grantDuration().toSeconds());
        item.put("createdAt", millis(request.createdAt()));
        item.put("updatedAt", millis(request.updatedAt()));
        putIfPresent(item, "pendingUntil", request.pendingUntil());
        putIfPresent(item, "expiresAt", request.expiresAt());
        if (!request.approvals().isEmpty()) {
            item.put("approvals", AttributeValue.fromL(request.approvals().stream()
                    .map(a -> AttributeValue.fromM(Map.of("approver", s(a.approver()), "at", millis(a.at()),
                            "via", s(a.via().name()))))
                    .toList()));
            item.put("approvers", AttributeValue.fromSs(request.approvals().stream().map(Approval::approver).toList()));
        }
        putIfPresent(item, "decidedBy", request.decidedBy());
        putIfPresent(item, "decisionNote", request.decisionNote());
        if (request.intent() != null) {
            item.put("intent", s(request.intent().name()));
            item.put("intentQueue", s(INTENT_QUEUE));
            item.put("intentAt", millis(request.updatedAt()));
        }
        putIfPresent(item, "version", request.version());
        putIfPresent(item, "idempotencyKey", request.idempotencyKey());
        return item;
    }

    static AllowlistRequest fromItem(Map<String, AttributeValue> item) {
        List<Approval> approvals = new ArrayList<>();
        AttributeValue list = item.get("approvals");
        if (list != null && list.hasL()) {
            for (AttributeValue entry : list.l()) {
                Map<String, AttributeValue> vote = entry.m();
                approvals.add(new Approval(string(vote, "approver"), instant(vote, "at"),
                        enumValue(vote, "via", Channel.class)));
            }
        }
        return new AllowlistRequest(
                requestId(item, TableSchemas.REQUEST_KEY),
                enumValue(item, "kind", RequestKind.class),
                target(item),
                versionNumber(item, "rollbackTo"),
                new Requester(string(item, "principal"), string(item, "slackUser"), string(item, "studioProfile")),
                string(item, "justification"),
                enumValue(item, "status", RequestStatus.class),
                Attributes.seconds(item, "grantSeconds"),
                instant(item, "createdAt"),
                instant(item, "updatedAt"),
                instant(item, "pendingUntil"),
                instant(item, "expiresAt"),
                approvals,
                string(item, "decidedBy"),
                string(item, "decisionNote"),
                enumValue(item, "intent", Intent.class),
                versionNumber(item, "version"),
                string(item, "idempotencyKey"));
    }

    private static FirewallTarget target(Map<String, AttributeValue> item) {
        String target = string(item, "target");
        return target == null ? null : new FirewallTarget(target);
    }
}
