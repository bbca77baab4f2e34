package io.egressallowlist.shared.store;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.Approval;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.store.RequestItems.ConditionalUpdate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.egressallowlist.shared.store.Attributes.s;
import static io.egressallowlist.shared.store.RequestItems.fromItem;
import static io.egressallowlist.shared.store.RequestItems.toItem;

/**
 * Requests in DynamoDB. No transactions (dynalite has none, and none are needed):
 * <ul>
 *   <li>"one open request per target" (per scope) and idempotency keys are slot items ({@code open#<target>},
 *       {@code open#<scope>#<target>}, {@code idem#<principal>#<key>}) naming their holder, claimed before the request is written
 *       ({@link RequestSlots});</li>
 *   <li>every status change is an {@code UpdateItem} conditioned on the expected status
 *       ({@link RequestItems});</li>
 *   <li>lists page through the table's indexes ({@link RequestQueries}).</li>
 * </ul>
 * Conditional-check failures re-read the item: {@code ReturnValuesOnConditionCheckFailure} would save
 * the read but dynalite does not return the item (see DynaliteGapsTest).
 */
public final class DynamoRequestStore implements RequestRepository {

    private final DynamoTable table;
    private final Clock clock;
    private final RequestQueries queries;
    private final RequestSlots slots;

    public DynamoRequestStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.table = new DynamoTable(dynamo, table);
        this.clock = clock;
        this.queries = new RequestQueries(this.table);
        this.slots = new RequestSlots(this.table, clock, queries);
    }

    public DynamoRequestStore(DynamoDbClient dynamo, String table) {
        this(dynamo, table, Clock.systemUTC());
    }

    @Override
    public CreateResult create(AllowlistRequest request) {
        if (request.idempotencyKey() != null) {
            Optional<AllowlistRequest> replay = slots.claimIdempotencyKey(request);
            if (replay.isPresent()) {
                return new CreateResult.IdempotentReplay(replay.get());
            }
        }
        Optional<AllowlistRequest> existing = slots.claimOpenSlot(request);
        if (existing.isPresent()) {
            if (request.idempotencyKey() != null) {
                // A replay of this key must give the same answer: point the key at the existing request.
                slots.pointIdempotencyKey(request, existing.get().id().value());
            }
            return new CreateResult.ExistingOpenRequest(existing.get());
        }
        table.client().putItem(b -> b.tableName(table.name()).item(toItem(request))
                .conditionExpression("attribute_not_exists(#id)")
                .expressionAttributeNames(Map.of("#id", TableSchemas.REQUEST_KEY)));
        return new CreateResult.Created(request);
    }

    @Override
    public Optional<AllowlistRequest> find(RequestId id) {
        return queries.find(id.value());
    }

    /** A change that carries no time of its own is made at the store's clock. */
    @Override
    public ChangeResult change(RequestId id, Change change) {
        Instant at = change.at() == null ? clock.instant() : change.at();
        // The condition on the status also fails for a missing item, so no read is needed first; the
        // update returns the item as written, so none is needed after either.
        Optional<AllowlistRequest> after = update(id, RequestItems.changeOf(change, at));
        if (after.isEmpty()) {
            return refused(id);
        }
        // The update succeeded, so the status before was one of the expected ones.
        boolean wasOpen = change.expected().stream().anyMatch(RequestStatus::isOpen);
        if (wasOpen && !after.get().status().isOpen()) {
            slots.releaseOpenSlot(after.get());
        }
        return new ChangeResult.Changed(after.get());
    }

    @Override
    public ChangeResult addApproval(RequestId id, Approval approval) {
        return update(id, RequestItems.voteOf(approval))
                .<ChangeResult>map(ChangeResult.Changed::new)
                .orElseGet(() -> refused(id));
    }

    /** The request as updated; empty when the update's condition failed. */
    private Optional<AllowlistRequest> update(RequestId id, ConditionalUpdate update) {
        try {
            return Optional.of(fromItem(table.client().updateItem(b -> b.tableName(table.name())
                    .key(Map.of(TableSchemas.REQUEST_KEY, s(id.value())))
                    .returnValues(ReturnValue.ALL_NEW)
                    .conditionExpression(update.condition())
                    .updateExpression(update.update())
                    .expressionAttributeNames(update.names())
                    .expressionAttributeValues(update.values())).attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    private ChangeResult refused(RequestId id) {
        return find(id).<ChangeResult>map(ChangeResult.Conflict::new).orElse(new ChangeResult.NotFound(id));
    }

    @Override
    public Page list(RequestStatus status, String requester, ScopeName scope, int limit, String pageToken) {
        return queries.list(status, requester, scope, limit, pageToken);
    }

    @Override
    public Page listAll(String requester, ScopeName scope, int limit, String pageToken) {
        return queries.listAll(requester, scope, limit, pageToken);
    }

    @Override
    public List<AllowlistRequest> withIntent(ScopeName scope) {
        return queries.withIntent(scope);
    }

    @Override
    public List<AllowlistRequest> activeFor(ScopeName scope, FirewallTarget target) {
        return queries.activeFor(scope, target);
    }
}
