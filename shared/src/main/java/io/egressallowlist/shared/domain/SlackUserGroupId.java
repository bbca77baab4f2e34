package io.egressallowlist.shared.domain;

import java.util.regex.Pattern;

/** A Slack user group id ({@code S...}), such as a security-approvers group. */
public record SlackUserGroupId(String value) {

    private static final Pattern FORMAT = Pattern.compile("S[A-Z0-9]{8,20}");

    public SlackUserGroupId {
        Quoting.requireFormat(FORMAT, value, "is not a Slack user group id. A group "
                + "id is 'S' followed by 8 to 20 upper-case letters or digits, such as S0123ABCD.");
    }

    @Override
    public String toString() {
        return value;
    }
}
