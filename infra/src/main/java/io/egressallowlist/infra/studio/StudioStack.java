package io.egressallowlist.infra.studio;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.egressallowlist.infra.common.FunctionEnvironmentLimit;
import io.egressallowlist.infra.common.MigrationExports;
import io.egressallowlist.infra.common.SharedParameters;
import io.egressallowlist.infra.config.ScopeSettings;
import io.egressallowlist.infra.config.StudioSettings;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.sagemaker.CfnDomain;
import software.amazon.awscdk.services.sagemaker.CfnUserProfile;
import software.constructs.Construct;

/**
 * The SageMaker Studio domain in {@code VpcOnly} mode, in the protected subnets with the workload
 * security group, so every byte to the internet goes through the firewall; its execution role; and
 * the configured user profiles. With scopes, one such domain per team scope, in that scope's subnets and with an
 * execution role that can start jobs only there (so a job cannot leave its scope's allow-list), unless the scope
 * adopts an existing domain: then this stack creates nothing for it.
 */
public final class StudioStack extends Stack {

    /**
     * Where the domains' apps reach the network.
     *
     * @param scopeSubnetIds        each team scope's subnets, zone by zone (empty without scopes)
     * @param scopeSecurityGroupIds each team scope's workload security group (empty without scopes)
     */
    public record Placement(String vpcId, List<String> subnetIds, String securityGroupId,
                            Map<String, List<String>> scopeSubnetIds, Map<String, String> scopeSecurityGroupIds) {
        public Placement {
            subnetIds = List.copyOf(subnetIds);
            scopeSubnetIds = Map.copyOf(scopeSubnetIds);
            scopeSecurityGroupIds = Map.copyOf(scopeSecurityGroupIds);
        }

        public Placement(String vpcId, List<String> subnetIds, String securityGroupId) {
            this(vpcId, subnetIds, securityGroupId, Map.of(), Map.of());
        }
    }

    public static final String VPC_ONLY = "VpcOnly";

    private final Map<String, CfnDomain> domains = new LinkedHashMap<>();
    private final Map<String, Role> executionRoles = new LinkedHashMap<>();
    private final Placement placement;
    private final ScopeSettings scopes;

    static final String DOMAIN_ID = "domain-id";
    static final String EXECUTION_ROLE_NAME = "execution-role-name";
    static final String STUDIO_SUBNETS = "studio-subnets";

    public StudioStack(Construct scope, String id, StackProps props, StudioSettings settings,
                       Function<Construct, Placement> placement) {
        this(scope, id, props, settings, ScopeSettings.none(), placement);
    }

    /**
     * @param scopes    the declared scopes: a domain per team scope that asks for one ({@code studioDomain: create})
     * @param placement where the domains go, read in this stack (from the network stack's parameters)
     */
    public StudioStack(Construct scope, String id, StackProps props, StudioSettings settings, ScopeSettings scopes,
                       Function<Construct, Placement> placement) {
        super(scope, id, props);
        this.placement = placement.apply(this);
        this.scopes = scopes;
        if (!scopes.declared()) {
            domain(ScopeSettings.DEFAULT, settings, this.placement.subnetIds(), this.placement.securityGroupId());
        }
        scopes.teamScopes().stream().filter(ScopeSettings.Scope::createsStudioDomain).forEach(team ->
                domain(team.name(), settings, this.placement.scopeSubnetIds().get(team.name()),
                        this.placement.scopeSecurityGroupIds().get(team.name())));

        // For the control-plane stack: parameters, not exports, so that replacing a domain (a new name) deploys.
        domains.forEach((team, domain) -> SharedParameters.publish(this, "DomainIdParameter" + suffix(team),
                parameter(key(team, DOMAIN_ID)), domain.getAttrDomainId(), "The Studio domain" + of(team)));
        executionRoles.forEach((team, role) -> SharedParameters.publish(this, "ExecutionRoleNameParameter" + suffix(team),
                parameter(key(team, EXECUTION_ROLE_NAME)), role.getRoleName(), "Role of Studio apps and jobs" + of(team)));
        // Each created domain's subnets (subnet=domain, …). The control plane now reads a scope's subnets and domains
        // from the scopes file; the parameter stays so that a control plane rolled back to one that read it deploys.
        scopes.teamScopes().stream().filter(ScopeSettings.Scope::createsStudioDomain).forEach(team -> {
            String domainId = domains.get(team.name()).getAttrDomainId();
            SharedParameters.publish(this, "StudioSubnetsParameter-" + team.name(),
                    parameter(key(team.name(), STUDIO_SUBNETS)), Fn.join(",", this.placement.scopeSubnetIds()
                            .get(team.name()).stream().map(subnet -> Fn.join("=", List.of(subnet, domainId))).toList()),
                    "Subnet=domain of the Studio domain of scope " + team.name());
        });
        if (!scopes.declared()) {
            MigrationExports legacy = new MigrationExports(this);
            legacy.keep(domainId());
            legacy.keep(executionRole().getRoleName());
        }
        domains.forEach((team, domain) -> CfnOutput.Builder.create(this, "DomainId" + suffix(team))
                .value(domain.getAttrDomainId()).description("The Studio domain" + of(team)).build());
        executionRoles.forEach((team, role) -> CfnOutput.Builder.create(this, "ExecutionRoleArn" + suffix(team))
                .value(role.getRoleArn()).description("Role of Studio apps and jobs" + of(team)).build());
    }

    /**
     * A domain, its execution role and user profiles. The single list's domain, and {@code default}'s, keep their
     * construct ids, so declaring {@code default} keeps the domain (a replaced domain loses its users' home
     * directories); every other scope's are named after it.
     */
    private void domain(String team, StudioSettings settings, List<String> subnetIds, String securityGroupId) {
        String suffix = suffix(team);
        Role executionRole = new StudioExecutionRole(this, "ExecutionRole" + suffix, placement.vpcId(), subnetIds,
                securityGroupId).role();
        List<String> securityGroups = List.of(securityGroupId);
        CfnDomain domain = CfnDomain.Builder.create(this, "Domain" + suffix)
                .domainName(suffix.isEmpty() ? settings.domainName() : settings.domainName() + suffix)
                .authMode("IAM")
                .appNetworkAccessType(VPC_ONLY)
                .vpcId(placement.vpcId())
                .subnetIds(subnetIds)
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
            CfnUserProfile.Builder.create(this, "UserProfile" + suffix + "-" + profile)
                    .domainId(domain.getAttrDomainId())
                    .userProfileName(profile)
                    .userSettings(CfnUserProfile.UserSettingsProperty.builder()
                            .executionRole(executionRole.getRoleArn())
                            .securityGroups(securityGroups)
                            .build())
                    .build();
        }
        domains.put(team, domain);
        executionRoles.put(team, executionRole);
    }

    private static String suffix(String team) {
        return team.equals(ScopeSettings.DEFAULT) ? "" : "-" + team;
    }

    private static String of(String team) {
        return team.equals(ScopeSettings.DEFAULT) ? "" : " of scope " + team;
    }

    /** The single list's keys, and {@code default}'s; {@code scopes/<name>/<key>} for every other scope. */
    private static String key(String team, String key) {
        return team.equals(ScopeSettings.DEFAULT) ? key : "scopes/" + team + "/" + key;
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

    /**
     * Each team scope's Studio domain ids, read in {@code consumer}'s stack: a created domain's from this stack's
     * parameter, an adopted one as given.
     */
    public Map<String, List<String>> scopeDomainIdsFor(Construct consumer) {
        Map<String, List<String>> ids = new LinkedHashMap<>();
        for (ScopeSettings.Scope team : scopes.teamScopes()) {
            ids.put(team.name(), team.createsStudioDomain()
                    ? List.of(FunctionEnvironmentLimit.bounded(consumer,
                            SharedParameters.read(consumer, parameter(key(team.name(), DOMAIN_ID))),
                            FunctionEnvironmentLimit.DOMAIN_ID_BYTES))
                    : List.of(team.adoptedDomainId().orElseThrow()));
        }
        return ids;
    }

    /** The execution roles of the domains this stack creates, read in {@code consumer}'s stack. */
    public List<String> executionRoleNamesFor(Construct consumer) {
        return executionRoles.keySet().stream()
                .map(team -> SharedParameters.read(consumer, parameter(key(team, EXECUTION_ROLE_NAME)))).toList();
    }

    /** The single list's domain, or {@code default}'s, or the first created one. */
    public String domainId() {
        return domains.values().iterator().next().getAttrDomainId();
    }

    public Role executionRole() {
        return executionRoles.values().iterator().next();
    }

    public Placement placement() {
        return placement;
    }
}
