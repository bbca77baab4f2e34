package io.egressallowlist.infra.controlplane;

import static io.egressallowlist.infra.controlplane.Permissions.APPEND_AUDIT;
import static io.egressallowlist.infra.controlplane.Permissions.BLOCKED_ITEMS;
import static io.egressallowlist.infra.controlplane.Permissions.DESCRIBE_NETWORK_INTERFACES;
import static io.egressallowlist.infra.controlplane.Permissions.DESCRIBE_ROUTE_TABLES;
import static io.egressallowlist.infra.controlplane.Permissions.DESCRIBE_RULE_GROUP;
import static io.egressallowlist.infra.controlplane.Permissions.DESCRIBE_VPC_ENDPOINTS;
import static io.egressallowlist.infra.controlplane.Permissions.READ_ITEMS;
import static io.egressallowlist.infra.controlplane.Permissions.UPDATE_RULE_GROUP;
import static io.egressallowlist.infra.controlplane.Permissions.WRITE_REQUESTS;
import static io.egressallowlist.infra.controlplane.Permissions.WRITE_VERSIONS;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.egressallowlist.infra.common.LogEncryption;
import io.egressallowlist.infra.common.Nag;
import io.egressallowlist.infra.config.ControlPlaneSettings;
import io.egressallowlist.shared.config.ControlPlaneEnvironment;
import io.egressallowlist.shared.config.EnvKey;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.store.TableNames;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.Policy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.CfnFunction;
import software.amazon.awscdk.services.lambda.ILayerVersion;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.constructs.Construct;

/**
 * The control plane: tables, the six functions with one role each, the private request API and the
 * public Slack route, the event bus with its rules and schedules, the Slack secrets, and alarms.
 */
public final class ControlPlaneStack extends Stack {

    /** What this stack needs from the network and Studio stacks. */
    public record Dependencies(String executeApiEndpointId, String ruleGroupArn, int ruleGroupCapacity,
                               String firewallArn, String firewallName, List<String> protectedSubnetIds, List<String> studioDomainIds,
                               String studioExecutionRoleName, String firewallAlertLogGroupName, String vpcId,
                               String firewallPlacement, List<String> firewallEndpointIds,
                               List<String> defaultPolicyServices, ScopeDependencies scopes) {
        public Dependencies {
            protectedSubnetIds = List.copyOf(protectedSubnetIds);
            studioDomainIds = List.copyOf(studioDomainIds);
            firewallEndpointIds = List.copyOf(firewallEndpointIds);
            defaultPolicyServices = List.copyOf(defaultPolicyServices);
        }
    }

    private static final String INDEXES_OF_OWN_TABLES = "^Resource::<Tables[A-Za-z0-9]+\\.Arn>/index/\\*$";

    /** Handler classes of the function modules. */
    public static final Map<String, String> HANDLERS = Map.of(
            FunctionNames.REQUEST_API, "io.egressallowlist.functions.requestapi.RequestApiHandler::handleRequest",
            FunctionNames.SLACK_INTERACTIONS,
            "io.egressallowlist.functions.slackinteractions.SlackInteractionsHandler::handleRequest",
            FunctionNames.FIREWALL_SYNC, "io.egressallowlist.functions.firewallsync.FirewallSyncHandler::handleRequest",
            FunctionNames.STALE_CLEANUP, "io.egressallowlist.functions.stalecleanup.StaleCleanupHandler::handleRequest",
            FunctionNames.STUDIO_GUARD, "io.egressallowlist.functions.studioguard.StudioGuardHandler::handleRequest",
            FunctionNames.ALERT_INGEST, "io.egressallowlist.functions.alertingest.AlertIngestHandler::handleRequest");

    private final Map<String, ControlPlaneFunction> functions = new LinkedHashMap<>();
    private final RequestApi requestApi;
    private final SlackApi slackApi;

    /**
     * @param dependencySource what this stack takes from the network and Studio stacks, read in this stack
     *                         (from their parameters)
     */
    public ControlPlaneStack(Construct scope, String id, StackProps props, ControlPlaneSettings settings,
                             Function<Construct, Dependencies> dependencySource) {
        super(scope, id, props);
        Dependencies dependencies = dependencySource.apply(this);
        LogEncryption logs = new LogEncryption(this, "LogEncryption", settings.logRetentionDays());
        Tables tables = new Tables(this, "Tables");
        SlackSecrets secrets = new SlackSecrets(this, "SlackSecrets");

        // Named, not generated, so operators can put test events with the CLI.
        String busName = getStackName() + "-events";
        ControlPlaneEnvironment environment = environment(settings, dependencies, tables, secrets, busName);
        ApprovalPolicyLayer policy = new ApprovalPolicyLayer(this, "ApprovalPolicy", settings.policyText(),
                dependencies.scopes().policies());
        List<ILayerVersion> policyLayers = new ArrayList<>(List.of(policy.layer()));
        if (dependencies.scopes().declared()) {
            policyLayers.add(new ScopesFileLayer(this, "Scopes", dependencies.scopes().settings(),
                    dependencies.scopes().ruleGroupArns(), dependencies.scopes().domainIds(),
                    dependencies.scopes().subnetIds(), logs).layer());
        }
        for (String name : FunctionNames.ALL) {
            boolean asynchronous = !name.equals(FunctionNames.REQUEST_API) && !name.equals(FunctionNames.SLACK_INTERACTIONS);
            List<ILayerVersion> layers = EnvKey.POLICY_FILE.isReadBy(name) || EnvKey.SCOPES_FILE.isReadBy(name)
                    ? policyLayers : List.of();
            functions.put(name, new ControlPlaneFunction(this, constructId(name), new ControlPlaneFunction.Spec(
                    name, HANDLERS.get(name), settings.jarOf(name), settings.sizing().get(name),
                    environment.forFunction(name), settings.tracing(), asynchronous, layers), logs));
        }
        if (dependencies.scopes().declared()) {
            reserveOneWriterPerScope(dependencies.scopes().settings().scopes().size());
        }

        EventWiring events = new EventWiring(this, "Events", busName, functions);
        grant(tables, events, secrets, dependencies);
        new AlertLogSubscription(this, "AlertLogSubscription", dependencies.firewallAlertLogGroupName(),
                functions.get(FunctionNames.ALERT_INGEST));

        ApiThrottling throttling = new ApiThrottling(settings.apiRateLimit(), settings.apiBurstLimit());
        requestApi = new RequestApi(this, "RequestApi", functions.get(FunctionNames.REQUEST_API),
                dependencies.executeApiEndpointId(), logs.logGroup(this, "RequestApiAccessLogs", null), throttling);
        slackApi = new SlackApi(this, "SlackApi", functions.get(FunctionNames.SLACK_INTERACTIONS),
                logs.logGroup(this, "SlackApiAccessLogs", null), throttling);
        ApiGatewayAccountLogging accountLogging = new ApiGatewayAccountLogging(this, "ApiGatewayAccountLogging", logs);
        accountLogging.requiredBy(requestApi.api());
        accountLogging.requiredBy(slackApi.api());
        new SlackWebAcl(this, "SlackWebAcl", slackApi.api());
        if (!dependencies.scopes().declared()) {
            allowStudioToCallRequestApi("StudioExecutionRole", "StudioInvokesRequestApi",
                    dependencies.studioExecutionRoleName());
        }
        List<String> scopeRoles = dependencies.scopes().executionRoleNames();
        for (int i = 0; i < scopeRoles.size(); i++) {
            allowStudioToCallRequestApi("StudioExecutionRole" + i, "StudioInvokesRequestApi" + i, scopeRoles.get(i));
        }

        Alarms alarms = new Alarms(this, "Alarms", functions.values(), events.bus(), events.signalRules());

        output("SlackRequestUrl", slackApi.eventsUrl(), "Slack app manifest: interactivity and /egress request URL");
        output("RequestApiUrl", requestApi.url(), "Private request API (from the Studio VPC only, through its endpoint)");
        output("SlackSigningSecretArn", secrets.signingSecret().getSecretArn(), "Put the Slack signing secret here");
        output("SlackBotTokenSecretArn", secrets.botToken().getSecretArn(), "Put the Slack bot token here");
        output("AlarmTopicArn", alarms.topic().getTopicArn(), "Subscribe the on-call address to this topic");
        output("EventBusName", busName, "Control-plane event bus");
    }

    /**
     * One firewall-sync per scope at a time: each scope's reconcile holds its own writer lease, so a scope never waits
     * on another's, and more concurrent invocations than scopes would only wait for a lease. Only with scopes: an
     * account at the default concurrency quota cannot reserve any (aws-api-notes §9), and the single list needs none.
     */
    private void reserveOneWriterPerScope(int scopes) {
        CfnFunction function = (CfnFunction) functions.get(FunctionNames.FIREWALL_SYNC).function().getNode()
                .getDefaultChild();
        function.setReservedConcurrentExecutions(scopes);
    }

    /** What the functions are told, each only what it reads ({@link ControlPlaneEnvironment#forFunction}). */
    private static ControlPlaneEnvironment environment(ControlPlaneSettings settings, Dependencies dependencies,
                                                       Tables tables, SlackSecrets secrets, String busName) {
        ControlPlaneEnvironment environment = ControlPlaneEnvironment.create()
                .tables(new TableNames(tables.requests().getTableName(), tables.versions().getTableName(),
                        tables.audit().getTableName(), tables.blocked().getTableName()))
                .eventBus(busName)
                // The policy itself travels in a layer (ApprovalPolicyLayer): the variable holds only its path.
                .policyFile(ApprovalPolicyLayer.MOUNTED_PATH)
                .ruleGroupArn(dependencies.ruleGroupArn())
                .ruleGroupCapacity(dependencies.ruleGroupCapacity())
                .firewallName(dependencies.firewallName())
                .driftMode(settings.driftMode())
                .studioDomainIds(dependencies.studioDomainIds())
                .protectedSubnetIds(dependencies.protectedSubnetIds())
                .networkPosture(dependencies.vpcId(), dependencies.firewallPlacement(),
                        dependencies.firewallEndpointIds(), dependencies.defaultPolicyServices())
                .studioSubnets(studioSubnets(dependencies))
                .slackChannel(settings.slackChannelId())
                .slackSecretArns(secrets.signingSecret().getSecretArn(), secrets.botToken().getSecretArn())
                .javaToolOptions(settings.javaToolOptions());
        if (dependencies.scopes().declared()) {
            // The scopes file travels in a layer published at deploy (ScopesFileLayer), beside the scopes' policies.
            environment.scopesFile(ScopesFileLayer.MOUNTED_PATH);
            // So do the scopes' Studio domains and subnets (studio-domains, studio-subnets): in the variables, a dozen
            // created domains outgrow the 4 KB Lambda allows (FunctionEnvironmentLimit). With scopes every SageMaker
            // subnet is a team scope's (ProtectedVpc), so the file names them all.
            environment.without(EnvKey.STUDIO_DOMAIN_IDS).without(EnvKey.STUDIO_SUBNETS)
                    .without(EnvKey.PROTECTED_SUBNET_IDS);
        }
        // Only request-api reads it (GET /audit); absent, only approvers read the audit trail.
        return settings.operatorPrincipals().isEmpty() ? environment
                : environment.operatorPrincipals(settings.operatorPrincipals());
    }

    /**
     * The Studio domain of each protected subnet: the Studio stack creates its one domain in the protected
     * subnets, so every one of them is that domain's. With several domains no subnet is attributed.
     */
    private static Map<String, String> studioSubnets(Dependencies dependencies) {
        Map<String, String> subnets = new LinkedHashMap<>();
        if (dependencies.studioDomainIds().size() == 1) {
            dependencies.protectedSubnetIds().forEach(subnet -> subnets.put(subnet, dependencies.studioDomainIds().get(0)));
        }
        return subnets;
    }

    /** Least privilege, function by function (ARCHITECTURE §3, "may touch"). */
    private void grant(Tables tables, EventWiring events, SlackSecrets secrets, Dependencies dependencies) {
        List<ISecret> botToken = List.of(secrets.botToken());
        List<ISecret> bothSecrets = List.of(secrets.signingSecret(), secrets.botToken());
        PolicyStatement readRequests = Permissions.table("ReadRequests", tables.requests(), true, READ_ITEMS);
        PolicyStatement writeRequests = Permissions.table("WriteRequests", tables.requests(), true, WRITE_REQUESTS);
        PolicyStatement readVersions = Permissions.table("ReadVersions", tables.versions(), false, READ_ITEMS);
        PolicyStatement readAudit = Permissions.table("ReadAudit", tables.audit(), true, READ_ITEMS);
        PolicyStatement appendAudit = Permissions.table("AppendAudit", tables.audit(), true, APPEND_AUDIT);
        PolicyStatement moveAuditHead = Permissions.moveAuditHead(tables.audit());
        PolicyStatement putEvents = Permissions.putEvents(events.bus());

        PolicyStatement blockedAttempts = Permissions.table("BlockedAttempts", tables.blocked(), true, BLOCKED_ITEMS);

        // GET /blocked, and the caller's source address at each call, by which attempts are attributed.
        allow(FunctionNames.REQUEST_API, readRequests, writeRequests, readVersions, readAudit, appendAudit, putEvents,
                Permissions.readSecrets(botToken), blockedAttempts, moveAuditHead,
                // GET /audit/verify: one Scan for the records that carry no place in the audit chain.
                Permissions.table("FindUnchainedAudit", tables.audit(), false, List.of("dynamodb:Scan")));
        // /egress blocked reads the attempts (Query on the table and its by-day index); it writes none.
        allow(FunctionNames.SLACK_INTERACTIONS, readRequests, writeRequests, readVersions, readAudit, appendAudit,
                moveAuditHead, putEvents, Permissions.readSecrets(bothSecrets),
                Permissions.table("ReadBlockedAttempts", tables.blocked(), true, READ_ITEMS));
        allow(FunctionNames.FIREWALL_SYNC, readRequests, writeRequests, readVersions,
                Permissions.table("WriteVersions", tables.versions(), false, WRITE_VERSIONS), appendAudit, moveAuditHead,
                putEvents,
                Permissions.readSecrets(botToken),
                // The one writer of the rule groups (ARCHITECTURE §3): the single list's, or exactly the scopes'.
                Permissions.networkFirewall("WriteTheAllowList", List.of(DESCRIBE_RULE_GROUP, UPDATE_RULE_GROUP),
                        ruleGroupArns(dependencies)),
                Permissions.networkFirewall("WaitForFirewallSync", List.of("network-firewall:DescribeFirewall"),
                        List.of(dependencies.firewallArn())));
        allow(FunctionNames.STALE_CLEANUP, readRequests, writeRequests, readVersions, appendAudit, moveAuditHead,
                putEvents,
                Permissions.readSecrets(botToken),
                Permissions.networkFirewall("ReadTheAllowList", List.of(DESCRIBE_RULE_GROUP),
                        ruleGroupArns(dependencies)),
                Permissions.networkFirewall("ReadTrafficAnalysis", List.of("network-firewall:DescribeFirewall",
                                "network-firewall:ListAnalysisReports", "network-firewall:GetAnalysisReportResults"),
                        List.of(dependencies.firewallArn())));
        allow(FunctionNames.STUDIO_GUARD, appendAudit, moveAuditHead, putEvents, Permissions.readSecrets(botToken),
                PolicyStatement.Builder.create().sid("DescribeStudioDomains")
                        .actions(List.of("sagemaker:DescribeDomain"))
                        .resources(List.of("arn:" + Aws.PARTITION + ":sagemaker:" + Aws.REGION + ":" + Aws.ACCOUNT_ID
                                + ":domain/*"))
                        .build(),
                PolicyStatement.Builder.create().sid("ListStudioDomains")
                        .actions(List.of("sagemaker:ListDomains"))
                        .resources(List.of("*"))
                        .build(),
                // The protected VPC's posture: where its subnets route, what its endpoints allow. Read only.
                PolicyStatement.Builder.create().sid("ReadNetworkPosture")
                        .actions(List.of(DESCRIBE_ROUTE_TABLES, DESCRIBE_VPC_ENDPOINTS))
                        .resources(List.of("*"))
                        .build());
        // Stores attempts, attributes them (network interfaces), and tells people in Slack whether a domain is
        // allowed now (the version log) and whether they have asked for it (the requests); writes nothing else.
        allow(FunctionNames.ALERT_INGEST, blockedAttempts, readRequests, readVersions, Permissions.readSecrets(botToken),
                PolicyStatement.Builder.create().sid("FindWorkloadByAddress")
                        .actions(List.of(DESCRIBE_NETWORK_INTERFACES))
                        .resources(List.of("*"))
                        .build());
        Nag.suppress(functions.get(FunctionNames.ALERT_INGEST).role(), "AwsSolutions-IAM5", "EC2 Describe actions "
                        + "support no resource-level permissions: DescribeNetworkInterfaces takes only \"*\". It is read "
                        + "only, and the one EC2 action granted.",
                "^Resource::\\*$");
        Nag.suppress(functions.get(FunctionNames.STUDIO_GUARD).role(), "AwsSolutions-IAM5", "The guard must "
                        + "find Studio domains created outside this stack (that is its purpose): DescribeDomain on "
                        + "every domain of this account and region, read only; ListDomains, which finds every domain on each "
                        + "run, has no resource-level permissions (SageMaker's List actions take only \"*\"), nor do the EC2 Describe actions that read the VPC's posture "
                        + "(DescribeRouteTables, DescribeVpcEndpoints take only \"*\"; read only).",
                "^Resource::arn:<AWS::Partition>:sagemaker:<AWS::Region>:<AWS::AccountId>:domain/\\*$",
                "^Resource::\\*$");
    }

    private static List<String> ruleGroupArns(Dependencies dependencies) {
        return dependencies.scopes().declared() ? dependencies.scopes().allRuleGroupArns()
                : List.of(dependencies.ruleGroupArn());
    }

    private void allow(String function, PolicyStatement... statements) {
        Role role = functions.get(function).role();
        for (PolicyStatement statement : statements) {
            role.addToPrincipalPolicy(statement);
        }
        Nag.suppress(role, "AwsSolutions-IAM5", "Query on the secondary indexes of this stack's own tables; "
                + "DynamoDB authorises an index query against table/<name>/index/<index>.", INDEXES_OF_OWN_TABLES);
    }

    /** Lets Studio users call the request API from notebooks, as the Studio execution role. */
    private void allowStudioToCallRequestApi(String roleId, String policyId, String studioExecutionRoleName) {
        Policy policy = Policy.Builder.create(this, policyId)
                .statements(List.of(PolicyStatement.Builder.create()
                        .sid("InvokeRequestApi")
                        .actions(List.of("execute-api:Invoke"))
                        .resources(List.of(requestApi.invokeArn()))
                        .build()))
                .build();
        policy.attachToRole(Role.fromRoleName(this, roleId, studioExecutionRoleName));
        Nag.suppress(policy, "AwsSolutions-IAM5", "Every method and path of the request API's one stage; the "
                + "API itself decides per route what a caller may do.", "^Resource::arn:<AWS::Partition>:execute-api:"
                + "<AWS::Region>:<AWS::AccountId>:<[A-Za-z0-9]+>/" + RequestApi.STAGE + "/\\*/\\*$");
    }

    private void output(String id, String value, String description) {
        CfnOutput.Builder.create(this, id).value(value).description(description).build();
    }

    static String constructId(String functionName) {
        StringBuilder id = new StringBuilder();
        for (String part : functionName.split("-")) {
            id.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return id + "Function";
    }

    public Map<String, ControlPlaneFunction> functions() {
        return Map.copyOf(functions);
    }

    public RequestApi requestApi() {
        return requestApi;
    }

    public SlackApi slackApi() {
        return slackApi;
    }
}
