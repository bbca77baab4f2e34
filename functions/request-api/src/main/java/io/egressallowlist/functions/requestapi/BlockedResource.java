package io.egressallowlist.functions.requestapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.shared.api.CallerResolver;
import io.egressallowlist.shared.blocked.BlockedQueries;
import io.egressallowlist.shared.domain.BlockedDomain;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.ScopeName;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * {@code /blocked}: what the firewall refused. A caller sees the attempts attributed to their own Studio user
 * profile; {@code scope=all} shows everyone's, per domain with the number of distinct people, to approvers only, and
 * {@code scope=<name>} everyone's attributed to that scope
 * ({@link BlockedQueries} decides who is one). A domain is whatever a client put in its TLS SNI or HTTP Host: it
 * goes out only as a JSON string, which the serializer escapes.
 *
 * @param retention how long blocked attempts are kept: {@code since} cannot reach further back
 */
record BlockedResource(BlockedQueries queries, CallerResolver callers, ScopeReads scopes, Clock clock,
                       Duration retention, Representations representations) {

    /** {@code GET /blocked?since=&scope=}: {@code scope} is {@code mine}, {@code all} or one scope's name. */
    Reply list(Parameters parameters) {
        parameters.takesQuery("since", "scope");
        Optional<ScopeName> named = scopeNamed(parameters);
        Parameters.Scope scope = named.isPresent() ? Parameters.Scope.ALL : parameters.scope();
        Instant since = parameters.since(clock.instant(), retention);
        CallerResolver.Caller caller = callers.resolve(parameters.principal());
        if (scope == Parameters.Scope.MINE) {
            return page("mine", since, caller, queries.mine(caller.studio(), since));
        }
        String shown = named.map(ScopeName::value).orElse("all");
        return queries.all(caller.requester(), since, named).match(new BlockedQueries.AllView.Cases<>(
                everyone -> page(shown, since, caller, everyone.lines()),
                refused -> {
                    throw Problem.of(Problem.Type.FORBIDDEN, "Only approvers can list everyone's blocked attempts"
                            + " (scope=" + shown + "): " + refused.reason() + ". Leave out scope to see your own.")
                            .with("reason", "NOT_AN_APPROVER").exception();
                }));
    }

    /** The scope {@code scope} names, unless it is {@code mine} or {@code all} (or no scope name at all). */
    private Optional<ScopeName> scopeNamed(Parameters parameters) {
        Optional<String> value = parameters.call().queryParameter("scope")
                .filter(v -> !v.equals("mine") && !v.equals("all"));
        try {
            return value.map(ScopeName::of).map(scopes::known);
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    private Reply page(String scope, Instant since, CallerResolver.Caller caller, List<BlockedDomain> lines) {
        ObjectNode node = representations.object().put("scope", scope).put("since", Representations.instant(since));
        node.put("studioUserProfile", caller.requester().studioUserProfile());
        ArrayNode items = node.putArray("items");
        lines.forEach(line -> items.add(line(line, !scope.equals("mine"))));
        return representations.reply(200, node);
    }

    private ObjectNode line(BlockedDomain line, boolean withPeople) {
        ObjectNode node = representations.object().put("domain", line.host().shown());
        node.put("suggestedTarget", line.suggestion().map(DomainName::target).orElse(null));
        node.put("count", line.count());
        node.put("firstSeen", Representations.instant(line.firstSeen()));
        node.put("lastSeen", Representations.instant(line.lastSeen()));
        node.put("allowedNow", line.allowedNow());
        node.put("openRequestId", line.openRequest().map(RequestId::value).orElse(null));
        node.put("scope", line.scope().map(ScopeName::value).orElse(null));
        node.put("learning", line.learning());
        if (withPeople) {
            node.put("people", line.people());
        }
        return node;
    }
}
