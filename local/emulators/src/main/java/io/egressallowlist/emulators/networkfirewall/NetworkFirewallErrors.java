package io.egressallowlist.emulators.networkfirewall;

import io.egressallowlist.emulators.core.AwsServiceError;

/**
 * The modelled Network Firewall client errors (aws-api-notes §1.1), one constant per exception shape. Client
 * errors answer 400 and faults 500; the model gives no status codes, so this follows the notes' recommended
 * mapping.
 */
enum NetworkFirewallErrors {

    INVALID_REQUEST("InvalidRequestException"),
    RESOURCE_NOT_FOUND("ResourceNotFoundException"),
    INVALID_TOKEN("InvalidTokenException"),
    INVALID_OPERATION("InvalidOperationException"),
    LIMIT_EXCEEDED("LimitExceededException"),
    /**
     * A member of the wrong JSON type. The SDKs never send one; the awsJson servers answer it with a
     * SerializationException, which the NFW model does not list, so SDK clients see the base exception.
     */
    SERIALIZATION("SerializationException");

    static final String SHAPE_NAMESPACE = "com.amazonaws.networkfirewall";
    static final String INTERNAL_SERVER_ERROR = "InternalServerError";

    private final String code;

    NetworkFirewallErrors(String code) {
        this.code = code;
    }

    AwsServiceError error(String message) {
        return AwsServiceError.client(code, message);
    }
}
