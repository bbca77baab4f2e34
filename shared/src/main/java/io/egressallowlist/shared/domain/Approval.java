package io.egressallowlist.shared.domain;

import java.time.Instant;
import java.util.Objects;

/** One approver's vote for a request. */
public record Approval(String approver, Instant at, Channel via) {
    public Approval {
        Objects.requireNonNull(approver, "approver");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(via, "via");
    }
}
