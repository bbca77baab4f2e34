package io.egressallowlist.emulators.core;

/**
 * An error reply: HTTP status plus the modelled error name that goes into {@code __type}.
 * The SDKs choose the exception class from {@code __type}, not from the status (aws-api-notes §1.1).
 */
public final class AwsServiceError extends RuntimeException {

    private final String errorName;
    private final int httpStatus;

    public AwsServiceError(String errorName, int httpStatus, String message) {
        super(message);
        this.errorName = errorName;
        this.httpStatus = httpStatus;
    }

    /** A client error (HTTP 400). */
    public static AwsServiceError client(String errorName, String message) {
        return new AwsServiceError(errorName, 400, message);
    }

    /** A server fault (HTTP 500), which the SDKs retry. */
    public static AwsServiceError fault(String errorName, String message) {
        return new AwsServiceError(errorName, 500, message);
    }

    public String errorName() {
        return errorName;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
