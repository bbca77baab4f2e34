package io.egressallowlist.shared.domain;

import java.util.regex.Pattern;

/** A Slack user id: {@code U...}, or {@code W...} for Enterprise Grid users. */
public record SlackUserId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[UW][A-Z0-9]{8,20}");

    public SlackUserId {
        Quoting.requireFormat(FORMAT, value, "is not a Slack user id. A user id is "
                + "'U' or 'W' followed by 8 to 20 upper-case letters or digits, such as U0123ABCD "
                + "(Slack: profile > More > Copy member ID).");
    }

    @Override
    public String toString() {
        return value;
    }
}
