package io.egressallowlist.emulators.sagemaker;

import java.util.List;
import java.util.regex.Pattern;

/** Constraints from the SageMaker API model (aws-api-notes §2; SageMaker API reference). */
final class SageMakerPatterns {

    static final String DOMAIN_ID_REGEX = "d-(-*[a-z0-9]){1,61}";
    static final int DOMAIN_ID_MAX = 63;
    static final String NAME_REGEX = "[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}";
    static final String NAME_CONTAINS_REGEX = "[a-zA-Z0-9\\-]+";
    static final int NAME_MAX = 63;
    static final String ROLE_ARN_REGEX = "arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+";
    static final List<String> STATUSES =
            List.of("Deleting", "Failed", "InService", "Pending", "Updating", "Update_Failed", "Delete_Failed");
    static final List<String> AUTH_MODES = List.of("SSO", "IAM");
    static final int MAX_SUBNETS = 16;
    static final int MAX_DOMAIN_SECURITY_GROUPS = 3;

    static final Pattern DOMAIN_ID = Pattern.compile(DOMAIN_ID_REGEX);
    static final Pattern NAME = Pattern.compile(NAME_REGEX);
    static final Pattern NAME_CONTAINS = Pattern.compile(NAME_CONTAINS_REGEX);
    static final Pattern ROLE_ARN = Pattern.compile(ROLE_ARN_REGEX);

    private SageMakerPatterns() {
    }

    static boolean isDomainId(String value) {
        return value != null && value.length() <= DOMAIN_ID_MAX && DOMAIN_ID.matcher(value).matches();
    }

    static boolean isName(String value) {
        return value != null && value.length() <= NAME_MAX && NAME.matcher(value).matches();
    }

    // ---- checks of the values a test or the sandbox seeds; a bad one is a bug there, not an API error ----

    static void requireDomainId(String member, String value) {
        require(isDomainId(value), member + " must match " + DOMAIN_ID_REGEX + ", got " + value);
    }

    static void requireName(String member, String value) {
        require(isName(value), member + " must match " + NAME_REGEX + ", got " + value);
    }

    /** A role ARN, or null where the member may be absent. */
    static void requireRoleArnOrNull(String member, String value) {
        require(value == null || ROLE_ARN.matcher(value).matches(), member + " must be an IAM role ARN, got " + value);
    }

    static void requireStatus(String status) {
        require(STATUSES.contains(status), "status must be one of " + STATUSES + ", got " + status);
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
