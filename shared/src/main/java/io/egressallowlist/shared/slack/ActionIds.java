package io.egressallowlist.shared.slack;

import java.util.Set;

/**
 * The {@code action_id}s of the buttons on our messages. The value of a decision button ({@link #ALL}) is the
 * request id; that of {@link #REQUEST_BLOCKED} is the entry suggested for a blocked host. The Slack stand-in clicks
 * them by these names.
 */
public final class ActionIds {

    public static final String APPROVE = "approve";
    public static final String DENY = "deny";
    public static final String RENEW = "renew";
    public static final String APPROVE_ROLLBACK = "approve-rollback";
    /** Takes back an approved or active grant (with a confirmation dialog). */
    public static final String REVOKE = "revoke";

    /** A digest's Request button: opens the request form ({@link RequestForm}) pre-filled with its value. */
    public static final String REQUEST_BLOCKED = "request-blocked";

    /** The decision buttons, whose value is a request id. */
    public static final Set<String> ALL = Set.of(APPROVE, DENY, RENEW, APPROVE_ROLLBACK, REVOKE);

    private ActionIds() {
    }
}
