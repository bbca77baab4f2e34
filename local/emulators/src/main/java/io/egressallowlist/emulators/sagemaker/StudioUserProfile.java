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
        SageMakerPatterns.requireDomainId("domainId", domainId);
        SageMakerPatterns.requireName("userProfileName", userProfileName);
        SageMakerPatterns.requireRoleArnOrNull("executionRole", executionRole);
        SageMakerPatterns.requireStatus(status);
        Objects.requireNonNull(creationTime, "creationTime");
        Objects.requireNonNull(lastModifiedTime, "lastModifiedTime");
    }

    /** An {@code InService} profile; pass a null role to inherit the domain's default execution role. */
    public static StudioUserProfile of(String domainId, String userProfileName, String executionRole,
                                       Instant createdAt) {
        return new StudioUserProfile(domainId, userProfileName, executionRole, "InService", createdAt, createdAt);
    }
}
