package io.egressallowlist.shared.store;

import java.util.Objects;

/** The three DynamoDB tables of one deployment (ARCHITECTURE §4). */
public record TableNames(String requests, String versions, String audit) {
    public TableNames {
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(audit, "audit");
    }

    /** Names with a common prefix: {@code <prefix>-requests}, {@code <prefix>-versions}, {@code <prefix>-audit}. */
    public static TableNames withPrefix(String prefix) {
        return new TableNames(prefix + "-requests", prefix + "-versions", prefix + "-audit");
    }
}
