package io.egressallowlist.shared.store;

import java.util.Objects;

/** The four DynamoDB tables of one deployment (ARCHITECTURE §4). */
public record TableNames(String requests, String versions, String audit, String blocked) {
    public TableNames {
        Objects.requireNonNull(requests, "requests");
        Objects.requireNonNull(versions, "versions");
        Objects.requireNonNull(audit, "audit");
        Objects.requireNonNull(blocked, "blocked");
    }

    /**
     * Names with a common prefix: {@code <prefix>-requests}, {@code <prefix>-versions}, {@code <prefix>-audit},
     * {@code <prefix>-blocked}.
     */
    public static TableNames withPrefix(String prefix) {
        return new TableNames(prefix + "-requests", prefix + "-versions", prefix + "-audit", prefix + "-blocked");
    }
}
