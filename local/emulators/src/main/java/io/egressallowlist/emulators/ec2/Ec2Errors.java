package io.egressallowlist.emulators.ec2;

import io.egressallowlist.emulators.core.AwsServiceError;

/**
 * The EC2 error codes the emulator answers with, and their HTTP status. Codes and meanings are from "Error codes
 * for the Amazon EC2 API" (https://docs.aws.amazon.com/AWSEC2/latest/APIReference/errors-overview.html): client
 * errors come with a 4xx status, server errors with a 5xx one. Note the documented casing:
 * {@code InvalidNetworkInterfaceId.Malformed} but {@code InvalidNetworkInterfaceID.NotFound}. The message texts
 * follow what EC2 is seen to write; they are not documented and callers must not parse them.
 */
enum Ec2Errors {
    INVALID_ACTION("InvalidAction", 400),
    MISSING_PARAMETER("MissingParameter", 400),
    UNKNOWN_PARAMETER("UnknownParameter", 400),
    INVALID_PARAMETER_VALUE("InvalidParameterValue", 400),
    INVALID_PARAMETER_COMBINATION("InvalidParameterCombination", 400),
    FILTER_LIMIT_EXCEEDED("FilterLimitExceeded", 400),
    INVALID_PAGINATION_TOKEN("InvalidPaginationToken", 400),
    NETWORK_INTERFACE_ID_MALFORMED("InvalidNetworkInterfaceId.Malformed", 400),
    NETWORK_INTERFACE_ID_NOT_FOUND("InvalidNetworkInterfaceID.NotFound", 400),
    ROUTE_TABLE_ID_NOT_FOUND("InvalidRouteTableID.NotFound", 400),
    VPC_ENDPOINT_ID_NOT_FOUND("InvalidVpcEndpointId.NotFound", 400),
    /** "Request would have succeeded, but DryRun flag is set" — EC2 answers a successful dry run with 412. */
    DRY_RUN_OPERATION("DryRunOperation", 412),
    /**
     * "Request throttling for the Amazon EC2 API": over the limit, "you get the RequestLimitExceeded error code".
     * The status is 503 on the replies we have seen; the page does not state it. The SDK retries on the code.
     */
    REQUEST_LIMIT_EXCEEDED("RequestLimitExceeded", 503),
    /** Server error "InternalError: An internal error has occurred" (500), which the SDK retries. */
    INTERNAL_ERROR("InternalError", 500);

    private final String code;
    private final int status;

    Ec2Errors(String code, int status) {
        this.code = code;
        this.status = status;
    }

    String code() {
        return code;
    }

    AwsServiceError error(String message) {
        return new AwsServiceError(code, status, message);
    }
}
