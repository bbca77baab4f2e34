package io.egressallowlist.infra.studio;

import java.util.List;

import io.egressallowlist.infra.config.StudioSettings;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.sagemaker.CfnDomain;
import software.amazon.awscdk.services.sagemaker.CfnUserProfile;
import software.constructs.Construct;

/**
 * The SageMaker Studio domain in {@code VpcOnly} mode, in the protected subnets with the workload
 * security group, so every byte to the internet goes through the firewall; its execution role; and
 * the configured user profiles.
 */
public final class StudioStack extends Stack {

    /** Where the domain's apps reach the network. */
    public record Placement(String vpcId, List<String> subnetIds, String securityGroupId) {
        public Placement {
            subnetIds = List.copyOf(subnetIds);
        }
    }

    public static final String VPC_ONLY = "VpcOnly";

    private final CfnDomain domain;
    private final Role executionRole;
    private final Placement placement;

    public StudioStack(Construct scope, String id, StackProps props, StudioSettings settings, Placement placement) {
        super(scope, id, props);
        this.placement = placement;
        executionRole = new StudioExecutionRole(this, "ExecutionRole", placement.vpcId(), placement.subnetIds(),
                placement.securityGroupId()).role();
        List<String> securityGroups = List.of(placement.securityGroupId());
        domain = CfnDomain.Builder.create(this, "Domain")
                .domainName(settings.domainName())
                .authMode("IAM")
                .appNetworkAccessType(VPC_ONLY)
                .vpcId(placement.vpcId())
                .subnetIds(placement.subnetIds())
                .defaultUserSettings(CfnDomain.UserSettingsProperty.builder()
                        .executionRole(executionRole.getRoleArn())
                        .securityGroups(securityGroups)
                        .build())
                .defaultSpaceSettings(CfnDomain.DefaultSpaceSettingsProperty.builder()
                        .executionRole(executionRole.getRoleArn())
                        .securityGroups(securityGroups)
                        .build())
                .build();

        for (String profile : settings.userProfiles()) {
            CfnUserProfile.Builder.create(this, "UserProfile-" + profile)
                    .domainId(domain.getAttrDomainId())
                    .userProfileName(profile)
                    .userSettings(CfnUserProfile.UserSettingsProperty.builder()
                            .executionRole(executionRole.getRoleArn())
                            .securityGroups(securityGroups)
                            .build())
                    .build();
        }

        CfnOutput.Builder.create(this, "DomainId").value(domainId()).description("The Studio domain").build();
        CfnOutput.Builder.create(this, "ExecutionRoleArn").value(executionRole.getRoleArn())
                .description("Role of Studio apps and jobs").build();
    }

    public String domainId() {
        return domain.getAttrDomainId();
    }

    public Role executionRole() {
        return executionRole;
    }

    public Placement placement() {
        return placement;
    }
}
