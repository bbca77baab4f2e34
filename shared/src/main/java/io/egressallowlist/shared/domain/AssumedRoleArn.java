package io.egressallowlist.shared.domain;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An STS assumed-role principal, {@code arn:aws:sts::123456789012:assumed-role/RoleName/session}: what API
 * Gateway reports as {@code requestContext.identity.userArn} for a caller using a role (aws-api-notes §3).
 * The ARN carries the role's name but not its path, so it is matched against role ARNs by partition,
 * account and name; role names are unique within an account whatever their path.
 */
public record AssumedRoleArn(String partition, String accountId, String roleName, String sessionName) {

    // IAM: role names are 1-64 of [\w+=,.@-]; role session names 2-64 of the same set.
    private static final Pattern ASSUMED_ROLE =
            Pattern.compile("arn:(aws[a-z-]*):sts::([0-9]{12}):assumed-role/([\\w+=,.@-]{1,64})/([\\w+=,.@-]{2,64})");
    private static final Pattern ROLE =
            Pattern.compile("arn:(aws[a-z-]*):iam::([0-9]{12}):role/(?:[\\w+=,.@-]+/)*([\\w+=,.@-]{1,64})");

    /** The assumed-role principal, or empty for anything else (an IAM user, a federated user, garbage). */
    public static Optional<AssumedRoleArn> parse(String principalArn) {
        if (principalArn == null) {
            return Optional.empty();
        }
        Matcher m = ASSUMED_ROLE.matcher(principalArn);
        return m.matches() ? Optional.of(new AssumedRoleArn(m.group(1), m.group(2), m.group(3), m.group(4)))
                : Optional.empty();
    }

    /** Whether this is a session of the IAM role {@code roleArn} (e.g. {@code arn:aws:iam::1…:role/service-role/X}). */
    public boolean isSessionOf(String roleArn) {
        return roleKey(roleArn).map(key -> key.equals(roleKey())).orElse(false);
    }

    /** The key of the role this session belongs to: {@code partition:account:name}. */
    public String roleKey() {
        return partition + ":" + accountId + ":" + roleName;
    }

    /** The same key for an IAM role ARN, or empty if it is not one. */
    public static Optional<String> roleKey(String roleArn) {
        if (roleArn == null) {
            return Optional.empty();
        }
        Matcher m = ROLE.matcher(roleArn);
        return m.matches() ? Optional.of(m.group(1) + ":" + m.group(2) + ":" + m.group(3)) : Optional.empty();
    }
}
