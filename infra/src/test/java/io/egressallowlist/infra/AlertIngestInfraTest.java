package io.egressallowlist.infra;

import static io.egressallowlist.infra.ControlPlaneStackTest.actions;
import static io.egressallowlist.infra.ControlPlaneStackTest.environment;
import static io.egressallowlist.infra.ControlPlaneStackTest.function;
import static io.egressallowlist.infra.ControlPlaneStackTest.resourcesOf;
import static io.egressallowlist.infra.Templates.getAtt;
import static io.egressallowlist.infra.Templates.list;
import static io.egressallowlist.infra.Templates.map;
import static io.egressallowlist.infra.Templates.properties;
import static io.egressallowlist.infra.Templates.ref;
import static io.egressallowlist.infra.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.egressallowlist.infra.network.EgressFirewall;
import io.egressallowlist.shared.config.EnvKey;
import io.egressallowlist.shared.events.EventRoutes;
import io.egressallowlist.shared.events.FunctionNames;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/**
 * The blocked-attempts wiring: the firewall's ALERT log reaches alert-ingest through a CloudWatch Logs
 * subscription, digests go out on a schedule, and alert-ingest may read and write only what it needs.
 */
class AlertIngestInfraTest {

    private static final String ALERT_LOG_GROUP = "/Test-Network/network-firewall/alert";

    private static TestStacks stacks;
    private static Template cp;
    private static Template network;
    private static Map<String, List<Map<String, Object>>> statementsByFunction;

    @BeforeAll
    static void synth() {
        stacks = TestStacks.synth(2);
        cp = stacks.controlPlane;
        network = stacks.network;
        statementsByFunction = ControlPlaneStackTest.statementsByFunction(cp);
    }

    // ---- the subscription

    @Test
    void theFirewallWritesItsAlertLogToAGroupWithAFixedName() {
        assertThat(stacks.stacks.network().alertLogGroupName()).isEqualTo(ALERT_LOG_GROUP)
                .isEqualTo(EgressFirewall.alertLogGroupName("Test-Network"));
        String group = resources(network, "AWS::Logs::LogGroup").entrySet().stream()
                .filter(e -> ALERT_LOG_GROUP.equals(properties(e.getValue()).get("LogGroupName")))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        Map<String, Object> logging = properties(resources(network, "AWS::NetworkFirewall::LoggingConfiguration")
                .values().iterator().next());
        assertThat(list(map(logging.get("LoggingConfiguration")).get("LogDestinationConfigs"))).anySatisfy(d -> {
            assertThat(map(d)).containsEntry("LogType", "ALERT").containsEntry("LogDestinationType", "CloudWatchLogs");
            assertThat(ref(map(map(d).get("LogDestination")).get("logGroup"))).isEqualTo(group);
        });
        assertThat(properties(resources(network, "AWS::Logs::LogGroup").get(group))).containsKey("KmsKeyId");
    }

    @Test
    void theAlertLogIsSubscribedByNameToTheAlertIngestAliasWithoutACrossStackExport() {
        Map<String, Object> filter = properties(single(cp, "AWS::Logs::SubscriptionFilter"));
        assertThat(filter).containsEntry("LogGroupName", ALERT_LOG_GROUP).containsEntry("FilterPattern", "");
        assertThat(ref(filter.get("DestinationArn"))).matches(aliasOf(FunctionNames.ALERT_INGEST));
        // No export names the log group: the network stack's exports stay what they were.
        assertThat(imports(cp)).noneMatch(name -> name.contains("Log"));
        assertThat(network.findOutputs("*").values().stream().map(o -> String.valueOf(o.get("Export"))).toList())
                .noneMatch(export -> export.contains("Log"));
    }

    @Test
    void onlyCloudWatchLogsForThatLogGroupOfThisAccountMayInvokeTheAliasAndTheFilterWaitsForIt() {
        Map.Entry<String, Map<String, Object>> permission = resources(cp, "AWS::Lambda::Permission").entrySet().stream()
                .filter(e -> "logs.amazonaws.com".equals(properties(e.getValue()).get("Principal")))
                .collect(Collectors.collectingAndThen(Collectors.toList(), l -> {
                    assertThat(l).hasSize(1);
                    return l.get(0);
                }));
        Map<String, Object> p = properties(permission.getValue());
        assertThat(p).containsEntry("Action", "lambda:InvokeFunction")
                .containsEntry("SourceAccount", Map.of("Ref", "AWS::AccountId"));
        assertThat(ref(p.get("FunctionName"))).matches(aliasOf(FunctionNames.ALERT_INGEST));
        assertThat(joined(p.get("SourceArn")))
                .isEqualTo("arn:{AWS::Partition}:logs:{AWS::Region}:{AWS::AccountId}:log-group:" + ALERT_LOG_GROUP + ":*");
        assertThat(list(single(cp, "AWS::Logs::SubscriptionFilter").get("DependsOn"))).contains(permission.getKey());
    }

    @Test
    void subscriptionDeliveriesAreRetriedAndEndInTheDeadLetterQueueLikeTheScheduledOnes() {
        assertThat(function(cp, FunctionNames.ALERT_INGEST)).containsKey("DeadLetterConfig");
        assertThat(resources(cp, "AWS::Lambda::EventInvokeConfig").values().stream().map(Templates::properties)
                .filter(c -> ref(c.get("FunctionName")) != null
                        && ref(c.get("FunctionName")).matches(ControlPlaneStackTestIds.function(FunctionNames.ALERT_INGEST) + ".*")))
                .singleElement().satisfies(c -> assertThat(c).containsEntry("MaximumRetryAttempts", 2)
                        .containsEntry("MaximumEventAgeInSeconds", 6 * 3600));
    }

    @Test
    void digestsAreSentEveryFiveMinutesByTheAlertIngestAlias() {
        assertThat(EventRoutes.DIGEST.function()).isEqualTo(FunctionNames.ALERT_INGEST);
        assertThat(EventRoutes.SCHEDULES).contains(EventRoutes.DIGEST);
        cp.hasResourceProperties("AWS::Events::Rule", Map.of("ScheduleExpression", "rate(5 minutes)",
                "Targets", List.of(Match.objectLike(Map.of(
                        "Arn", Map.of("Ref", Match.stringLikeRegexp(aliasOf(FunctionNames.ALERT_INGEST))),
                        "DeadLetterConfig", Match.anyValue())))));
    }

    // ---- least privilege

    @Test
    void alertIngestIsGrantedExactlyWhatItUses() {
        Set<String> granted = statementsByFunction.get(FunctionNames.ALERT_INGEST).stream()
                .flatMap(s -> actions(s).stream()).collect(Collectors.toCollection(TreeSet::new));
        assertThat(granted).containsExactly(
                "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem",
                "ec2:DescribeNetworkInterfaces", "logs:CreateLogStream", "logs:PutLogEvents",
                "secretsmanager:GetSecretValue", "sqs:SendMessage");
    }

    @Test
    void alertIngestWritesOnlyTheBlockedTableAndOnlyReadsRequestsAndVersions() {
        Map<String, Set<String>> byTable = tableActions(FunctionNames.ALERT_INGEST);
        assertThat(byTable).containsOnlyKeys("TablesBlocked", "TablesRequests", "TablesVersions");
        assertThat(byTable.get("TablesBlocked"))
                .containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem");
        assertThat(byTable.get("TablesRequests")).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:Query");
        assertThat(byTable.get("TablesVersions")).containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:Query");
    }

    @Test
    void alertIngestDescribesNetworkInterfacesOnlyAndReadsOnlyTheBotToken() {
        List<Map<String, Object>> statements = statementsByFunction.get(FunctionNames.ALERT_INGEST);
        assertThat(statements.stream().filter(s -> actions(s).stream().anyMatch(a -> a.startsWith("ec2:"))))
                .singleElement().satisfies(s -> {
                    assertThat(actions(s)).containsExactly("ec2:DescribeNetworkInterfaces");
                    // EC2 scopes no Describe action to a resource.
                    assertThat(resourcesOf(s)).containsExactly("*");
                });
        assertThat(statements.stream().filter(s -> actions(s).contains("secretsmanager:GetSecretValue")))
                .singleElement().satisfies(s -> assertThat(resourcesOf(s)).singleElement()
                        .satisfies(r -> assertThat(ref(r)).startsWith("SlackSecretsBotToken")));
    }

    @Test
    void theWildcardOfDescribeNetworkInterfacesIsSuppressedWithItsReasonOnAlertIngestAlone() {
        for (String name : FunctionNames.ALL) {
            List<Map<String, Object>> suppressions = nagSuppressions(name).stream()
                    .filter(s -> "AwsSolutions-IAM5".equals(s.get("id")))
                    .filter(s -> String.valueOf(s.get("reason")).contains("DescribeNetworkInterfaces")).toList();
            if (!name.equals(FunctionNames.ALERT_INGEST)) {
                assertThat(suppressions).as(name).isEmpty();
                continue;
            }
            assertThat(suppressions).singleElement().satisfies(s -> assertThat(list(s.get("applies_to")))
                    .singleElement().satisfies(a -> assertThat(map(a).get("regex")).isEqualTo("/^Resource::\\*$/")));
        }
    }

    @Test
    void requestApiReadsAndWritesTheBlockedTableSlackInteractionsOnlyReadsItAndNoOtherFunctionTouchesIt() {
        assertThat(tableActions(FunctionNames.REQUEST_API).get("TablesBlocked"))
                .containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem", "dynamodb:UpdateItem");
        // /egress blocked
        assertThat(tableActions(FunctionNames.SLACK_INTERACTIONS).get("TablesBlocked"))
                .containsExactlyInAnyOrder("dynamodb:GetItem", "dynamodb:Query");
        assertThat(ref(environment(function(cp, FunctionNames.SLACK_INTERACTIONS)).get(EnvKey.BLOCKED_TABLE.name())))
                .startsWith("TablesBlocked");
        for (String name : List.of(FunctionNames.FIREWALL_SYNC, FunctionNames.STALE_CLEANUP, FunctionNames.STUDIO_GUARD)) {
            assertThat(tableActions(name)).as(name).doesNotContainKey("TablesBlocked");
        }
        assertThat(statementsByFunction.get(FunctionNames.REQUEST_API).stream().flatMap(s -> actions(s).stream()))
                .noneMatch(a -> a.startsWith("ec2:"));
    }

    @Test
    void alertIngestIsToldTheBlockedTableAndTheSubnetsOfTheStudioDomain() {
        Map<String, Object> env = environment(function(cp, FunctionNames.ALERT_INGEST));
        assertThat(ref(env.get(EnvKey.BLOCKED_TABLE.name()))).startsWith("TablesBlocked");
        assertThat(ref(environment(function(cp, FunctionNames.REQUEST_API)).get(EnvKey.BLOCKED_TABLE.name())))
                .startsWith("TablesBlocked");
        // subnet-a=domain,subnet-b=domain: every protected subnet is the one Studio domain's.
        String subnets = joined(env.get(EnvKey.STUDIO_SUBNETS.name()));
        assertThat(subnets.split(",")).containsExactly(
                "{ssm:/Test-Network/sagemaker-subnet-ids[0]}={ssm:/Test-Studio/domain-id}",
                "{ssm:/Test-Network/sagemaker-subnet-ids[1]}={ssm:/Test-Studio/domain-id}");
        assertThat(env).doesNotContainKeys(EnvKey.SLACK_SIGNING_SECRET_ARN.name(), EnvKey.FIREWALL_NAME.name());
    }

    // ---- helpers

    private static String aliasOf(String function) {
        return ControlPlaneStackTestIds.function(function) + "Alias[0-9A-F]{8}";
    }

    private static Map<String, Object> single(Template t, String type) {
        Map<String, Map<String, Object>> found = resources(t, type);
        assertThat(found).as(type).hasSize(1);
        return found.values().iterator().next();
    }

    /** Table construct id ({@code TablesBlocked}, …) → the DynamoDB actions {@code function} has on it or its indexes. */
    private static Map<String, Set<String>> tableActions(String function) {
        return tableActions(statementsByFunction.get(function));
    }

    /** Table construct id → the DynamoDB actions {@code statements} grant on it or its indexes. */
    static Map<String, Set<String>> tableActions(List<Map<String, Object>> statements) {
        Map<String, Set<String>> byTable = new HashMap<>();
        for (Map<String, Object> statement : statements) {
            for (Object resource : resourcesOf(statement)) {
                String table = tableOf(resource);
                if (table != null) {
                    byTable.computeIfAbsent(table, k -> new TreeSet<>()).addAll(actions(statement));
                }
            }
        }
        return byTable;
    }

    private static String tableOf(Object resource) {
        List<Object> att = getAtt(resource);
        if (att == null && resource instanceof Map<?, ?> m && m.get("Fn::Join") != null) {
            att = list(list(map(resource).get("Fn::Join")).get(1)).stream().map(Templates::getAtt)
                    .filter(a -> a != null).findFirst().orElse(null);
        }
        return att == null || !att.get(0).toString().startsWith("Tables") ? null
                : att.get(0).toString().replaceAll("[0-9A-F]{8}$", "");
    }

    /** The cdk-nag suppressions on the policy of {@code function}'s role. */
    private static List<Map<String, Object>> nagSuppressions(String function) {
        String role = getAtt(function(cp, function).get("Role")).get(0).toString();
        return resources(cp, "AWS::IAM::Policy").values().stream()
                .filter(p -> list(properties(p).getOrDefault("Roles", List.of())).stream().anyMatch(r -> role.equals(ref(r))))
                .map(p -> map(p.getOrDefault("Metadata", Map.of())))
                .filter(m -> m.containsKey("cdk_nag"))
                .flatMap(m -> list(map(m.get("cdk_nag")).get("rules_to_suppress")).stream().map(Templates::map))
                .toList();
    }

    /** Every {@code Fn::ImportValue} name in the template. */
    private static List<String> imports(Template t) {
        List<String> names = new java.util.ArrayList<>();
        collectImports(t.toJSON(), names);
        return names;
    }

    private static void collectImports(Object node, List<String> names) {
        if (node instanceof Map<?, ?> m) {
            m.forEach((k, v) -> {
                if ("Fn::ImportValue".equals(k)) {
                    names.add(String.valueOf(v));
                } else {
                    collectImports(v, names);
                }
            });
        } else if (node instanceof List<?> l) {
            l.forEach(item -> collectImports(item, names));
        }
    }

    /**
     * A string, or a {@code Fn::Join} of strings, refs ({@code {AWS::Region}}), values read from the other
     * stacks' SSM parameters ({@code {ssm:/stack/key}}) and imports ({@code {import:…}}).
     */
    private static String joined(Object value) {
        if (value instanceof String s) {
            return s;
        }
        String shared = Templates.sharedName(cp, value);
        if (shared != null) {
            return "{ssm:" + shared + "}";
        }
        if (ref(value) != null) {
            return "{" + ref(value) + "}";
        }
        Map<String, Object> m = map(value);
        if (m.containsKey("Fn::ImportValue")) {
            return "{import:" + m.get("Fn::ImportValue") + "}";
        }
        List<Object> join = list(m.get("Fn::Join"));
        return list(join.get(1)).stream().map(AlertIngestInfraTest::joined).collect(Collectors.joining(join.get(0).toString()));
    }
}
