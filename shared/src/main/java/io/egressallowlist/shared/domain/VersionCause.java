package io.egressallowlist.shared.domain;

import java.util.List;
import java.util.Objects;

/**
 * Why a version exists.
 *
 * @param type        what produced it
 * @param requestIds  the requests it carries (for {@code REQUESTS} and {@code ROLLBACK}); empty otherwise
 * @param rollbackTo  the restored version, for {@code ROLLBACK}
 * @param detail      free text for people (e.g. the drift seen)
 */
public record VersionCause(Type type, List<RequestId> requestIds, VersionNumber rollbackTo, String detail) {

    public enum Type {
        /** The rule group's content when the control plane first saw it. */
        BASELINE,
        /** Approved requests, expiries and revocations. */
        REQUESTS,
        /** A rollback request; may also carry other requests decided in the same run. */
        ROLLBACK,
        /** An out-of-band edit adopted as the new state (drift mode ADOPT). */
        DRIFT
    }

    public VersionCause {
        Objects.requireNonNull(type, "type");
        requestIds = requestIds == null ? List.of() : List.copyOf(requestIds);
    }

    public static VersionCause baseline() {
        return new VersionCause(Type.BASELINE, List.of(), null, "initial content of the rule group");
    }

    public static VersionCause drift(String detail) {
        return new VersionCause(Type.DRIFT, List.of(), null, detail);
    }

    /** A short text for people: "requests r1, r2", "rollback to version 4 (+ r9)", … */
    public String describe() {
        return switch (type) {
            case BASELINE -> "baseline";
            case REQUESTS -> "requests " + joined();
            case ROLLBACK -> "rollback to version " + rollbackTo
                    + (requestIds.isEmpty() ? "" : " (requests " + joined() + ")");
            case DRIFT -> "adopted out-of-band change" + (detail == null ? "" : ": " + detail);
        };
    }

    private String joined() {
        return String.join(", ", requestIds.stream().map(RequestId::value).toList());
    }
}
