package io.egressallowlist.shared.slack;

import java.util.Set;

/**
 * The {@code action_id}s of the buttons on our messages; each button's {@code value} is the request id.
 * The Slack stand-in clicks them by these names.
 */
public final class ActionIds {

    public static final String APPROVE = "approve";
    public static final String DENY = "deny";
    public static final String RENEW = "renew";
    public static final String APPROVE_ROLLBACK = "approve-rollback";

    public static final Set<String> ALL = Set.of(APPROVE, DENY, RENEW, APPROVE_ROLLBACK);

    private ActionIds() {
    }
}
