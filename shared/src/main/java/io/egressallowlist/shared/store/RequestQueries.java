package io.egressallowlist.shared.store;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.RequestRepository.Page;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.ScopeName;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;

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

    Page list(RequestStatus status, String requester, ScopeName scope, int limit, String pageToken) {
        QueryRequest.Builder query = table.query().indexName(TableSchemas.BY_STATUS)
                .keyConditionExpression("#status = :status")
                .scanIndexForward(true);
        Map<String, String> names = new HashMap<>(Map.of("#status", "status"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":status", s(status.name())));
        return page(query, names, values, filter(requester, scope, names, values), limit, pageToken);
    }

    Page listAll(String requester, ScopeName scope, int limit, String pageToken) {
        QueryRequest.Builder query = table.query().indexName(TableSchemas.BY_ENTITY)
                .keyConditionExpression("#entity = :entity")
                .scanIndexForward(false);
        Map<String, String> names = new HashMap<>(Map.of("#entity", "entity"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":entity", s(RequestItems.ENTITY)));
        return page(query, names, values, filter(requester, scope, names, values), limit, pageToken);
    }

    /** The filter of a list by requester and scope, each when given; null when neither is. */
    private static String filter(String requester, ScopeName scope, Map<String, String> names,
                                 Map<String, AttributeValue> values) {
        StringJoiner filter = new StringJoiner(" AND ");
        filter.setEmptyValue("");
        if (requester != null) {
            filter.add("#principal = :principal");
            names.put("#principal", "principal");
            values.put(":principal", s(requester));
        }
        if (scope != null) {
            filter.add(inScope(scope, names, values));
        }
        return filter.length() == 0 ? null : filter.toString();
    }

    /** A request stored before scopes existed has no {@code scope} attribute: it is in {@code default}. */
    static String inScope(ScopeName scope, Map<String, String> names, Map<String, AttributeValue> values) {
        names.put("#scope", "scope");
        values.put(":scope", s(scope.value()));
        return scope.isDefault() ? "(attribute_not_exists(#scope) OR #scope = :scope)" : "#scope = :scope";
    }

    private Page page(QueryRequest.Builder query, Map<String, String> names, Map<String, AttributeValue> values,
                      String filter, int limit, String pageToken) {
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be within 1..100, got " + limit);
        }
        if (filter != null) {
            query.filterExpression(filter);
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

    /** The index projects every attribute, so other scopes' entries are filtered out before any item is read. */
    List<AllowlistRequest> withIntent(ScopeName scope) {
        List<AllowlistRequest> result = new ArrayList<>();
        Map<String, String> names = new HashMap<>(Map.of("#queue", "intentQueue"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":queue", s(RequestItems.INTENT_QUEUE)));
        String filter = inScope(scope, names, values);
        List<Map<String, AttributeValue>> indexed = table.queryAll(table.query().indexName(TableSchemas.BY_INTENT)
                .keyConditionExpression("#queue = :queue")
                .filterExpression(filter)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
        for (Map<String, AttributeValue> entry : indexed) {
            // Index reads are eventually consistent: confirm each one on the table itself.
            find(string(entry, TableSchemas.REQUEST_KEY))
                    .filter(request -> request.intent() != null && request.scope().equals(scope))
                    .ifPresent(result::add);
        }
        result.sort(Comparator.comparing(AllowlistRequest::updatedAt).thenComparing(AllowlistRequest::id));
        return result;
    }

    List<AllowlistRequest> activeFor(ScopeName scope, FirewallTarget target) {
        Map<String, String> names = new HashMap<>(Map.of("#target", "target", "#status", "status"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":target", s(target.value()),
                ":active", s(RequestStatus.ACTIVE.name())));
        String filter = "#status = :active AND " + inScope(scope, names, values);
        List<Map<String, AttributeValue>> items = table.queryAll(table.query().indexName(TableSchemas.BY_TARGET)
                .keyConditionExpression("#target = :target")
                .filterExpression(filter)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values));
        return new ArrayList<>(items.stream().map(RequestItems::fromItem).toList());
    }

    /** Where the next query starts; null when this response was the last page. */
    private static Map<String, AttributeValue> nextStart(QueryResponse response) {
        return response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                ? response.lastEvaluatedKey() : null;
    }
}
