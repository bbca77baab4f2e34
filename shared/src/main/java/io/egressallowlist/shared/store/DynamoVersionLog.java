package io.egressallowlist.shared.store;

import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.ApplyStatus;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.SnapshotIntegrityException;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.domain.VersionNumber;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static io.egressallowlist.shared.store.Attributes.enumValue;
import static io.egressallowlist.shared.store.Attributes.instant;
import static io.egressallowlist.shared.store.Attributes.millis;
import static io.egressallowlist.shared.store.Attributes.n;
import static io.egressallowlist.shared.store.Attributes.number;
import static io.egressallowlist.shared.store.Attributes.putIfPresent;
import static io.egressallowlist.shared.store.Attributes.s;
import static io.egressallowlist.shared.store.Attributes.string;
import static io.egressallowlist.shared.store.Attributes.versionNumber;

/**
 * The version log in DynamoDB: partition {@code <log>} (one per rule group), sort key = version number.
 * Appends are {@code attribute_not_exists} puts, so a number is written once and never overwritten; the
 * reconciler always appends head + 1, so the log has no gaps.
 *
 * <p>Each version keeps its full, gzip-compressed target list and its SHA-256, verified on every read.
 * A compressed list over {@value #INLINE_LIMIT} bytes is split into chunk items under the partition
 * {@code <log>#chunks#<n>#<writeId>}, written before the version item; a unique write id per attempt
 * keeps two writers racing for the same number from mixing their chunks.
 */
public final class DynamoVersionLog implements VersionLog {

    static final int INLINE_LIMIT = 300 * 1024;
    private static final int CHUNK_SIZE = 300 * 1024;

    private final DynamoTable table;
    private final String log;

    public DynamoVersionLog(DynamoDbClient dynamo, String table, String log) {
        this.table = new DynamoTable(dynamo, table);
        this.log = log;
    }

    @Override
    public Optional<AllowlistVersion> head() {
        return newest().map(this::fromItem);
    }

    /**
     * Usually the head itself (one item read). Otherwise the versions are paged newest first with only their
     * number and status, and the newest applied one is then read whole: each full item carries its snapshot
     * (about 85 KB at 15,000 targets), so reading pages of them to use one would cost up to 1 MB per call.
     */
    @Override
    public Optional<AllowlistVersion> lastApplied() {
        Optional<Map<String, AttributeValue>> head = newest();
        if (head.isEmpty()) {
            return Optional.empty();
        }
        if (isApplied(head.get())) {
            return Optional.of(fromItem(head.get()));
        }
        Map<String, String> names = Map.of("#log", TableSchemas.VERSION_LOG_KEY, "#version", TableSchemas.VERSION_NUMBER_KEY);
        return table.firstMatching(newestFirst().expressionAttributeNames(names)
                        .projectionExpression("#version, applyStatus").limit(20), DynamoVersionLog::isApplied)
                .flatMap(item -> find(versionNumber(item, TableSchemas.VERSION_NUMBER_KEY)));
    }

    private Optional<Map<String, AttributeValue>> newest() {
        return table.client().query(newestFirst().limit(1).build()).items().stream().findFirst();
    }

    private static boolean isApplied(Map<String, AttributeValue> item) {
        return ApplyStatus.APPLIED.name().equals(string(item, "applyStatus"));
    }

    @Override
    public Optional<AllowlistVersion> find(VersionNumber number) {
        return table.read(key(number.value())).map(this::fromItem);
    }

    @Override
    public boolean append(AllowlistVersion version) {
        byte[] snapshot = SnapshotCodec.encode(version.targets());
        Map<String, AttributeValue> item = summaryItem(version);
        if (snapshot.length <= INLINE_LIMIT) {
            item.put("targets", AttributeValue.fromB(SdkBytes.fromByteArray(snapshot)));
        } else {
            String writeId = UUID.randomUUID().toString();
            int chunks = writeChunks(version.number(), writeId, snapshot);
            item.put("chunkWriteId", s(writeId));
            item.put("chunks", n(chunks));
        }
        item.put("snapshotBytes", n(snapshot.length));
        return table.putIfAbsent(item, TableSchemas.VERSION_NUMBER_KEY);
    }

    @Override
    public boolean markApplied(VersionNumber number, Instant at) {
        return moveFromPending(number.value(), ApplyStatus.APPLIED, at);
    }

    @Override
    public boolean markSuperseded(VersionNumber number) {
        return moveFromPending(number.value(), ApplyStatus.SUPERSEDED, null);
    }

    @Override
    public List<VersionSummary> list(VersionNumber beforeNumber, int limit) {
        if (limit < 1 || limit > 100) {
            throw new IllegalArgumentException("limit must be within 1..100, got " + limit);
        }
        QueryRequest.Builder query = table.query()
                .scanIndexForward(false)
                .limit(limit)
                // The summary only: leave the (possibly large) snapshot on the server.
                .projectionExpression("#log, #version, parent, targetCount, sha256, causeType, causeRequests,"
                        + " rollbackTo, causeDetail, actor, createdAt, applyStatus, appliedAt, #mode");
        Map<String, String> names = new HashMap<>(Map.of("#log", TableSchemas.VERSION_LOG_KEY,
                "#version", TableSchemas.VERSION_NUMBER_KEY, "#mode", "mode"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":log", s(log)));
        if (beforeNumber == null) {
            query.keyConditionExpression("#log = :log");
        } else {
            query.keyConditionExpression("#log = :log AND #version < :before");
            values.put(":before", n(beforeNumber.value()));
        }
        QueryResponse response = table.client().query(query.expressionAttributeNames(names).expressionAttributeValues(values).build());
        return response.items().stream().map(DynamoVersionLog::summaryFromItem).toList();
    }

    /** Bytes the stored snapshot of a version takes (compressed), for benchmarks and the API. */
    public long storedSnapshotBytes(long number) {
        Map<String, AttributeValue> item = table.client().getItem(b -> b.tableName(table.name()).key(key(number))
                .projectionExpression("snapshotBytes").consistentRead(true)).item();
        Long bytes = item == null ? null : number(item, "snapshotBytes");
        return bytes == null ? -1 : bytes;
    }

    private boolean moveFromPending(long number, ApplyStatus to, Instant at) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":pending", s(ApplyStatus.PENDING.name()), ":to", s(to.name())));
        String update = "SET applyStatus = :to";
        if (at != null) {
            update += ", appliedAt = :at";
            values.put(":at", millis(at));
        }
        String finalUpdate = update;
        try {
            table.client().updateItem(b -> b.tableName(table.name()).key(key(number))
                    .conditionExpression("applyStatus = :pending")
                    .updateExpression(finalUpdate)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    private QueryRequest.Builder newestFirst() {
        return table.query()
                .keyConditionExpression("#log = :log")
                .expressionAttributeNames(Map.of("#log", TableSchemas.VERSION_LOG_KEY))
                .expressionAttributeValues(Map.of(":log", s(log)))
                .scanIndexForward(false)
                .consistentRead(true);
    }

    private Map<String, AttributeValue> key(long number) {
        return Map.of(TableSchemas.VERSION_LOG_KEY, s(log), TableSchemas.VERSION_NUMBER_KEY, n(number));
    }

    private String chunkPartition(long number, String writeId) {
        return log + "#chunks#" + number + "#" + writeId;
    }

    private int writeChunks(long number, String writeId, byte[] snapshot) {
        int chunks = 0;
        for (int offset = 0; offset < snapshot.length; offset += CHUNK_SIZE) {
            byte[] part = Arrays.copyOfRange(snapshot, offset, Math.min(snapshot.length, offset + CHUNK_SIZE));
            Map<String, AttributeValue> item = Map.of(
                    TableSchemas.VERSION_LOG_KEY, s(chunkPartition(number, writeId)),
                    TableSchemas.VERSION_NUMBER_KEY, n(chunks),
                    "data", AttributeValue.fromB(SdkBytes.fromByteArray(part)));
            table.client().putItem(b -> b.tableName(table.name()).item(item));
            chunks++;
        }
        return chunks;
    }

    private byte[] readChunks(long number, String writeId, int chunks) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < chunks; i++) {
            int index = i;
            Map<String, AttributeValue> item = table.read(Map.of(
                            TableSchemas.VERSION_LOG_KEY, s(chunkPartition(number, writeId)), TableSchemas.VERSION_NUMBER_KEY, n(index)))
                    .orElseThrow(() -> new IllegalStateException("version " + number + " is missing snapshot chunk " + index));
            bytes.writeBytes(item.get("data").b().asByteArray());
        }
        return bytes.toByteArray();
    }

    private Map<String, AttributeValue> summaryItem(AllowlistVersion version) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableSchemas.VERSION_LOG_KEY, s(log));
        item.put(TableSchemas.VERSION_NUMBER_KEY, n(version.number()));
        putIfPresent(item, "parent", version.parent());
        item.put("targetCount", n(version.targets().size()));
        item.put("sha256", s(version.sha256()));
        item.put("causeType", s(version.cause().type().name()));
        if (!version.cause().requestIds().isEmpty()) {
            item.put("causeRequests", AttributeValue.fromL(version.cause().requestIds().stream().map(id -> s(id.value())).toList()));
        }
        putIfPresent(item, "rollbackTo", version.cause().rollbackTo());
        putIfPresent(item, "causeDetail", version.cause().detail());
        item.put("actor", s(version.actor()));
        item.put("createdAt", millis(version.createdAt()));
        item.put("applyStatus", s(version.applyStatus().name()));
        putIfPresent(item, "appliedAt", version.appliedAt());
        item.put("mode", s(version.mode().name()));
        return item;
    }

    private AllowlistVersion fromItem(Map<String, AttributeValue> item) {
        VersionSummary summary = summaryFromItem(item);
        byte[] snapshot = item.containsKey("targets")
                ? item.get("targets").b().asByteArray()
                : readChunks(summary.number(), string(item, "chunkWriteId"), number(item, "chunks").intValue());
        List<String> targets = SnapshotCodec.decode(snapshot);
        String hash = AllowlistVersion.contentHash(targets);
        if (!hash.equals(summary.sha256())) {
            throw new SnapshotIntegrityException(new VersionNumber(summary.number()), summary.sha256(), hash);
        }
        return new AllowlistVersion(summary.number(), summary.parent(), targets, summary.sha256(), summary.cause(),
                summary.actor(), summary.createdAt(), summary.applyStatus(), summary.appliedAt(), summary.mode());
    }

    private static VersionSummary summaryFromItem(Map<String, AttributeValue> item) {
        List<RequestId> requestIds = new ArrayList<>();
        AttributeValue requests = item.get("causeRequests");
        if (requests != null && requests.hasL()) {
            requests.l().forEach(value -> requestIds.add(new RequestId(value.s())));
        }
        VersionCause cause = new VersionCause(enumValue(item, "causeType", VersionCause.Type.class), requestIds,
                versionNumber(item, "rollbackTo"), string(item, "causeDetail"));
        return new VersionSummary(number(item, TableSchemas.VERSION_NUMBER_KEY), number(item, "parent"),
                number(item, "targetCount").intValue(), string(item, "sha256"), cause, string(item, "actor"),
                instant(item, "createdAt"), enumValue(item, "applyStatus", ApplyStatus.class), instant(item, "appliedAt"),
                enumValue(item, "mode", ScopeMode.class));
    }
}
