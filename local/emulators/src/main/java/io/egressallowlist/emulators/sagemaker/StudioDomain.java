package io.egressallowlist.emulators.sagemaker;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

import static io.egressallowlist.emulators.sagemaker.SageMakerPatterns.require;

/**
 * A SageMaker Studio domain as the emulator stores it: the fields of {@code DescribeDomain} that matter to
 * the egress allow-list (aws-api-notes §2). Construction validates them against the API model, so an
 * impossible domain cannot be seeded.
 *
 * @param defaultExecutionRole {@code DefaultUserSettings.ExecutionRole}; null when not set
 * @param securityGroupIds     reported both as {@code DefaultUserSettings.SecurityGroups} and as
 *                             {@code DomainSettings.SecurityGroupIds}, so at most 3 (the smaller limit)
 */
public record StudioDomain(
        String domainId,
        String domainName,
        AppNetworkAccessType appNetworkAccessType,
        String vpcId,
        List<String> subnetIds,
        String defaultExecutionRole,
        List<String> securityGroupIds,
        String status,
        String authMode,
        String homeEfsFileSystemId,
        Instant creationTime,
        Instant lastModifiedTime) {

    public StudioDomain {
        SageMakerPatterns.requireDomainId("domainId", domainId);
        SageMakerPatterns.requireName("domainName", domainName);
        Objects.requireNonNull(appNetworkAccessType, "appNetworkAccessType");
        subnetIds = List.copyOf(subnetIds == null ? List.of() : subnetIds);
        securityGroupIds = List.copyOf(securityGroupIds == null ? List.of() : securityGroupIds);
        require(subnetIds.size() <= SageMakerPatterns.MAX_SUBNETS, "a domain has at most 16 subnets");
        require(securityGroupIds.size() <= SageMakerPatterns.MAX_DOMAIN_SECURITY_GROUPS,
                "a domain has at most 3 security groups");
        // VpcOnly routes every app through these subnets, so they cannot be absent (aws-api-notes §2).
        require(appNetworkAccessType != AppNetworkAccessType.VpcOnly || (vpcId != null && !subnetIds.isEmpty()),
                "a VpcOnly domain needs a vpcId and at least one subnet");
        SageMakerPatterns.requireRoleArnOrNull("defaultExecutionRole", defaultExecutionRole);
        SageMakerPatterns.requireStatus(status);
        require(SageMakerPatterns.AUTH_MODES.contains(authMode), "authMode must be SSO or IAM, got " + authMode);
        Objects.requireNonNull(homeEfsFileSystemId, "homeEfsFileSystemId");
        Objects.requireNonNull(creationTime, "creationTime");
        Objects.requireNonNull(lastModifiedTime, "lastModifiedTime");
    }

    /** An {@code InService}, IAM-authenticated domain whose apps reach the network only through its VPC. */
    public static StudioDomain vpcOnly(String domainId, String domainName, String vpcId, List<String> subnetIds,
                                       String defaultExecutionRole, Instant createdAt) {
        return new StudioDomain(domainId, domainName, AppNetworkAccessType.VpcOnly, vpcId, subnetIds,
                defaultExecutionRole, List.of(), "InService", "IAM", efsIdFor(domainId), createdAt, createdAt);
    }

    /** An {@code InService}, IAM-authenticated domain with SageMaker-managed internet access. */
    public static StudioDomain publicInternetOnly(String domainId, String domainName, String vpcId,
                                                  List<String> subnetIds, String defaultExecutionRole,
                                                  Instant createdAt) {
        return new StudioDomain(domainId, domainName, AppNetworkAccessType.PublicInternetOnly, vpcId, subnetIds,
                defaultExecutionRole, List.of(), "InService", "IAM", efsIdFor(domainId), createdAt, createdAt);
    }

    public StudioDomain withAppNetworkAccessType(AppNetworkAccessType type, Instant modifiedAt) {
        return new StudioDomain(domainId, domainName, type, vpcId, subnetIds, defaultExecutionRole,
                securityGroupIds, status, authMode, homeEfsFileSystemId, creationTime, modifiedAt);
    }

    public StudioDomain withStatus(String newStatus, Instant modifiedAt) {
        return new StudioDomain(domainId, domainName, appNetworkAccessType, vpcId, subnetIds, defaultExecutionRole,
                securityGroupIds, newStatus, authMode, homeEfsFileSystemId, creationTime, modifiedAt);
    }

    public StudioDomain withDefaultExecutionRole(String role, Instant modifiedAt) {
        return new StudioDomain(domainId, domainName, appNetworkAccessType, vpcId, subnetIds, role,
                securityGroupIds, status, authMode, homeEfsFileSystemId, creationTime, modifiedAt);
    }

    public StudioDomain withNetwork(String newVpcId, List<String> newSubnetIds, Instant modifiedAt) {
        return new StudioDomain(domainId, domainName, appNetworkAccessType, newVpcId, newSubnetIds,
                defaultExecutionRole, securityGroupIds, status, authMode, homeEfsFileSystemId, creationTime, modifiedAt);
    }

    public StudioDomain withSecurityGroupIds(List<String> groups, Instant modifiedAt) {
        return new StudioDomain(domainId, domainName, appNetworkAccessType, vpcId, subnetIds, defaultExecutionRole,
                groups, status, authMode, homeEfsFileSystemId, creationTime, modifiedAt);
    }

    /** A stable, well-formed EFS id derived from the domain id ({@code fs-} + 17 hex digits). */
    static String efsIdFor(String domainId) {
        String hex = HexFormat.of().toHexDigits((long) domainId.hashCode() * 31L + domainId.length());
        return "fs-0" + hex.substring(0, 16);
    }
}
