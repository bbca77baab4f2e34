package io.egressallowlist.functions.requestapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.Approval;
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.VersionDiff;
import io.egressallowlist.shared.domain.VersionLog.VersionSummary;
import io.egressallowlist.shared.domain.VersionNumber;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON the API returns, written member by member (no reflection) so that a field is exposed only
 * when it is listed here and in openapi.yaml. Instants are ISO-8601 UTC; absent values are null.
 */
final class Representations {

    private final ObjectMapper json;

    Representations(ObjectMapper json) {
        this.json = json;
    }

    ObjectNode object() {
        return json.createObjectNode();
    }

    /** {@code body} as a JSON reply with {@code status}. */
    Reply reply(int status, ObjectNode body) {
        try {
            return new Reply(status, "application/json", json.writeValueAsString(body), Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a response could not be written", e);
        }
    }

    ObjectNode request(AllowlistRequest request) {
        ObjectNode node = object()
                .put("id", request.id().value())
                .put("kind", request.kind().name())
                .put("scope", request.scope().value());
        if (request.kind() == RequestKind.DOMAIN) {
            node.put("target", request.target().value());
        } else if (request.kind() == RequestKind.ROLLBACK) {
            node.put("rollbackTo", request.rollbackTo().value());
        } else {
            node.put("mode", request.mode() == null ? null : request.mode().label());
        }
        node.put("status", request.status().name());
        ObjectNode requester = node.putObject("requester")
                .put("principal", request.requester().principal());
        requester.put("studioUserProfile", request.requester().studioUserProfile());
        requester.put("slackUserId", request.requester().slackUserId());
        node.put("justification", request.justification());
        node.put("grantDuration", duration(request.grantDuration()));
        node.put("createdAt", instant(request.createdAt()));
        node.put("updatedAt", instant(request.updatedAt()));
        node.put("pendingUntil", instant(request.pendingUntil()));
        node.put("expiresAt", instant(request.expiresAt()));
        ArrayNode approvals = node.putArray("approvals");
        for (Approval approval : request.approvals()) {
            approvals.addObject().put("approver", approval.approver()).put("at", instant(approval.at()))
                    .put("via", approval.via().name());
        }
        node.put("decidedBy", request.decidedBy());
        node.put("decisionNote", request.decisionNote());
        node.put("version", number(request.version()));
        return node;
    }

    ObjectNode summary(VersionSummary summary, ScopeName scope) {
        ObjectNode node = object().put("number", summary.number()).put("scope", scope.value())
                .put("mode", summary.mode().label());
        node.put("parent", summary.parent());
        node.put("targetCount", summary.targetCount());
        node.put("sha256", summary.sha256());
        ObjectNode cause = node.putObject("cause").put("type", summary.cause().type().name());
        cause.put("description", summary.cause().describe());
        ArrayNode requestIds = cause.putArray("requestIds");
        summary.cause().requestIds().forEach(id -> requestIds.add(id.value()));
        cause.put("rollbackTo", number(summary.cause().rollbackTo()));
        node.put("actor", summary.actor());
        node.put("createdAt", instant(summary.createdAt()));
        node.put("applyStatus", summary.applyStatus().name());
        node.put("appliedAt", instant(summary.appliedAt()));
        return node;
    }

    ObjectNode version(AllowlistVersion version, ScopeName scope) {
        ObjectNode node = summary(VersionSummary.of(version), scope);
        strings(node.putArray("targets"), version.targets());
        return node;
    }

    ObjectNode diff(VersionDiff diff) {
        ObjectNode node = object();
        strings(node.putArray("added"), diff.added());
        strings(node.putArray("removed"), diff.removed());
        return node;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    /** A version number, or JSON null when there is none. */
    static Long number(VersionNumber number) {
        return number == null ? null : number.value();
    }

    static String instant(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** ISO-8601, in days when whole days ({@code P14D} rather than Java's {@code PT336H}). */
    static String duration(Duration duration) {
        if (duration == null) {
            return null;
        }
        long day = Duration.ofDays(1).toSeconds();
        return duration.toSeconds() % day == 0 && duration.getNano() == 0 ? "P" + duration.toDays() + "D"
                : duration.toString();
    }
}
