package io.egressallowlist.shared.store;

import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.BlockedAttempt;
import io.egressallowlist.shared.domain.BlockedAttempts;
import io.egressallowlist.shared.domain.BlockedHost;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.SourceAddress;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.egressallowlist.shared.store.Attributes.millis;
import static io.egressallowlist.shared.store.Attributes.n;
import static io.egressallowlist.shared.store.Attributes.s;

/**
 * Blocked attempts in the blocked table ({@link TableSchemas#blockedTable}). Items:
 * <ul>
 *   <li>attempt: {@code pk = who#<subject>}, {@code sk = <hour millis, 13 digits>#<source>#<host>}; attributes
 *       {@code subject}, {@code evidence}, {@code source}, {@code host}, {@code protocol}, {@code count} (N),
 *       {@code seen} (NS: the first and last flow time of each contribution, in epoch millis; first and last seen
 *       are its minimum and maximum), {@code batches} (SS: the tokens of the contributions counted),
 *       {@code day} and {@code hour} (the {@link TableSchemas#BLOCKED_BY_DAY} index) and {@code expiresAt};
 *       {@code scope} (the attributed scope; absent: unknown, as on every item written before scopes) and
 *       {@code learning} (BOOL true on a learning scope's would-have-been-blocked flows, which are kept apart from
 *       blocks: their sort key is {@code <hour>#learn#<source>#<host>}; absent: false);</li>
 *   <li>digest state: {@code pk = digest#<recipient>}, {@code sk = state}; {@code lastSentAt} (epoch millis;
 *       absent after a released first claim: none sent).</li>
 * </ul>
 * One contribution is one UpdateItem: {@code ADD} to the count, the seen times and the token set, on the
 * condition that the token set does not hold its token yet. A retried batch's contribution fails that condition
 * and changes nothing; no read, no transaction. Per hour an item holds one token per delivery, far below the
 * item size limit.
 */
public final class DynamoBlockedAttempts implements BlockedAttempts {

    private static final String PK = TableSchemas.BLOCKED_KEY;
    private static final String SK = TableSchemas.BLOCKED_SORT_KEY;
    private static final String STATE = "state";
    private static final Map<String, String> CONTRIBUTION_NAMES = Map.ofEntries(Map.entry("#subject", "subject"),
            Map.entry("#evidence", "evidence"), Map.entry("#source", "source"), Map.entry("#host", "host"),
            Map.entry("#protocol", "protocol"), Map.entry("#day", "day"), Map.entry("#hour", "hour"),
            Map.entry("#expires", TableSchemas.BLOCKED_TTL_ATTRIBUTE), Map.entry("#count", "count"),
            Map.entry("#seen", "seen"), Map.entry("#batches", "batches"));

    private final DynamoTable table;
    private final Clock clock;

    /** {@code clock} bounds the days {@link #since} reads: none after today. */
    public DynamoBlockedAttempts(DynamoDbClient dynamo, String tableName, Clock clock) {
        this.table = new DynamoTable(dynamo, tableName);
        this.clock = clock;
    }

    @Override
    public boolean add(Contribution contribution) {
        BlockedAttempt attempt = contribution.attempt();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":subject", s(attempt.attribution().subjectKey()));
        values.put(":evidence", s(attempt.attribution().evidence().name()));
        values.put(":source", s(attempt.source().value()));
        values.put(":host", s(attempt.host().shown()));
        values.put(":protocol", s(attempt.protocol()));
        values.put(":day", s(contribution.hour().atOffset(ZoneOffset.UTC).toLocalDate().toString()));
        values.put(":hour", millis(contribution.hour()));
        values.put(":expires", n(contribution.expiresAt().getEpochSecond()));
        values.put(":count", n(attempt.count()));
        values.put(":seen", AttributeValue.fromNs(List.of(Long.toString(attempt.firstSeen().toEpochMilli()),
                Long.toString(attempt.lastSeen().toEpochMilli())).stream().distinct().toList()));
        values.put(":tokens", AttributeValue.fromSs(List.of(contribution.token())));
        values.put(":token", s(contribution.token()));
        Map<String, String> names = new HashMap<>(CONTRIBUTION_NAMES);
        StringBuilder set = new StringBuilder("SET #subject = :subject, #evidence = :evidence, #source = :source,"
                + " #host = :host, #protocol = :protocol, #day = :day, #hour = :hour, #expires = :expires");
        attempt.scope().ifPresent(scope -> {
            names.put("#scope", "scope");
            values.put(":scope", s(scope.value()));
            set.append(", #scope = :scope");
        });
        if (attempt.learning()) {
            names.put("#learning", "learning");
            values.put(":learning", AttributeValue.fromBool(true));
            set.append(", #learning = :learning");
        }
        try {
            table.client().updateItem(b -> b.tableName(table.name())
                    .key(Map.of(PK, s("who#" + attempt.attribution().subjectKey()), SK, s(sortKey(contribution))))
                    .updateExpression(set + " ADD #count :count, #seen :seen, #batches :tokens")
                    .conditionExpression("NOT contains(#batches, :token)")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException alreadyCounted) {
            return false;
        }
    }

    @Override
    public List<BlockedAttempt> ofSubject(String subjectKey, Instant since) {
        return attempts(table.queryAll(table.query()
                .keyConditionExpression("#pk = :pk AND #sk >= :from")
                .expressionAttributeNames(Map.of("#pk", PK, "#sk", SK))
                .expressionAttributeValues(Map.of(":pk", s("who#" + subjectKey),
                        ":from", s(hourKey(firstHour(since)))))
                .consistentRead(true)), since);
    }

    @Override
    public List<BlockedAttempt> since(Instant since) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Instant from = firstHour(since);
        for (Instant day = from.truncatedTo(ChronoUnit.DAYS); !day.isAfter(clock.instant())
                && items.size() < 100_000; day = day.plus(1, ChronoUnit.DAYS)) {
            items.addAll(table.queryAll(table.query().indexName(TableSchemas.BLOCKED_BY_DAY)
                    .keyConditionExpression("#day = :day AND #hour >= :from")
                    .expressionAttributeNames(Map.of("#day", "day", "#hour", "hour"))
                    .expressionAttributeValues(Map.of(":day", s(day.atOffset(ZoneOffset.UTC).toLocalDate().toString()),
                            ":from", millis(from)))));
        }
        return attempts(items, since);
    }

    @Override
    public Optional<Instant> lastDigest(String recipientKey) {
        return table.read(stateKey(recipientKey)).map(item -> Attributes.instant(item, "lastSentAt"));
    }

    @Override
    public boolean claimDigest(String recipientKey, Optional<Instant> previous, Instant at, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(stateKey(recipientKey));
        item.put("lastSentAt", millis(at));
        item.put(TableSchemas.BLOCKED_TTL_ATTRIBUTE, n(expiresAt.getEpochSecond()));
        try {
            if (previous.isEmpty()) {
                // A released claim leaves the item without lastSentAt (see releaseDigest): that is "none sent" too.
                table.client().putItem(b -> b.tableName(table.name()).item(item)
                        .conditionExpression("attribute_not_exists(#last)")
                        .expressionAttributeNames(Map.of("#last", "lastSentAt")));
            } else {
                table.client().putItem(b -> b.tableName(table.name()).item(item)
                        .conditionExpression("#last = :previous")
                        .expressionAttributeNames(Map.of("#last", "lastSentAt"))
                        .expressionAttributeValues(Map.of(":previous", millis(previous.get()))));
            }
            return true;
        } catch (ConditionalCheckFailedException claimedByAnother) {
            return false;
        }
    }

    /**
     * Puts {@code previous} back with one conditional UpdateItem; "none sent" is the item without lastSentAt
     * (REMOVE), not a deleted item: the functions may not DeleteItem on this table, items leave by their TTL.
     */
    @Override
    public void releaseDigest(String recipientKey, Instant at, Optional<Instant> previous) {
        try {
            if (previous.isEmpty()) {
                table.client().updateItem(b -> b.tableName(table.name()).key(stateKey(recipientKey))
                        .updateExpression("REMOVE #last").conditionExpression("#last = :at")
                        .expressionAttributeNames(Map.of("#last", "lastSentAt"))
                        .expressionAttributeValues(Map.of(":at", millis(at))));
            } else {
                table.client().updateItem(b -> b.tableName(table.name()).key(stateKey(recipientKey))
                        .updateExpression("SET #last = :previous").conditionExpression("#last = :at")
                        .expressionAttributeNames(Map.of("#last", "lastSentAt"))
                        .expressionAttributeValues(Map.of(":at", millis(at), ":previous", millis(previous.get()))));
            }
        } catch (ConditionalCheckFailedException claimedSince) {
            return;
        }
    }

    private static List<BlockedAttempt> attempts(List<Map<String, AttributeValue>> items, Instant since) {
        List<BlockedAttempt> attempts = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            attempt(item).filter(attempt -> !attempt.lastSeen().isBefore(since)).ifPresent(attempts::add);
        }
        return attempts;
    }

    /** An attempt item read back; an item that does not read as one (hand-edited, foreign) is left out. */
    private static Optional<BlockedAttempt> attempt(Map<String, AttributeValue> item) {
        try {
            Optional<Attribution> attribution = Attribution.fromStored(Attributes.string(item, "subject"),
                    Attribution.Evidence.valueOf(Attributes.string(item, "evidence")));
            List<Long> seen = item.get("seen").ns().stream().map(Long::parseLong).sorted().toList();
            return attribution.map(who -> new BlockedAttempt(who, new SourceAddress(Attributes.string(item, "source")),
                    BlockedHost.stored(Attributes.string(item, "host")), Attributes.string(item, "protocol"),
                    Attributes.number(item, "count"), Instant.ofEpochMilli(seen.get(0)),
                    Instant.ofEpochMilli(seen.get(seen.size() - 1)), scope(item),
                    item.containsKey("learning") && Boolean.TRUE.equals(item.get("learning").bool())));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** The stored scope; absent or not a scope name (hand-edited): unknown. */
    private static Optional<ScopeName> scope(Map<String, AttributeValue> item) {
        AttributeValue scope = item.get("scope");
        if (scope == null || scope.s() == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(ScopeName.of(scope.s()));
        } catch (IllegalArgumentException notAScopeName) {
            return Optional.empty();
        }
    }

    /** Items of the hour before {@code since} may hold flows after it (a delivery's flows span minutes). */
    private static Instant firstHour(Instant since) {
        return since.truncatedTo(ChronoUnit.HOURS).minus(1, ChronoUnit.HOURS);
    }

    private static String sortKey(Contribution contribution) {
        BlockedAttempt attempt = contribution.attempt();
        return hourKey(contribution.hour()) + (attempt.learning() ? "#learn#" : "#") + attempt.source().value() + "#"
                + attempt.host().shown();
    }

    private static String hourKey(Instant hour) {
        return String.format("%013d", Math.max(0, hour.toEpochMilli()));
    }

    private static Map<String, AttributeValue> stateKey(String recipientKey) {
        return Map.of(PK, s("digest#" + recipientKey), SK, s(STATE));
    }
}
