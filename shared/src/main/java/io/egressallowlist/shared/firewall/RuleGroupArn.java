package io.egressallowlist.shared.firewall;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ARN of a stateful rule group, e.g.
 * {@code arn:aws:network-firewall:us-east-1:123456789012:stateful-rulegroup/studio-egress}. The name part
 * names the version log (one log per rule group) and keys the group in {@code DescribeFirewall}'s sync
 * states, which are keyed by resource name (aws-api-notes §1.6).
 */
public record RuleGroupArn(String arn, String name) {

    private static final Pattern FORMAT = Pattern.compile(
            "^arn:aws[a-z-]*:network-firewall:[a-z0-9-]+:\\d{12}:stateful-rulegroup/([a-zA-Z0-9-]{1,128})$");

    /** Parses an ARN; a clear {@link IllegalArgumentException} for anything that is not a stateful rule group ARN. */
    public static RuleGroupArn parse(String arn) {
        if (arn == null || arn.isBlank()) {
            throw new IllegalArgumentException("RULE_GROUP_ARN is required: the ARN of the domain-list rule group");
        }
        Matcher matcher = FORMAT.matcher(arn.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("RULE_GROUP_ARN must look like arn:aws:network-firewall:<region>:"
                    + "<account>:stateful-rulegroup/<name>, got " + arn);
        }
        return new RuleGroupArn(arn.strip(), matcher.group(1));
    }

    @Override
    public String toString() {
        return arn;
    }
}
