package io.egressallowlist.emulators.networkfirewall;

import io.egressallowlist.emulators.core.AwsServiceError;

/**
 * The modelled Network Firewall errors (aws-api-notes §1.1). Client errors answer 400 and faults 500; the
 * model gives no status codes, so this follows the notes' recommended mapping.
 */
final class NetworkFirewallErrors {

    static final String SHAPE_NAMESPACE = "com.amazonaws.networkfirewall";
    static final String INTERNAL_SERVER_ERROR = "InternalServerError";

    private NetworkFirewallErrors() {
    }

    static AwsServiceError invalidRequest(String message) {
        return AwsServiceError.client("InvalidRequestException", message);
    }

    static AwsServiceError resourceNotFound(String message) {
        return AwsServiceError.client("ResourceNotFoundException", message);
    }

    static AwsServiceError invalidToken(String message) {
        return AwsServiceError.client("InvalidTokenException", message);
    }

    static AwsServiceError invalidOperation(String message) {
        return AwsServiceError.client("InvalidOperationException", message);
    }

    static AwsServiceError limitExceeded(String message) {
        return AwsServiceError.client("LimitExceededException", message);
    }

    /**
     * A member of the wrong JSON type. The SDKs never send one; the awsJson servers answer it with a
     * SerializationException, which the NFW model does not list, so SDK clients see the base exception.
     */
    static AwsServiceError serialization(String message) {
        return AwsServiceError.client("SerializationException", message);
    }
}
