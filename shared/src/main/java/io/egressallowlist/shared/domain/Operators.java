package io.egressallowlist.shared.domain;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The operators: IAM principals ({@code OPERATOR_PRINCIPALS}) who read the control plane's records (the audit
 * trail) without being approvers. An entry is an IAM user or role ARN; a caller matches one when its principal
 * ARN is that ARN, or when it is a session of that role ({@code arn:aws:sts::A:assumed-role/R/S} is a session of
 * {@code arn:aws:iam::A:role/R}, whatever the role's path: see {@link AssumedRoleArn}).
 */
public record Operators(List<String> principals) {

    private static final Pattern IAM_ARN =
            Pattern.compile("arn:aws[a-z-]*:(iam::[0-9]{12}:(user|role)/|sts::[0-9]{12}:assumed-role/)[\\w+=,.@/-]{1,512}");

    public Operators {
        principals = List.copyOf(principals);
        principals.forEach(principal -> {
            if (!IAM_ARN.matcher(principal).matches()) {
                throw new IllegalArgumentException("an operator is an IAM user or role ARN, such as"
                        + " arn:aws:iam::123456789012:role/EgressOperator, got '" + principal + "'");
            }
        });
    }

    /** Nobody is an operator. */
    public static Operators none() {
        return new Operators(List.of());
    }

    /** Whether the caller {@code principalArn} is one of the operators, or a session of an operator role. */
    public boolean includes(String principalArn) {
        if (principalArn == null) {
            return false;
        }
        if (principals.contains(principalArn)) {
            return true;
        }
        Optional<AssumedRoleArn> session = AssumedRoleArn.parse(principalArn);
        return session.isPresent() && principals.stream().anyMatch(session.get()::isSessionOf);
    }
}
