package io.egressallowlist.shared.store;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The canonical content of an audit item, what its chain hash covers: every attribute except the chain's own
 * ({@link #CHAIN_FIELDS}), whatever its name, so an attribute added to a record afterwards changes it too.
 *
 * <p>Attributes come sorted by name (Java's {@code String} order); each is written as its name, its DynamoDB type
 * tag and its value. Every name and every string or number is preceded by its length in UTF-8 bytes and a colon
 * ({@code 5:actor}), so no value can pass for a field boundary. Maps repeat the same form with their entry count,
 * lists their elements in order, sets sorted; binaries as base64. Example: {@code 5:actorS10:slack:U0APP}.
 * Numbers are written as DynamoDB returns them; the audit trail stores integers only (epoch millis, version
 * numbers), which DynamoDB keeps as written.
 */
final class CanonicalItem {

    /** The chain's own attributes, not covered by the hash. */
    static final Set<String> CHAIN_FIELDS = Set.of(AuditChainWriter.SEQ, AuditChainWriter.PREV_HASH,
            AuditChainWriter.HASH, AuditChainWriter.PAGE);

    private CanonicalItem() {
    }

    static String of(Map<String, AttributeValue> item) {
        StringBuilder out = new StringBuilder();
        new TreeMap<>(item).forEach((name, value) -> {
            if (!CHAIN_FIELDS.contains(name)) {
                text(out, name);
                value(out, value);
            }
        });
        return out.toString();
    }

    private static void value(StringBuilder out, AttributeValue value) {
        switch (value.type()) {
            case S -> text(out.append('S'), value.s());
            case N -> text(out.append('N'), value.n());
            case BOOL -> out.append("BOOL").append(Boolean.TRUE.equals(value.bool()) ? 't' : 'f');
            case NUL -> out.append("NULL");
            case B -> text(out.append('B'), base64(value.b()));
            case SS -> strings(out.append("SS"), value.ss());
            case NS -> strings(out.append("NS"), value.ns());
            case BS -> strings(out.append("BS"), value.bs().stream().map(CanonicalItem::base64).toList());
            case M -> {
                out.append('M').append(value.m().size()).append(':');
                new TreeMap<>(value.m()).forEach((name, inner) -> {
                    text(out, name);
                    value(out, inner);
                });
            }
            case L -> {
                out.append('L').append(value.l().size()).append(':');
                value.l().forEach(inner -> value(out, inner));
            }
            default -> text(out.append('?'), value.toString());
        }
    }

    private static void strings(StringBuilder out, List<String> values) {
        out.append(values.size()).append(':');
        values.stream().sorted().forEach(value -> text(out, value));
    }

    private static void text(StringBuilder out, String text) {
        out.append(text.getBytes(StandardCharsets.UTF_8).length).append(':').append(text);
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
