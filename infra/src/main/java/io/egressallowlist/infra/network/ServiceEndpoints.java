package io.egressallowlist.infra.network;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.egressallowlist.infra.config.EndpointOptions;
import io.egressallowlist.infra.config.ScopeSettings;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.Tags;
import software.amazon.awscdk.services.ec2.CfnSecurityGroup;
import software.amazon.awscdk.services.ec2.CfnSecurityGroupEgress;
import software.amazon.awscdk.services.ec2.CfnSecurityGroupIngress;
import software.amazon.awscdk.services.ec2.CfnVPCEndpoint;
import software.constructs.Construct;

/**
 * The security groups of Studio workloads and of the interface endpoints, the interface endpoints
 * Studio needs in {@code VpcOnly} mode (each with private DNS, so SDKs use them without any
 * configuration; execute-api only if chosen, see {@link EndpointOptions}), and the S3 gateway endpoint;
 * each with the policy of {@link EndpointPolicies}. AWS API traffic stays on the endpoints; only traffic
 * to the internet takes the NAT → firewall path.
 */
public final class ServiceEndpoints extends Construct {

    /**
     * Interface endpoints by service suffix, each with the reason Studio needs it. The suffix follows
     * {@code com.amazonaws.<region>.} except for the two {@code aws.sagemaker.<region>.} services.
     */
    public static final Map<String, String> INTERFACE_ENDPOINTS = interfaceEndpoints();

    private static Map<String, String> interfaceEndpoints() {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("sagemaker.api", "SageMaker API: Studio apps, spaces, jobs and the SageMaker Python SDK");
        endpoints.put("sagemaker.runtime", "InvokeEndpoint from notebooks");
        endpoints.put("notebook", "Studio's Jupyter and app traffic from inside the VPC (aws.sagemaker.<region>.notebook)");
        endpoints.put("studio", "Opening Studio itself from inside the VPC (aws.sagemaker.<region>.studio)");
        endpoints.put("sts", "Credentials of the execution role; the SDKs call STS first");
        endpoints.put("logs", "CloudWatch Logs of apps, training and processing jobs");
        endpoints.put("monitoring", "CloudWatch metrics published by jobs and the SDK");
        endpoints.put("ecr.api", "ECR authorisation and manifests for custom Studio images");
        endpoints.put("ecr.dkr", "ECR image layers for custom Studio images");
        endpoints.put("ssm", "Parameter Store reads by the SageMaker SDK and lifecycle configurations");
        endpoints.put("execute-api", "The private request API of this control plane");
        return Collections.unmodifiableMap(endpoints);
    }

    private final CfnSecurityGroup workloads;
    private final Map<String, CfnSecurityGroup> scopeWorkloads = new LinkedHashMap<>();
    private final CfnSecurityGroup endpointsGroup;
    private final Map<String, CfnVPCEndpoint> interfaceEndpoints = new LinkedHashMap<>();

    /** The endpoint whose private DNS is a choice: see {@link EndpointOptions#executeApiPrivateDns()}. */
    static final String EXECUTE_API = "execute-api";

    public ServiceEndpoints(Construct scope, String id, ProtectedVpc network, EndpointOptions options) {
        this(scope, id, network, options, List.of());
    }

    /**
     * @param teamScopes the team scopes, each of which gets a workload group of its own: apps of one scope's Studio
     *                   domain reach each other, never another scope's apps (which would be a way to another scope's
     *                   allow-list); empty: the one workload group
     */
    public ServiceEndpoints(Construct scope, String id, ProtectedVpc network, EndpointOptions options,
                            List<String> teamScopes) {
        super(scope, id);
        String vpcId = network.vpcId();

        // default keeps the single list's group (and its construct ids), so declaring it keeps its Studio domain's.
        workloads = teamScopes.isEmpty() || teamScopes.contains(ScopeSettings.DEFAULT)
                ? workloadGroup(vpcId, "", "studio-egress-workloads") : null;
        teamScopes.forEach(team -> scopeWorkloads.put(team, team.equals(ScopeSettings.DEFAULT) ? workloads
                : workloadGroup(vpcId, "-" + team, "studio-egress-workloads-" + team)));

        endpointsGroup = CfnSecurityGroup.Builder.create(this, "EndpointSecurityGroup")
                .vpcId(vpcId)
                .groupDescription("Interface endpoints: HTTPS from Studio workloads only; no egress")
                // An endpoint only answers; this unroutable rule replaces the default allow-all egress.
                .securityGroupEgress(List.of(CfnSecurityGroup.EgressProperty.builder()
                        .ipProtocol("icmp").fromPort(252).toPort(86).cidrIp("255.255.255.255/32")
                        .description("No egress")
                        .build()))
                .build();
        Tags.of(endpointsGroup).add("Name", "studio-egress-endpoints");
        for (Map.Entry<String, CfnSecurityGroup> group : workloadGroups().entrySet()) {
            ingress("EndpointHttpsFromWorkloads" + group.getKey(), endpointsGroup, group.getValue(), 443, 443,
                    "HTTPS from SageMaker Studio workloads");
        }

        List<String> subnets = network.endpointSubnetIds();
        INTERFACE_ENDPOINTS.keySet().forEach(suffix -> interfaceEndpoints.put(suffix,
                CfnVPCEndpoint.Builder.create(this, endpointId(suffix))
                        .vpcId(vpcId)
                        .serviceName(serviceName(suffix))
                        .vpcEndpointType("Interface")
                        .privateDnsEnabled(!suffix.equals(EXECUTE_API) || options.executeApiPrivateDns())
                        .subnetIds(subnets)
                        .securityGroupIds(List.of(endpointsGroup.getAttrGroupId()))
                        .policyDocument(EndpointPolicies.interfaceEndpoint(suffix, options.ecrImageAccounts())
                                .orElse(null))
                        .build()));

        CfnVPCEndpoint.Builder.create(this, "S3Gateway")
                .vpcId(vpcId)
                .serviceName("com.amazonaws." + Aws.REGION + ".s3")
                .vpcEndpointType("Gateway")
                .routeTableIds(network.zones().stream().flatMap(z -> z.workloads().stream())
                        .map(w -> w.routes().getRef()).toList())
                .policyDocument(EndpointPolicies.s3Gateway())
                .build();
    }

    /**
     * A group for Studio apps and jobs: HTTPS and HTTP out (the firewall decides by domain), app-to-app traffic within
     * the group. {@code suffix} is empty for the single list's group, whose ids are kept.
     */
    private CfnSecurityGroup workloadGroup(String vpcId, String suffix, String name) {
        CfnSecurityGroup group = CfnSecurityGroup.Builder.create(this, "WorkloadSecurityGroup" + suffix)
                .vpcId(vpcId)
                .groupDescription("SageMaker Studio apps and jobs: HTTPS and HTTP out (the firewall decides by domain), "
                        + "app-to-app traffic within the group")
                // Listing egress rules replaces the default allow-all egress rule.
                .securityGroupEgress(List.of(
                        egressAnywhere(443, "HTTPS: AWS endpoints in the VPC, the internet through the firewall"),
                        egressAnywhere(80, "HTTP to the internet through the firewall (HTTP_HOST allow-list)")))
                .build();
        Tags.of(group).add("Name", name);
        // Studio's apps (e.g. JupyterServer and KernelGateway) talk to each other on these ports.
        ingress("WorkloadAppsIngress" + suffix, group, group, 8192, 65535,
                "Studio app-to-app traffic within the workload group");
        CfnSecurityGroupEgress.Builder.create(this, "WorkloadAppsEgress" + suffix)
                .groupId(group.getAttrGroupId())
                .destinationSecurityGroupId(group.getAttrGroupId())
                .ipProtocol("tcp").fromPort(8192).toPort(65535)
                .description("Studio app-to-app traffic within the workload group")
                .build();
        return group;
    }

    /** Every workload group by construct-id suffix: the single list's ({@code ""}) and each other scope's. */
    private Map<String, CfnSecurityGroup> workloadGroups() {
        Map<String, CfnSecurityGroup> groups = new LinkedHashMap<>();
        if (workloads != null) {
            groups.put("", workloads);
        }
        scopeWorkloads.forEach((team, group) -> {
            if (group != workloads) {
                groups.put("-" + team, group);
            }
        });
        return groups;
    }

    /** TCP {@code fromPort}-{@code toPort} into {@code group} from members of {@code source}. */
    private void ingress(String id, CfnSecurityGroup group, CfnSecurityGroup source, int fromPort, int toPort,
                         String description) {
        CfnSecurityGroupIngress.Builder.create(this, id)
                .groupId(group.getAttrGroupId())
                .sourceSecurityGroupId(source.getAttrGroupId())
                .ipProtocol("tcp").fromPort(fromPort).toPort(toPort)
                .description(description)
                .build();
    }

    static String serviceName(String suffix) {
        return switch (suffix) {
            case "notebook", "studio" -> "aws.sagemaker." + Aws.REGION + "." + suffix;
            default -> "com.amazonaws." + Aws.REGION + "." + suffix;
        };
    }

    /**
     * The service names of the endpoints left with the default policy ({@link EndpointPolicies#WITHOUT_POLICY}), the
     * region written {@code {region}}: a literal, which the function's own region replaces, instead of a token that
     * the environment's size limit counts at its bound (FunctionEnvironmentLimit).
     */
    public static List<String> defaultPolicyServiceNames() {
        return EndpointPolicies.WITHOUT_POLICY.stream().sorted()
                .map(suffix -> serviceName(suffix).replace(Aws.REGION, "{region}")).toList();
    }

    private static String endpointId(String suffix) {
        StringBuilder id = new StringBuilder();
        for (String part : suffix.split("[.-]")) {
            id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return id + "Endpoint";
    }

    private static CfnSecurityGroup.EgressProperty egressAnywhere(int port, String description) {
        return CfnSecurityGroup.EgressProperty.builder()
                .ipProtocol("tcp").fromPort(port).toPort(port).cidrIp("0.0.0.0/0")
                .description(description)
                .build();
    }

    /** The single list's workload group; with scopes, {@code default}'s or the first team scope's. */
    public String workloadSecurityGroupId() {
        return (workloads != null ? workloads : scopeWorkloads.values().iterator().next()).getAttrGroupId();
    }

    /** Each team scope's workload group, by scope name (empty without scopes). */
    public Map<String, String> scopeWorkloadSecurityGroupIds() {
        Map<String, String> ids = new LinkedHashMap<>();
        scopeWorkloads.forEach((team, group) -> ids.put(team, group.getAttrGroupId()));
        return ids;
    }

    public String executeApiEndpointId() {
        return interfaceEndpoints.get(EXECUTE_API).getRef();
    }
}
