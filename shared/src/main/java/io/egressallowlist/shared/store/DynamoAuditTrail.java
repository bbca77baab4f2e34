package io.egressallowlist.shared.store;

import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.AuditPage;
import io.egressallowlist.shared.domain.AuditQuery;
import io.egressallowlist.shared.domain.AuditTrail;
import io.egressallowlist.shared.domain.Channel;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.VersionNumber;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.egressallowlist.shared.store.Attributes.enumValue;
import static io.egressallowlist.shared.store.Attributes.instant;
import static io.egressallowlist.shared.store.Attributes.millis;
import static io.egressallowlist.shared.store.Attributes.requestId;
import static io.egressallowlist.shared.store.Attributes.putIfPresent;
import static io.egressallowlist.shared.store.Attributes.s;
import static io.egressallowlist.shared.store.Attributes.string;
import static io.egressallowlist.shared.store.Attributes.versionNumber;

/**
 * The audit trail in DynamoDB: partition = subject ({@code request#<id>}, {@code version#<n>} or
 * {@code system}), sort key = the deterministic event id, recorded once however often the same change is
 * delivered. Every item is appended to a hash chain ({@link AuditChainWriter}) that makes an edit, a deletion or an
 * insertion evident ({@link DynamoAuditChain}). Items are never updated or deleted. The {@code by-day} index
 * answers "what happened between these times".
 */
public final class DynamoAuditTrail implements AuditTrail {

    private final DynamoTable table;
    private final AuditDayIndex byDay;
    private final AuditChainWriter chain;

    public DynamoAuditTrail(DynamoDbClient dynamo, String table) {
        this(dynamo, table, Clock.systemUTC());
    }

    /** @param clock when the chain begins, if the first append finds no head */
    public DynamoAuditTrail(DynamoDbClient dynamo, String table, Clock clock) {
        this.table = new DynamoTable(dynamo, table);
        this.byDay = new AuditDayIndex(this.table, DynamoAuditTrail::fromItem);
        this.chain = new AuditChainWriter(this.table, clock);
    }

    @Override
    public boolean record(AuditEvent event) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableSchemas.AUDIT_SUBJECT_KEY, s(subject(event)));
        item.put(TableSchemas.AUDIT_EVENT_KEY, s(event.eventId()));
        item.put("at", millis(event.at()));
        item.put("day", s(LocalDate.ofInstant(event.at(), ZoneOffset.UTC).toString()));
        item.put("timeKey", s(AuditQuery.timeKey(event.at(), event.eventId())));
        item.put("actor", s(event.actor()));
        item.put("action", s(event.action()));
        item.put("via", s(event.via().name()));
        putIfPresent(item, "sourceIp", event.sourceIp());
        putIfPresent(item, "requestId", event.requestId() == null ? null : event.requestId().value());
        putIfPresent(item, "versionNumber", event.version());
        if (!event.details().isEmpty()) {
            Map<String, AttributeValue> details = new HashMap<>();
            event.details().forEach((k, v) -> details.put(k, s(v)));
            item.put("details", AttributeValue.fromM(details));
        }
        return chain.append(item);
    }

    @Override
    public List<AuditEvent> forRequest(RequestId requestId) {
        return bySubject("request#" + requestId.value());
    }

    @Override
    public List<AuditEvent> forVersion(VersionNumber version) {
        return bySubject("version#" + version.value());
    }

    @Override
    public List<AuditEvent> between(Instant from, Instant to) {
        List<AuditEvent> events = new ArrayList<>();
        LocalDate last = LocalDate.ofInstant(to, ZoneOffset.UTC);
        for (LocalDate day = LocalDate.ofInstant(from, ZoneOffset.UTC); !day.isAfter(last); day = day.plusDays(1)) {
            events.addAll(query(table.query().indexName(TableSchemas.AUDIT_BY_DAY)
                    .keyConditionExpression("#day = :day AND #time BETWEEN :from AND :to")
                    .expressionAttributeNames(Map.of("#day", "day", "#time", "timeKey"))
                    .expressionAttributeValues(Map.of(":day", s(day.toString()),
                            ":from", s(AuditQuery.firstKey(from)), ":to", s(AuditQuery.lastKey(to))))));
        }
        events.removeIf(event -> !event.at().isBefore(to) || event.at().isBefore(from));
        events.sort(Comparator.comparing(AuditEvent::at).thenComparing(AuditEvent::eventId));
        return events;
    }

    @Override
    public AuditPage query(AuditQuery query) {
        return byDay.query(query);
    }

    private List<AuditEvent> bySubject(String subject) {
        List<AuditEvent> events = query(table.query().consistentRead(true)
                .keyConditionExpression("#subject = :subject")
                .expressionAttributeNames(Map.of("#subject", TableSchemas.AUDIT_SUBJECT_KEY))
                .expressionAttributeValues(Map.of(":subject", s(subject))));
        events.sort(Comparator.comparing(AuditEvent::at).thenComparing(AuditEvent::eventId));
        return events;
    }

    private List<AuditEvent> query(QueryRequest.Builder query) {
        return new ArrayList<>(table.queryAll(query).stream().map(DynamoAuditTrail::fromItem).toList());
    }

    private static String subject(AuditEvent event) {
        if (event.requestId() != null) {
            return "request#" + event.requestId().value();
        }
        if (event.version() != null) {
            return "version#" + event.version().value();
        }
        return "system";
    }

    static AuditEvent fromItem(Map<String, AttributeValue> item) {
        Map<String, String> details = new HashMap<>();
        AttributeValue map = item.get("details");
        if (map != null && map.hasM()) {
            map.m().forEach((k, v) -> details.put(k, v.s()));
        }
        return new AuditEvent(string(item, TableSchemas.AUDIT_EVENT_KEY), instant(item, "at"), string(item, "actor"),
                string(item, "action"), enumValue(item, "via", Channel.class), string(item, "sourceIp"),
                requestId(item, "requestId"), versionNumber(item, "versionNumber"), details);
    }
}
