package io.egressallowlist.infra;

import static io.egressallowlist.infra.Templates.getAtt;
import static io.egressallowlist.infra.Templates.list;
import static io.egressallowlist.infra.Templates.map;
import static io.egressallowlist.infra.Templates.properties;
import static io.egressallowlist.infra.Templates.ref;
import static io.egressallowlist.infra.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.egressallowlist.infra.config.NetworkSettings;
import io.egressallowlist.infra.controlplane.ApprovalPolicyLayer;
import io.egressallowlist.infra.controlplane.ControlPlaneStack;
import io.egressallowlist.infra.controlplane.EventWiring;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.config.EnvKey;
import io.egressallowlist.shared.events.EventRoutes;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.store.TableSchemas;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;

class ControlPlaneStackTest {

    /** Actions that support no resource-level permissions, so {@code "*"} is the only resource they take. */
    private static final Set<String> UNSCOPABLE = Set.of("sagemaker:ListDomains", "ec2:DescribeNetworkInterfaces",
            "ec2:DescribeRouteTables", "ec2:DescribeVpcEndpoints", "xray:PutTraceSegments", "xray:PutTelemetryRecords");

    private static Template cp;
    private static Template cpWithTracing;
    private static Map<String, List<Map<String, Object>>> statementsByFunction;

    @BeforeAll
    static void synth() {
        cp = TestStacks.synth(2).controlPlane;
        cpWithTracing = TestStacks.synth(NetworkSettings.defaults(), true).controlPlane;
        statementsByFunction = statementsByFunction(cp);
    }

    static Stream<String> functions() {
        return FunctionNames.ALL.stream();
    }

    // ---- tables

    @Test
    void tablesDeclareExactlyTheKeysAndIndexesOfTableSchemas() {
        List<CreateTableRequest> schemas = List.of(TableSchemas.requestsTable("r"), TableSchemas.versionsTable("v"),
                TableSchemas.auditTable("a"), TableSchemas.blockedTable("b"));
        List<Map<String, Object>> tables = new ArrayList<>(resources(cp, "AWS::DynamoDB::GlobalTable").values().stream()
                .map(Templates::properties).toList());
        assertThat(tables).hasSize(4);
        for (CreateTableRequest schema : schemas) {
            assertThat(tables).as("a table with the keys of %s", schema.keySchema())
                    .anySatisfy(table -> {
                        assertThat(keys(table.get("KeySchema"))).isEqualTo(sdkKeys(schema.keySchema()));
                        assertThat(indexes(table)).isEqualTo(schema.globalSecondaryIndexes().stream().collect(
                                Collectors.toMap(i -> i.indexName(), i -> sdkKeys(i.keySchema()))));
                        assertThat(attributes(table)).isEqualTo(schema.attributeDefinitions().stream().collect(
                                Collectors.toMap(a -> a.attributeName(), a -> a.attributeTypeAsString())));
                    });
        }
    }

    @Test
    void tablesAreOnDemandRecoverableProtectedEncryptedAndRetained() {
        resources(cp, "AWS::DynamoDB::GlobalTable").values().forEach(table -> {
            Map<String, Object> p = properties(table);
            assertThat(p).containsEntry("BillingMode", "PAY_PER_REQUEST");
            assertThat(map(p.get("SSESpecification"))).containsEntry("SSEEnabled", true);
            Map<String, Object> replica = map(list(p.get("Replicas")).get(0));
            assertThat(replica).containsEntry("DeletionProtectionEnabled", true);
            assertThat(map(replica.get("PointInTimeRecoverySpecification"))).containsEntry("PointInTimeRecoveryEnabled", true);
            assertThat(table.get("DeletionPolicy")).isEqualTo("Retain");
        });
    }

    @Test
    void onlyTheRequestsAndBlockedTablesExpireItemsByTheirTtlAttributes() {
        List<Object> ttl = resources(cp, "AWS::DynamoDB::GlobalTable").values().stream()
                .map(t -> properties(t).get("TimeToLiveSpecification")).filter(x -> x != null).toList();
        assertThat(ttl).containsExactlyInAnyOrder(
                Map.of("AttributeName", TableSchemas.TTL_ATTRIBUTE, "Enabled", true),
                Map.of("AttributeName", TableSchemas.BLOCKED_TTL_ATTRIBUTE, "Enabled", true));
        cp.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", TableSchemas.REQUEST_KEY, "KeyType", "HASH")),
                "TimeToLiveSpecification", Match.objectLike(Map.of("AttributeName", "ttl"))));
        cp.hasResourceProperties("AWS::DynamoDB::GlobalTable", Map.of(
                "KeySchema", List.of(Map.of("AttributeName", TableSchemas.BLOCKED_KEY, "KeyType", "HASH"),
                        Map.of("AttributeName", TableSchemas.BLOCKED_SORT_KEY, "KeyType", "RANGE")),
                "TimeToLiveSpecification", Match.objectLike(Map.of("AttributeName", "expiresAt"))));
    }

    // ---- functions

    @ParameterizedTest
    @MethodSource("functions")
    void functionRunsJava21OnArm64WithSnapStartJsonLogsAndItsHandler(String name) {
        Map<String, Object> p = function(cp, name);
        assertThat(p).containsEntry("Runtime", "java21").containsEntry("Architectures", List.of("arm64"))
                .containsEntry("SnapStart", Map.of("ApplyOn", "PublishedVersions"))
                .containsEntry("Handler", ControlPlaneStack.HANDLERS.get(name));
        assertThat(map(p.get("LoggingConfig"))).containsEntry("LogFormat", "JSON");
        Map<String, Object> env = environment(p);
        assertThat(env).containsKeys(EnvKey.REQUESTS_TABLE.name(), EnvKey.VERSIONS_TABLE.name(),
                        EnvKey.AUDIT_TABLE.name(), EnvKey.EVENT_BUS_NAME.name(), EnvKey.SLACK_BOT_TOKEN_ARN.name(),
                        EnvKey.SLACK_CHANNEL_ID.name())
                .containsEntry(EnvKey.POLICY_FILE.name(), ApprovalPolicyLayer.MOUNTED_PATH)
                .doesNotContainKey(EnvKey.POLICY.name())
                .containsEntry(EnvKey.JAVA_TOOL_OPTIONS.name(), "-XX:+TieredCompilation -XX:TieredStopAtLevel=1");
        if (EnvKey.DRIFT_MODE.isReadBy(name)) {
            assertThat(env).containsEntry(EnvKey.DRIFT_MODE.name(), "ENFORCE");
        }
        assertThat(p).doesNotContainKey("TracingConfig");
    }

    @ParameterizedTest
    @MethodSource("functions")
    void eachFunctionIsToldExactlyTheVariablesItReadsThatTheStackProvides(String name) {
        assertThat(environment(function(cp, name)).keySet()).containsExactlyInAnyOrderElementsOf(
                EnvKey.setByStackFor(name).stream().map(EnvKey::name).toList());
    }

    @ParameterizedTest
    @MethodSource("functions")
    void everyVariableTheStackSetsIsOneTheFunctionReadsAndNothingItNeedsIsMissing(String name) {
        Map<String, String> env = new HashMap<>();
        // CloudFormation resolves references at deployment; any text stands for them here.
        environment(function(cp, name)).forEach((key, value) -> env.put(key,
                value instanceof String text ? text : "resolved-by-cloudformation"));
        // Lambda sets the region itself.
        env.put(EnvKey.AWS_REGION.name(), "eu-west-1");
        // Lambda mounts the policy layer under /opt; here the same file from a temporary directory.
        env.put(EnvKey.POLICY_FILE.name(), policyFile().toString());

        ControlPlaneConfig config = ControlPlaneConfig.from(env);

        Set<String> read = config.given().stream().map(EnvKey::name).collect(Collectors.toSet());
        assertThat(read).containsAll(env.keySet().stream()
                .filter(key -> !key.equals(EnvKey.JAVA_TOOL_OPTIONS.name())).toList());
        assertThat(EnvKey.missingFor(name, config.given())).isEmpty();
        assertThat(config.slackBotToken()).as("the bot token's secret, for the notifier").isNotNull();
    }

    @Test
    void onlySlackInteractionsIsToldWhereTheSigningSecretIsAndTheGuardKnowsNoRuleGroup() {
        for (String name : FunctionNames.ALL) {
            assertThat(environment(function(cp, name)).containsKey(EnvKey.SLACK_SIGNING_SECRET_ARN.name())).as(name)
                    .isEqualTo(name.equals(FunctionNames.SLACK_INTERACTIONS));
        }
        assertThat(environment(function(cp, FunctionNames.STUDIO_GUARD)))
                .doesNotContainKeys(EnvKey.RULE_GROUP_ARN.name(), EnvKey.FIREWALL_NAME.name())
                .containsKeys(EnvKey.STUDIO_DOMAIN_IDS.name(), EnvKey.PROTECTED_SUBNET_IDS.name());
    }

    @Test
    void everyFunctionIsPublishedBehindTheLiveAlias() {
        cp.resourceCountIs("AWS::Lambda::Version", FunctionNames.ALL.size());
        cp.resourceCountIs("AWS::Lambda::Alias", FunctionNames.ALL.size());
        resources(cp, "AWS::Lambda::Alias").values().forEach(alias -> {
            assertThat(properties(alias)).containsEntry("Name", "live");
            assertThat(getAtt(properties(alias).get("FunctionVersion")).get(1)).isEqualTo("Version");
        });
    }

    @Test
    void noFunctionOfAnyStackReservesConcurrencyWhichAnAccountAtTheDefaultQuotaCannotGrant() {
        TestStacks stacks = TestStacks.synth(2);
        for (Template template : List.of(stacks.network, stacks.studio, stacks.controlPlane, cp)) {
            resources(template, "AWS::Lambda::Function").forEach((id, function) ->
                    assertThat(properties(function)).as(id).doesNotContainKey("ReservedConcurrentExecutions"));
        }
        assertThat(function(cp, FunctionNames.FIREWALL_SYNC)).doesNotContainKey("ReservedConcurrentExecutions");
    }

    @Test
    void tracingIsOptional() {
        FunctionNames.ALL.forEach(name -> assertThat(function(cpWithTracing, name))
                .containsEntry("TracingConfig", Map.of("Mode", "Active")));
    }

    @Test
    void aMissingJarFailsTheSynthWithTheBuildCommand() {
        Path empty = TestStacks.temporaryDirectory();
        assertThatThrownBy(() -> EgressAllowlistStacks.create(new App(), "T", NetworkSettings.defaults(),
                io.egressallowlist.infra.config.StudioSettings.defaults(), TestStacks.controlPlaneSettings(empty, false)))
                .hasMessageContaining("request-api/target/request-api.jar").hasMessageContaining("mvn -DskipTests package");
    }

    // ---- least privilege

    @Test
    void onlyFirewallSyncMayUpdateTheRuleGroupAndOnlyThatRuleGroup() {
        statementsByFunction.forEach((function, statements) -> {
            List<Map<String, Object>> updates = statements.stream().filter(s -> actions(s).contains("network-firewall:UpdateRuleGroup")).toList();
            if (!function.equals(FunctionNames.FIREWALL_SYNC)) {
                assertThat(updates).as(function).isEmpty();
                return;
            }
            assertThat(updates).singleElement().satisfies(s -> assertThat(resourcesOf(s)).singleElement()
                    .satisfies(r -> assertThat(Templates.sharedName(cp, r)).isEqualTo("/Test-Network/rule-group-arn")));
        });
        // Nothing else in the stack (other policies, inline or managed) grants it either.
        long grants = resources(cp, "AWS::IAM::Policy").values().stream()
                .flatMap(p -> statements(properties(p)).stream())
                .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("network-firewall:Update") || a.equals("network-firewall:*")))
                .count();
        assertThat(grants).isEqualTo(1);
    }

    @Test
    void requestApiAndSlackInteractionsHaveNoNetworkFirewallPermission() {
        for (String function : List.of(FunctionNames.REQUEST_API, FunctionNames.SLACK_INTERACTIONS)) {
            assertThat(statementsByFunction.get(function).stream().flatMap(s -> actions(s).stream()))
                    .as(function).noneMatch(a -> a.startsWith("network-firewall:"));
        }
    }

    @Test
    void staleCleanupReadsTheFirewallButNeverWritesIt() {
        assertThat(statementsByFunction.get(FunctionNames.STALE_CLEANUP).stream().flatMap(s -> actions(s).stream())
                .filter(a -> a.startsWith("network-firewall:")))
                .allMatch(a -> a.matches("network-firewall:(Describe|List|Get).*"));
    }

    @Test
    void studioGuardHasSageMakerReadOnly() {
        List<String> sageMaker = statementsByFunction.get(FunctionNames.STUDIO_GUARD).stream()
                .flatMap(s -> actions(s).stream()).filter(a -> a.startsWith("sagemaker:")).toList();
        assertThat(sageMaker).isNotEmpty().allMatch(a -> a.matches("sagemaker:(Describe|List).*"));
        assertThat(statementsByFunction.get(FunctionNames.STUDIO_GUARD).stream().flatMap(s -> actions(s).stream()))
                .noneMatch(a -> a.startsWith("network-firewall:"));
        // The one update it may make is moving the audit chain's head (checked on its own above).
        assertThat(statementsByFunction.get(FunctionNames.STUDIO_GUARD).stream()
                .filter(s -> !"MoveAuditChainHead".equals(s.get("Sid"))).flatMap(s -> actions(s).stream()))
                .noneMatch(a -> a.startsWith("dynamodb:Update"));
    }

    @Test
    void studioGuardListsEveryDomainOnAnyResourceAndDescribesOnlyThisAccountsDomains() {
        List<Map<String, Object>> sageMaker = statementsByFunction.get(FunctionNames.STUDIO_GUARD).stream()
                .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("sagemaker:"))).toList();

        assertThat(sageMaker).hasSize(2);
        assertThat(sageMaker).filteredOn(s -> actions(s).contains("sagemaker:ListDomains")).singleElement()
                .satisfies(statement -> {
                    assertThat(actions(statement)).containsExactly("sagemaker:ListDomains");
                    // SageMaker's List actions take no resource-level permission: "*" only.
                    assertThat(resourcesOf(statement)).containsExactly("*");
                });
        assertThat(sageMaker).filteredOn(s -> actions(s).contains("sagemaker:DescribeDomain")).singleElement()
                .satisfies(statement -> {
                    assertThat(actions(statement)).containsExactly("sagemaker:DescribeDomain");
                    assertThat(resourcesOf(statement)).singleElement().asString().contains(":domain/*")
                            .doesNotContain("user-profile");
                });
        statementsByFunction.forEach((function, statements) -> assertThat(statements.stream()
                .flatMap(s -> actions(s).stream()))
                .as(function).noneMatch(a -> !function.equals(FunctionNames.STUDIO_GUARD) && a.equals("sagemaker:ListDomains")));
    }

    @Test
    void studioGuardReadsTheVpcsRouteTablesAndEndpointsAndNoOtherEc2Action() {
        List<Map<String, Object>> ec2 = statementsByFunction.get(FunctionNames.STUDIO_GUARD).stream()
                .filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("ec2:"))).toList();
        assertThat(ec2).singleElement().satisfies(statement -> {
            assertThat(actions(statement)).containsExactlyInAnyOrder("ec2:DescribeRouteTables", "ec2:DescribeVpcEndpoints");
            assertThat(resourcesOf(statement)).containsExactly("*");
        });
        statementsByFunction.forEach((function, statements) -> assertThat(statements.stream()
                .flatMap(s -> actions(s).stream()))
                .as(function).noneMatch(a -> !function.equals(FunctionNames.STUDIO_GUARD)
                        && (a.equals("ec2:DescribeRouteTables") || a.equals("ec2:DescribeVpcEndpoints"))));
    }

    @Test
    void studioGuardIsToldTheVpcThePlacementTheFirewallEndpointsAndTheDeliberatelyOpenEndpoints() {
        Map<String, Object> guard = environment(function(cp, FunctionNames.STUDIO_GUARD));

        assertThat(Templates.sharedName(cp, guard.get(EnvKey.VPC_ID.name()))).isEqualTo("/Test-Network/vpc-id");
        assertThat(guard).containsEntry(EnvKey.FIREWALL_PLACEMENT.name(), "firewall-first");
        assertThat(String.valueOf(guard.get(EnvKey.FIREWALL_ENDPOINT_IDS.name())))
                .contains(Templates.sharedParameterId(cp, "/Test-Network/firewall-endpoint-ids"));
        // The region as a placeholder the function fills in: a literal, not a token counted at its bound.
        assertThat(guard).containsEntry(EnvKey.DEFAULT_POLICY_ENDPOINT_SERVICES.name(),
                "aws.sagemaker.{region}.notebook,aws.sagemaker.{region}.studio");
        for (String other : FunctionNames.ALL) {
            if (!other.equals(FunctionNames.STUDIO_GUARD)) {
                assertThat(environment(function(cp, other))).as(other).doesNotContainKeys(EnvKey.VPC_ID.name(),
                        EnvKey.FIREWALL_ENDPOINT_IDS.name(), EnvKey.DEFAULT_POLICY_ENDPOINT_SERVICES.name());
            }
        }
    }

    @Test
    void nobodyMayUpdateOrDeleteAuditEventsOnlyTheChainsHeadIsUpdated() {
        String audit = resources(cp, "AWS::DynamoDB::GlobalTable").entrySet().stream()
                .filter(e -> e.getKey().startsWith("TablesAudit")).map(Map.Entry::getKey).findFirst().orElseThrow();
        List<Map<String, Object>> onAudit = statementsByFunction.values().stream().flatMap(List::stream)
                .filter(s -> resourcesOf(s).stream().anyMatch(r -> audit.equals(getAttId(r)))).toList();
        onAudit.forEach(s -> assertThat(actions(s)).doesNotContain("dynamodb:DeleteItem"));
        List<Map<String, Object>> updates = onAudit.stream()
                .filter(s -> actions(s).contains("dynamodb:UpdateItem")).toList();
        assertThat(updates).isNotEmpty().allSatisfy(s -> {
            assertThat(actions(s)).containsExactly("dynamodb:UpdateItem");
            assertThat(s.get("Condition")).isEqualTo(Map.of("ForAllValues:StringEquals",
                    Map.of("dynamodb:LeadingKeys", List.of("chain"))));
        });
    }

    @Test
    void noActionIsGrantedOnEveryResourceUnlessTheServiceCannotScopeIt() {
        for (Template template : List.of(cp, cpWithTracing)) {
            resources(template, "AWS::IAM::Policy").values().stream()
                    .flatMap(p -> statements(properties(p)).stream())
                    .filter(s -> resourcesOf(s).contains("*"))
                    .forEach(s -> assertThat(actions(s)).isSubsetOf(UNSCOPABLE));
        }
    }

    @Test
    void noFunctionRoleUsesAManagedPolicy() {
        resources(cp, "AWS::IAM::Role").values().forEach(r -> assertThat(properties(r)).doesNotContainKey("ManagedPolicyArns"));
    }

    // ---- events

    @Test
    void everyRouteAndScheduleOfEventRoutesBecomesARuleTargetingTheFunctionAlias() {
        Map<String, Map<String, Object>> rules = resources(cp, "AWS::Events::Rule");
        assertThat(rules).hasSize(EventRoutes.RULES.size() + EventRoutes.SCHEDULES.size() + EventWiring.SIGNALS.size());
        for (EventRoutes.Schedule schedule : EventRoutes.SCHEDULES) {
            cp.hasResourceProperties("AWS::Events::Rule", Map.of("ScheduleExpression", schedule.expression(),
                    "Targets", List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", Match.stringLikeRegexp(
                            ControlPlaneStackTestIds.function(schedule.function()) + "Alias.*")))))));
        }
        for (EventRoutes.Rule route : EventRoutes.RULES) {
            Map<String, Object> pattern = EventWiringPatterns.parse(route.pattern());
            cp.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", pattern,
                    "Targets", List.of(Match.objectLike(Map.of("Arn", Map.of("Ref", Match.stringLikeRegexp(
                            ControlPlaneStackTestIds.function(route.function()) + "Alias.*")))))));
        }
        cp.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Match.objectLike(Map.of(
                "source", List.of("aws.sagemaker"), "detail-type", List.of("AWS API Call via CloudTrail")))));
    }

    @Test
    void everyAsyncTargetHasAnEncryptedDeadLetterQueue() {
        List<Object> targets = resources(cp, "AWS::Events::Rule").values().stream()
                .flatMap(r -> list(properties(r).getOrDefault("Targets", List.of())).stream()).toList();
        assertThat(targets).hasSize(EventRoutes.RULES.size() + EventRoutes.SCHEDULES.size())
                .allSatisfy(t -> assertThat(getAtt(map(map(t).get("DeadLetterConfig")).get("Arn")).get(0).toString())
                        .contains("DeadLetterQueue"));
        List<String> asynchronous = List.of(FunctionNames.FIREWALL_SYNC, FunctionNames.STALE_CLEANUP,
                FunctionNames.STUDIO_GUARD, FunctionNames.ALERT_INGEST);
        for (String name : asynchronous) {
            assertThat(function(cp, name)).containsKey("DeadLetterConfig");
        }
        resources(cp, "AWS::SQS::Queue").values().forEach(q ->
                assertThat(properties(q)).containsEntry("SqsManagedSseEnabled", true));
        cp.resourceCountIs("AWS::SQS::QueuePolicy", asynchronous.size());
        cp.resourceCountIs("AWS::Lambda::EventInvokeConfig", asynchronous.size());
    }

    // ---- APIs

    @Test
    void requestApiIsPrivateIamAuthorisedAndOnlyReachableThroughTheStudioEndpoint() {
        Map<String, Object> api = restApi("private");
        assertThat(map(api.get("EndpointConfiguration")).get("Types")).isEqualTo(List.of("PRIVATE"));
        List<Map<String, Object>> statements = statements(Map.of("PolicyDocument", api.get("Policy")));
        assertThat(statements).anySatisfy(s -> {
            assertThat(s).containsEntry("Effect", "Deny");
            assertThat(map(map(s.get("Condition")).get("StringNotEquals"))).containsKey("aws:SourceVpce");
        });
        String apiId = restApiId("private");
        resources(cp, "AWS::ApiGateway::Method").values().stream().map(Templates::properties)
                .filter(m -> apiId.equals(ref(m.get("RestApiId"))))
                .forEach(m -> assertThat(m).containsEntry("AuthorizationType", "AWS_IAM"));
    }

    @Test
    void slackApiIsPublicWithOnePostRouteAndBothStagesAreThrottledAndLogged() {
        assertThat(map(restApi("Slack").get("EndpointConfiguration")).get("Types")).isEqualTo(List.of("REGIONAL"));
        cp.hasResourceProperties("AWS::ApiGateway::Method", Map.of("HttpMethod", "POST", "AuthorizationType", "NONE",
                "RestApiId", Map.of("Ref", restApiId("Slack"))));
        cp.hasResourceProperties("AWS::ApiGateway::Resource", Map.of("PathPart", "events"));
        resources(cp, "AWS::ApiGateway::Stage").values().forEach(stage -> {
            Map<String, Object> p = properties(stage);
            assertThat(p).containsKey("AccessLogSetting");
            assertThat(list(p.get("MethodSettings"))).anySatisfy(m -> assertThat(map(m))
                    .containsEntry("ThrottlingRateLimit", 20).containsEntry("ThrottlingBurstLimit", 40));
        });
        assertThat(cp.findOutputs("SlackRequestUrl")).hasSize(1);
    }

    @Test
    void slackSecretsAreNeverInTheTemplate() {
        resources(cp, "AWS::SecretsManager::Secret").values().forEach(s ->
                assertThat(properties(s)).doesNotContainKey("SecretString").containsKey("GenerateSecretString"));
        cp.resourceCountIs("AWS::SecretsManager::Secret", 2);
    }

    // ---- alarms

    @Test
    void alarmsCoverFunctionErrorsDeadLettersDriftNoncomplianceAndReconcileFailures() {
        // Errors per function, a dead-letter alarm per asynchronous function (four) and the signals.
        int expected = FunctionNames.ALL.size() + 4 + EventWiring.SIGNALS.size();
        cp.resourceCountIs("AWS::CloudWatch::Alarm", expected);
        for (String metric : List.of("Errors", "ApproximateNumberOfMessagesVisible", "MatchedEvents")) {
            cp.hasResourceProperties("AWS::CloudWatch::Alarm", Map.of("MetricName", metric,
                    "AlarmActions", List.of(Map.of("Ref", Match.stringLikeRegexp("AlarmsTopic.*")))));
        }
        for (String detailType : EventWiring.SIGNALS.values()) {
            cp.hasResourceProperties("AWS::Events::Rule", Map.of("EventPattern", Map.of(
                    "source", List.of("egress.allowlist"), "detail-type", List.of(detailType))));
        }
    }

    // ---- helpers

    private static Path policyFile() {
        try {
            Path file = TestStacks.temporaryDirectory().resolve("approval-policy.txt");
            return Files.writeString(file, TestStacks.POLICY);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Object> environment(Map<String, Object> function) {
        return map(map(function.get("Environment")).get("Variables"));
    }

    static Map<String, Object> function(Template t, String name) {
        String logicalId = ControlPlaneStackTestIds.function(name) + "[0-9A-F]{8}";
        return resources(t, "AWS::Lambda::Function").entrySet().stream()
                .filter(e -> e.getKey().matches(logicalId)).map(e -> properties(e.getValue()))
                .findFirst().orElseThrow(() -> new AssertionError("no function " + name));
    }

    /** Statements of every policy attached to each function's role. */
    static Map<String, List<Map<String, Object>>> statementsByFunction(Template t) {
        Map<String, List<Map<String, Object>>> byFunction = new HashMap<>();
        for (String name : FunctionNames.ALL) {
            String role = getAtt(function(t, name).get("Role")).get(0).toString();
            List<Map<String, Object>> statements = new ArrayList<>();
            resources(t, "AWS::IAM::Policy").values().stream().map(Templates::properties)
                    .filter(p -> list(p.getOrDefault("Roles", List.of())).stream().anyMatch(r -> role.equals(ref(r))))
                    .forEach(p -> statements.addAll(statements(p)));
            byFunction.put(name, statements);
        }
        return byFunction;
    }

    private static List<Map<String, Object>> statements(Map<String, Object> policyProperties) {
        return list(map(policyProperties.get("PolicyDocument")).get("Statement")).stream().map(Templates::map).toList();
    }

    static List<String> actions(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof List<?> l ? l.stream().map(Object::toString).toList() : List.of(action.toString());
    }

    static List<Object> resourcesOf(Map<String, Object> statement) {
        Object resource = statement.get("Resource");
        return resource instanceof List<?> l ? list(l) : List.of(resource);
    }

    private static String getAttId(Object value) {
        List<Object> att = getAtt(value);
        return att == null ? null : att.get(0).toString();
    }

    private static Map<String, Object> restApi(String descriptionPart) {
        return properties(resources(cp, "AWS::ApiGateway::RestApi").get(restApiId(descriptionPart)));
    }

    private static String restApiId(String descriptionPart) {
        return resources(cp, "AWS::ApiGateway::RestApi").entrySet().stream()
                .filter(e -> properties(e.getValue()).get("Description").toString().contains(descriptionPart))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    private static List<String> keys(Object keySchema) {
        return list(keySchema).stream().map(k -> map(k).get("KeyType") + ":" + map(k).get("AttributeName")).sorted().toList();
    }

    private static List<String> sdkKeys(List<software.amazon.awssdk.services.dynamodb.model.KeySchemaElement> keys) {
        return keys.stream().map(k -> k.keyTypeAsString() + ":" + k.attributeName()).sorted().toList();
    }

    private static Map<String, List<String>> indexes(Map<String, Object> table) {
        return list(table.getOrDefault("GlobalSecondaryIndexes", List.of())).stream().map(Templates::map)
                .collect(Collectors.toMap(i -> i.get("IndexName").toString(), i -> keys(i.get("KeySchema"))));
    }

    private static Map<String, String> attributes(Map<String, Object> table) {
        return list(table.get("AttributeDefinitions")).stream().map(Templates::map)
                .collect(Collectors.toMap(a -> a.get("AttributeName").toString(), a -> a.get("AttributeType").toString()));
    }
}
