package io.egressallowlist.functions.requestapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.shared.api.AuditQueries;
import io.egressallowlist.shared.api.CallerResolver;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.AuditPage;
import io.egressallowlist.shared.domain.AuditQuery;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.Requester;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code GET /audit}: the audit trail, oldest first (so that an export reads as it happened), for approvers and
 * operators only ({@link AuditQueries} decides). A page token carries the time range the first page resolved
 * ({@code since=PT24H} means the same instants on every page) and the position the page ended at.
 */
record AuditResource(AuditQueries queries, CallerResolver callers, ScopeReads scopes, Clock clock,
                     Representations representations) {

    /** The longest range one query may span: a year, read one UTC day after the other. */
    static final Duration MAX_RANGE = Duration.ofDays(366);
    static final PageToken.Names TOKENS = new PageToken.Names("nextToken", "nextToken",
            "'since', 'until', 'actor', 'requestId', 'type' and 'scope'");

    /** {@code GET /audit?since=&until=&actor=&requestId=&type=&scope=&limit=&nextToken=}. */
    Reply list(Parameters parameters) {
        parameters.takesQuery("since", "until", "actor", "requestId", "type", "scope", "limit", "nextToken");
        Requester viewer = callers.resolve(parameters.principal()).requester();
        queries.refusal(viewer).ifPresent(AuditResource::refuse);
        Optional<String> since = query(parameters, "since");
        Optional<String> until = query(parameters, "until");
        String actor = actor(parameters);
        RequestId requestId = requestId(parameters);
        String type = type(parameters);
        ScopeName scope = parameters.scopeName().map(scopes::known).orElse(null);
        int limit = parameters.limit(AuditQuery.MAX_LIMIT, AuditQuery.DEFAULT_LIMIT);
        String filters = digest(String.join("&", encode(since), encode(until), encode(Optional.ofNullable(actor)),
                encode(Optional.ofNullable(requestId).map(RequestId::value)), encode(Optional.ofNullable(type)))
                + (scope == null ? "" : "&" + scope));
        AuditQuery range = range(parameters, filters, since, until);
        AuditQuery query = new AuditQuery(range.from(), range.to(), actor, requestId, type, limit, range.after(), scope);
        AuditPage page = read(viewer, query);
        ObjectNode node = representations.object();
        ArrayNode items = node.putArray("items");
        page.items().forEach(item -> items.add(item(item)));
        node.put("nextToken", page.nextCursor().map(cursor -> PageToken.wrap(query.from() + " " + query.to() + " "
                + cursor.encoded(), filters)).orElse(null));
        node.put("since", Representations.instant(query.from()));
        node.put("until", Representations.instant(query.to()));
        return representations.reply(200, node);
    }

    private AuditPage read(Requester viewer, AuditQuery query) {
        AuditQueries.View view;
        try {
            view = queries.read(viewer, query);
        } catch (IllegalArgumentException refusedCursor) {
            throw PageToken.invalid(TOKENS);
        }
        return view.match(new AuditQueries.View.Cases<>(AuditQueries.View.Page::page, refused -> refuse(refused.reason())));
    }

    /** Whoever is neither approver nor operator learns nothing, not even whether their parameters were valid. */
    private static AuditPage refuse(String reason) {
        throw Problem.of(Problem.Type.FORBIDDEN, "Only approvers and operators can read the audit trail: " + reason
                + ".").with("reason", "NOT_AN_APPROVER").exception();
    }

    /**
     * The range and position: from {@code nextToken} when one is given (the range its first page resolved), else
     * from {@code since} (default 24 hours back) and {@code until} (default now).
     */
    private AuditQuery range(Parameters parameters, String filters, Optional<String> since, Optional<String> until) {
        Optional<String> token = query(parameters, "nextToken");
        if (token.isPresent()) {
            String[] parts = PageToken.unwrap(token.get(), filters, TOKENS).split(" ", -1);
            try {
                AuditQuery.Cursor cursor = parts.length == 3 ? AuditQuery.Cursor.decode(parts[2]).orElse(null) : null;
                if (cursor == null) {
                    throw PageToken.invalid(TOKENS);
                }
                return AuditQuery.between(Instant.parse(parts[0]), Instant.parse(parts[1])).after(cursor);
            } catch (DateTimeParseException | IllegalArgumentException e) {
                throw PageToken.invalid(TOKENS);
            }
        }
        Instant now = clock.instant();
        Instant to = until.map(value -> Since.point("until", value, now)).orElse(now);
        Instant from = since.map(value -> Since.point("since", value, now)).orElse(to.minus(Since.DEFAULT));
        if (from.isAfter(to)) {
            throw Problem.invalid("since", "AFTER_UNTIL", "'since' (" + from + ") must not be after 'until' (" + to
                    + ").").exception();
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw Problem.invalid("since", "OUT_OF_RANGE", "One query spans at most 366 days; read a longer period"
                    + " a year at a time.").exception();
        }
        return AuditQuery.between(from, to);
    }

    private static String actor(Parameters parameters) {
        return query(parameters, "actor").map(value -> {
            if (value.isBlank() || value.length() > AuditQuery.MAX_ACTOR
                    || !value.codePoints().allMatch(c -> c >= 0x20 && c != 0x7f)) {
                throw Problem.invalid("actor", "INVALID", "'actor' must be who acted, as the trail names them (an IAM"
                        + " ARN, slack:U…, system:…), up to " + AuditQuery.MAX_ACTOR + " printable characters.")
                        .exception();
            }
            return value;
        }).orElse(null);
    }

    private static RequestId requestId(Parameters parameters) {
        return query(parameters, "requestId").map(value -> {
            try {
                return new RequestId(value);
            } catch (IllegalArgumentException e) {
                throw Problem.invalid("requestId", "MALFORMED_ID", e.getMessage()).exception();
            }
        }).orElse(null);
    }

    private static String type(Parameters parameters) {
        return query(parameters, "type").map(value -> {
            if (!AuditQuery.ACTION.matcher(value).matches()) {
                throw Problem.invalid("type", "INVALID", "'type' is an action such as REQUEST_APPROVED: 1 to 64 of"
                        + " A-Z and _, got '" + Since.shown(value) + "'.").exception();
            }
            return value;
        }).orElse(null);
    }

    private ObjectNode item(AuditPage.Item item) {
        AuditEvent event = item.event();
        ObjectNode node = representations.object().put("eventId", event.eventId())
                .put("at", Representations.instant(event.at())).put("actor", event.actor())
                .put("action", event.action()).put("via", event.via().name()).put("sourceIp", event.sourceIp());
        node.put("requestId", event.requestId() == null ? null : event.requestId().value());
        node.put("scope", event.scope().value());
        node.put("version", event.version() == null ? null : event.version().value());
        ObjectNode details = node.putObject("details");
        event.details().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(entry -> details.put(entry.getKey(), entry.getValue()));
        if (item.chainSeq().isPresent()) {
            node.put("chainSeq", item.chainSeq().getAsLong());
        } else {
            node.putNull("chainSeq");
        }
        return node;
    }

    private static Optional<String> query(Parameters parameters, String name) {
        return parameters.call().queryParameter(name);
    }

    /** The filters a token is bound to, as a short digest: an actor may be 2,048 characters, a token should not. */
    private static String digest(String filters) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(filters.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String encode(Optional<String> value) {
        return value.map(v -> URLEncoder.encode(v, StandardCharsets.UTF_8)).orElse("");
    }
}
