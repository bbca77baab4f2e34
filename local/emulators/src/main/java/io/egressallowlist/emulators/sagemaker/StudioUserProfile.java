package io.egressallowlist.emulators.sagemaker;

import java.time.Instant;
import java.util.Objects;

/**
 * A Studio user profile. {@code executionRole} is the profile's own {@code UserSettings.ExecutionRole},
 * null when the profile inherits the domain's default (aws-api-notes §2).
 */
public record StudioUserProfile(
        String domainId,
        String userProfileName,
        String executionRole,
        String status,
        Instant creationTime,
        Instant lastModifiedTime) {

    public StudioUserProfile {
        require(SageMakerPatterns.isDomainId(domainId),
                "domainId must match " + SageMakerPatterns.DOMAIN_ID_REGEX + ", got " + domainId);
        require(SageMakerPatterns.isName(userProfileName),
                "userProfileName must match " + SageMakerPatterns.NAME_REGEX + ", got " + userProfileName);
        require(executionRole == null || SageMakerPatterns.ROLE_ARN.matcher(executionRole).matches(),
                "executionRole must be an IAM role ARN, got " + executionRole);
        require(SageMakerPatterns.STATUSES.contains(status),
                "status must be one of " + SageMakerPatterns.STATUSES + ", got " + status);
        Objects.requireNonNull(creationTime, "creationTime");
        Objects.requireNonNull(lastModifiedTime, "lastModifiedTime");
    }

    /** An {@code InService} profile; pass a null role to inherit the domain's default execution role. */
    public static StudioUserProfile of(String domainId, String userProfileName, String executionRole,
                                       Instant createdAt) {
        return new StudioUserProfile(domainId, userProfileName, executionRole, "InService", createdAt, createdAt);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
