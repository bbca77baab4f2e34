package io.egressallowlist.infra.studio;

import java.util.List;
import java.util.function.Function;

import io.egressallowlist.infra.common.MigrationExports;
import io.egressallowlist.infra.common.SharedParameters;
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

    static final String DOMAIN_ID = "domain-id";
    static final String EXECUTION_ROLE_NAME = "execution-role-name";

    /**
     * @param placement where the domain goes, read in this stack (from the network stack's parameters)
     */
    public StudioStack(Construct scope, String id, StackProps props, StudioSettings settings,
                       Function<Construct, Placement> placement) {
        super(scope, id, props);
        this.placement = placement.apply(this);
        executionRole = new StudioExecutionRole(this, "ExecutionRole", this.placement.vpcId(),
                this.placement.subnetIds(), this.placement.securityGroupId()).role();
        List<String> securityGroups = List.of(this.placement.securityGroupId());
        domain = CfnDomain.Builder.create(this, "Domain")
                .domainName(settings.domainName())
                .authMode("IAM")
                .appNetworkAccessType(VPC_ONLY)
                .vpcId(this.placement.vpcId())
                .subnetIds(this.placement.subnetIds())
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

        // For the control-plane stack: parameters, not exports, so that replacing the domain (a new name) deploys.
        SharedParameters.publish(this, "DomainIdParameter", parameter(DOMAIN_ID), domainId(), "The Studio domain");
        SharedParameters.publish(this, "ExecutionRoleNameParameter", parameter(EXECUTION_ROLE_NAME),
                executionRole.getRoleName(), "Role of Studio apps and jobs");
        MigrationExports legacy = new MigrationExports(this);
        legacy.keep(domainId());
        legacy.keep(executionRole.getRoleName());
        CfnOutput.Builder.create(this, "DomainId").value(domainId()).description("The Studio domain").build();
        CfnOutput.Builder.create(this, "ExecutionRoleArn").value(executionRole.getRoleArn())
                .description("Role of Studio apps and jobs").build();
    }

    private String parameter(String key) {
        return SharedParameters.name(getStackName(), key);
    }

    /** The domain id, read in {@code consumer}'s stack from this stack's parameter at its deploy. */
    public String domainIdFor(Construct consumer) {
        return SharedParameters.read(consumer, parameter(DOMAIN_ID));
    }

    /** The execution role's name, read in {@code consumer}'s stack from this stack's parameter at its deploy. */
    public String executionRoleNameFor(Construct consumer) {
        return SharedParameters.read(consumer, parameter(EXECUTION_ROLE_NAME));
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
