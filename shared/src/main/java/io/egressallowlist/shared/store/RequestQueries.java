package io.egressallowlist.shared.store;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.RequestRepository.Page;
import io.egressallowlist.shared.domain.RequestStatus;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.egressallowlist.shared.store.Attributes.s;
import static io.egressallowlist.shared.store.Attributes.string;
import static io.egressallowlist.shared.store.RequestItems.fromItem;

/** The reads of the request store: one request by id, and the lists it pages through the table's indexes. */
record RequestQueries(DynamoTable table) {

    /** Reads the request a slot or index entry names; slot items ({@code open#…}, {@code idem#…}) are not requests. */
    Optional<AllowlistRequest> find(String id) {
        if (id == null || id.isEmpty() || id.contains("#")) {
            return Optional.empty();
        }
        return table.read(Map.of(TableSchemas.REQUEST_KEY, s(id)))
                .filter(item -> item.containsKey("status"))
                .map(RequestItems::fromItem);
    }

    Page list(RequestStatus status, String requester, int limit, String pageToken) {
        QueryRequest.Builder query = table.query().indexName(TableSchemas.BY_STATUS)
                .keyConditionExpression("#status = :status")
                .scanIndexForward(true);
        Map<String, String> names = new HashMap<>(Map.of("#status", "status"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":status", s(status.name())));
        return page(query, names, values, requester, limit, pageToken);
    }

    Page listAll(String requester, int limit, String pageToken) {
        QueryRequest.Builder query = table.query().indexName(TableSchemas.BY_ENTITY)
                .keyConditionExpression("#entity = :entity")
                .scanIndexForward(false);
        Map<String, String> names = new HashMap<>(Map.of("#entity", "entity"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":entity", s(RequestItems.ENTITY)));
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
            QueryResponse response = table.client().query(query.exclusiveStartKey(start).limit(limit - items.size()).build());
            response.items().forEach(item -> items.add(fromItem(item)));
            start = nextStart(response);
        } while (start != null && items.size() < limit);
        return new Page(items, PageTokens.encode(start));
    }

    List<AllowlistRequest> withIntent() {
        List<AllowlistRequest> result = new ArrayList<>();
        List<Map<String, AttributeValue>> indexed = table.queryAll(table.query().indexName(TableSchemas.BY_INTENT)
                .keyConditionExpression("#queue = :queue")
                .expressionAttributeNames(Map.of("#queue", "intentQueue"))
                .expressionAttributeValues(Map.of(":queue", s(RequestItems.INTENT_QUEUE))));
        for (Map<String, AttributeValue> entry : indexed) {
            // Index reads are eventually consistent: confirm each one on the table itself.
            find(string(entry, TableSchemas.REQUEST_KEY))
                    .filter(request -> request.intent() != null)
                    .ifPresent(result::add);
        }
        result.sort(Comparator.comparing(AllowlistRequest::updatedAt).thenComparing(AllowlistRequest::id));
        return result;
    }

    List<AllowlistRequest> activeFor(FirewallTarget target) {
        List<Map<String, AttributeValue>> items = table.queryAll(table.query().indexName(TableSchemas.BY_TARGET)
                .keyConditionExpression("#target = :target")
                .filterExpression("#status = :active")
                .expressionAttributeNames(Map.of("#target", "target", "#status", "status"))
                .expressionAttributeValues(Map.of(":target", s(target.value()), ":active", s(RequestStatus.ACTIVE.name()))));
        return new ArrayList<>(items.stream().map(RequestItems::fromItem).toList());
    }

    /** Where the next query starts; null when this response was the last page. */
    private static Map<String, AttributeValue> nextStart(QueryResponse response) {
        return response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? response.lastEvaluatedKey() : null;
    }
}
