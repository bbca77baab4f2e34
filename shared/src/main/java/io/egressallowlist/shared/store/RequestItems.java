package io.egressallowlist.shared.store;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.Approval;
import io.egressallowlist.shared.domain.Channel;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.domain.RequestRepository.Change;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

import static io.egressallowlist.shared.store.Attributes.enumValue;
import static io.egressallowlist.shared.store.Attributes.instant;
import static io.egressallowlist.shared.store.Attributes.millis;
import static io.egressallowlist.shared.store.Attributes.n;
import static io.egressallowlist.shared.store.Attributes.putIfPresent;
import static io.egressallowlist.shared.store.Attributes.requestId;
import static io.egressallowlist.shared.store.Attributes.s;
import static io.egressallowlist.shared.store.Attributes.string;
import static io.egressallowlist.shared.store.Attributes.versionNumber;

/**
 * The layout of a request's item in the requests table: the item written on create, the request read back
 * from an item, and the conditional updates a change or a vote makes to it.
 */
final class RequestItems {

    /** The by-entity index's one partition: every request carries it, no slot item does. */
    static final String ENTITY = "REQUEST";
    /** The by-intent index's one partition: a request carries it while it has an intent. */
    static final String INTENT_QUEUE = "pending";

    /** An {@code UpdateItem}'s condition, update expression and their placeholders. */
    record ConditionalUpdate(String condition, String update, Map<String, String> names,
                             Map<String, AttributeValue> values) {
    }

    private RequestItems() {
    }

    /**
     * Applies {@code change} at {@code at} if the status is one it expects (and, when it clears the intent,
     * an intent is still there).
     */
    static ConditionalUpdate changeOf(Change change, Instant at) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        String condition = expectedStatus(change, names, values);
        if (change.clearsIntent()) {
            condition += " AND attribute_exists(#intent)";
            names.put("#intent", "intent");
        }
        return new ConditionalUpdate(condition, assignments(change, at, names, values), names, values);
    }

    private static String expectedStatus(Change change, Map<String, String> names, Map<String, AttributeValue> values) {
        names.put("#status", "status");
        StringJoiner condition = new StringJoiner(" OR ", "(", ")");
        int i = 0;
        for (RequestStatus expected : change.expected()) {
            condition.add("#status = :expected" + i);
            values.put(":expected" + i, s(expected.name()));
            i++;
        }
        return condition.toString();
    }

    private static String assignments(Change change, Instant at, Map<String, String> names,
                                      Map<String, AttributeValue> values) {
        StringJoiner set = new StringJoiner(", ", "SET ", "");
        StringJoiner remove = new StringJoiner(", ", " REMOVE ", "");
        remove.setEmptyValue("");
        set.add("#updatedAt = :updatedAt");
        names.put("#updatedAt", "updatedAt");
        values.put(":updatedAt", millis(at));
        if (change.newStatus() != null) {
            set.add("#status = :newStatus");
            values.put(":newStatus", s(change.newStatus().name()));
        }
        setIfPresent(set, names, values, "decidedBy", change.decidedBy() == null ? null : s(change.decidedBy()));
        setIfPresent(set, names, values, "decisionNote", change.decisionNote() == null ? null : s(change.decisionNote()));
        setIfPresent(set, names, values, "version", change.version() == null ? null : n(change.version().value()));
        setIfPresent(set, names, values, "expiresAt", change.expiresAt() == null ? null : millis(change.expiresAt()));
        if (change.intent() != null) {
            setIfPresent(set, names, values, "intent", s(change.intent().name()));
            setIfPresent(set, names, values, "intentQueue", s(INTENT_QUEUE));
            setIfPresent(set, names, values, "intentAt", millis(at));
        }
        if (change.clearsIntent()) {
            names.put("#intentQueue", "intentQueue");
            names.put("#intentAt", "intentAt");
            remove.add("#intent").add("#intentQueue").add("#intentAt");
        }
        return set + remove.toString();
    }

    private static void setIfPresent(StringJoiner set, Map<String, String> names, Map<String, AttributeValue> values,
                                     String attribute, AttributeValue value) {
        if (value == null) {
            return;
        }
        names.put("#" + attribute, attribute);
        values.put(":" + attribute, value);
        set.add("#" + attribute + " = :" + attribute);
    }

    /** Appends one approver's vote to a PENDING request that has none from that approver yet. */
    static ConditionalUpdate voteOf(Approval approval) {
        Map<String, AttributeValue> vote = Map.of(
                "approver", s(approval.approver()),
                "at", millis(approval.at()),
                "via", s(approval.via().name()));
        return new ConditionalUpdate(
                "#status = :pending AND (attribute_not_exists(#approvers) OR NOT contains(#approvers, :approver))",
                "SET #approvals = list_append(if_not_exists(#approvals, :empty), :vote), #updatedAt = :at"
                        + " ADD #approvers :approverSet",
                Map.of("#status", "status", "#approvers", "approvers",
                        "#approvals", "approvals", "#updatedAt", "updatedAt"),
                Map.of(
                        ":pending", s(RequestStatus.PENDING.name()),
                        ":approver", s(approval.approver()),
                        ":approverSet", AttributeValue.fromSs(List.of(approval.approver())),
                        ":empty", AttributeValue.fromL(List.of()),
                        ":vote", AttributeValue.fromL(List.of(AttributeValue.fromM(vote))),
                        ":at", millis(approval.at())));
    }

    static Map<String, AttributeValue> toItem(AllowlistRequest request) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(TableSchemas.REQUEST_KEY, s(request.id().value()));
        item.put("entity", s(ENTITY));
        item.put("kind", s(request.kind().name()));
        putIfPresent(item, "target", request.target() == null ? null : request.target().value());
        putIfPresent(item, "rollbackTo", request.rollbackTo());
        item.put("principal", s(request.requester().principal()));
        putIfPresent(item, "slackUser", request.requester().slackUserId());
        putIfPresent(item, "studioProfile", request.requester().studioUserProfile());
        putIfPresent(item, "justification", request.justification());
        item.put("status", s(request.status().name()));
        putIfPresent(item, "grantSeconds", request.grantDuration() == null ? null : request.grantDuration().toSeconds());
        item.put("createdAt", millis(request.createdAt()));
        item.put("updatedAt", millis(request.updatedAt()));
        putIfPresent(item, "pendingUntil", request.pendingUntil());
        putIfPresent(item, "expiresAt", request.expiresAt());
        if (!request.approvals().isEmpty()) {
            item.put("approvals", AttributeValue.fromL(request.approvals().stream()
                    .map(a -> AttributeValue.fromM(Map.of("approver", s(a.approver()), "at", millis(a.at()),
                            "via", s(a.via().name()))))
                    .toList()));
            item.put("approvers", AttributeValue.fromSs(request.approvals().stream().map(Approval::approver).toList()));
        }
        putIfPresent(item, "decidedBy", request.decidedBy());
        putIfPresent(item, "decisionNote", request.decisionNote());
        if (request.intent() != null) {
            item.put("intent", s(request.intent().name()));
            item.put("intentQueue", s(INTENT_QUEUE));
            item.put("intentAt", millis(request.updatedAt()));
        }
        putIfPresent(item, "version", request.version());
        putIfPresent(item, "idempotencyKey", request.idempotencyKey());
        item.put("scope", s(request.scope().value()));
        putIfPresent(item, "mode", request.mode() == null ? null : request.mode().name());
        return item;
    }

    static AllowlistRequest fromItem(Map<String, AttributeValue> item) {
        return new AllowlistRequest(
                requestId(item, TableSchemas.REQUEST_KEY),
                enumValue(item, "kind", RequestKind.class),
                target(item),
                versionNumber(item, "rollbackTo"),
                new Requester(string(item, "principal"), string(item, "slackUser"), string(item, "studioProfile")),
                string(item, "justification"),
                enumValue(item, "status", RequestStatus.class),
                Attributes.seconds(item, "grantSeconds"),
                instant(item, "createdAt"),
                instant(item, "updatedAt"),
                instant(item, "pendingUntil"),
                instant(item, "expiresAt"),
                approvals(item),
                string(item, "decidedBy"),
                string(item, "decisionNote"),
                enumValue(item, "intent", Intent.class),
                versionNumber(item, "version"),
                string(item, "idempotencyKey"),
                ScopeName.storedOrDefault(string(item, "scope")),
                enumValue(item, "mode", ScopeMode.class));
    }

    private static List<Approval> approvals(Map<String, AttributeValue> item) {
        List<Approval> approvals = new ArrayList<>();
        AttributeValue list = item.get("approvals");
        if (list != null && list.hasL()) {
            for (AttributeValue entry : list.l()) {
                Map<String, AttributeValue> vote = entry.m();
                approvals.add(new Approval(string(vote, "approver"), instant(vote, "at"),
                        enumValue(vote, "via", Channel.class)));
            }
        }
        return approvals;
    }

    private static FirewallTarget target(Map<String, AttributeValue> item) {
        String target = string(item, "target");
        return target == null ? null : new FirewallTarget(target);
    }
}
