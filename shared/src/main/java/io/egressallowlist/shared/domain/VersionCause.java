package io.egressallowlist.shared.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Why a version exists.
 *
 * @param type        what produced it
 * @param requestIds  the requests it carries (for {@code REQUESTS} and {@code ROLLBACK}); empty otherwise
 * @param rollbackTo  the restored version, for {@code ROLLBACK}
 * @param detail      free text for people (e.g. the drift seen, or what the removals of a version of requests are)
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

    /**
     * A version of request intents. Its description says what each removal is: a grant past its expiry
     * ("expired r2"), one cleanup found unused ("unused r3"), one revoked ("revoked r4"); a version of additions only
     * is "requests r1, r5".
     */
    public static VersionCause requests(List<AllowlistRequest> intents) {
        Map<String, List<String>> byKind = new LinkedHashMap<>();
        for (AllowlistRequest request : intents) {
            byKind.computeIfAbsent(kindOf(request), kind -> new ArrayList<>()).add(request.id().value());
        }
        List<RequestId> ids = intents.stream().map(AllowlistRequest::id).toList();
        if (byKind.keySet().stream().allMatch("requests"::equals)) {
            return new VersionCause(Type.REQUESTS, ids, null, null);
        }
        String detail = byKind.entrySet().stream().map(kind -> kind.getKey() + " " + String.join(", ", kind.getValue()))
                .collect(Collectors.joining("; "));
        return new VersionCause(Type.REQUESTS, ids, null, detail);
    }

    private static String kindOf(AllowlistRequest request) {
        if (request.intent() != Intent.REMOVE) {
            return "requests";
        }
        if (request.status() == RequestStatus.REVOKED) {
            return "revoked";
        }
        return request.endedUnused() ? "unused" : "expired";
    }

    public static VersionCause drift(String detail) {
        return new VersionCause(Type.DRIFT, List.of(), null, detail);
    }

    /** A short text for people: "requests r1, r2", "rollback to version 4 (+ r9)", … */
    public String describe() {
        return switch (type) {
            case BASELINE -> "baseline";
            case REQUESTS -> detail != null ? detail : "requests " + joined();
            case ROLLBACK -> "rollback to version " + rollbackTo
                    + (requestIds.isEmpty() ? "" : " (requests " + joined() + ")");
            case DRIFT -> "adopted out-of-band change" + (detail == null ? "" : ": " + detail);
        };
    }

    private String joined() {
        return String.join(", ", requestIds.stream().map(RequestId::value).toList());
    }
}
