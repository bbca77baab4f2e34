package io.egressallowlist.infra;

import static io.egressallowlist.infra.Templates.list;
import static io.egressallowlist.infra.Templates.map;
import static io.egressallowlist.infra.Templates.properties;
import static io.egressallowlist.infra.Templates.ref;
import static io.egressallowlist.infra.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.assertions.Template;

/** What both APIs need from the account (the CloudWatch Logs role) and what stands in front of the public one. */
class ApiEdgeTest {

    private static Template cp;

    @BeforeAll
    static void synth() {
        cp = TestStacks.synth(2).controlPlane;
    }

    @Test
    void bothStagesWaitForTheAccountCloudWatchRoleWhichNoAccountResourceOverwrites() {
        cp.resourceCountIs("AWS::ApiGateway::Account", 0);
        String setting = single("Custom::ApiGatewayCloudWatchRole");
        Map<String, Map<String, Object>> stages = resources(cp, "AWS::ApiGateway::Stage");
        assertThat(stages).hasSize(2);
        stages.values().forEach(stage -> {
            assertThat(properties(stage)).containsKey("AccessLogSetting");
            assertThat(list(stage.getOrDefault("DependsOn", List.of()))).contains(setting);
        });
    }

    @Test
    void theAccountRoleIsApiGatewaysAndOutlivesTheStack() {
        String roleArn = String.valueOf(properties(resources(cp, "Custom::ApiGatewayCloudWatchRole").values()
                .iterator().next()).get("RoleArn"));
        Map.Entry<String, Map<String, Object>> role = resources(cp, "AWS::IAM::Role").entrySet().stream()
                .filter(e -> roleArn.contains(e.getKey())).findFirst().orElseThrow();
        assertThat(role.getValue()).containsEntry("DeletionPolicy", "Retain").containsEntry("UpdateReplacePolicy", "Retain");
        assertThat(String.valueOf(properties(role.getValue()).get("AssumeRolePolicyDocument"))).contains("apigateway.amazonaws.com");
        assertThat(String.valueOf(properties(role.getValue()).get("Policies")))
                .contains("logs:PutLogEvents").contains(":log-group:*");
    }

    @Test
    void theSetterMayOnlyReadAndSetTheAccountSettingAndPassOnlyThatRoleToApiGateway() {
        Map<String, Object> setterRole = resources(cp, "AWS::IAM::Role").entrySet().stream()
                .filter(e -> e.getKey().contains("ApiGatewayAccountLoggingSetter")).map(Map.Entry::getValue)
                .findFirst().orElseThrow();
        List<Map<String, Object>> statements = list(properties(setterRole).get("Policies")).stream()
                .flatMap(p -> list(map(map(p).get("PolicyDocument")).get("Statement")).stream())
                .map(Templates::map).toList();
        Map<String, Map<String, Object>> bySid = statements.stream().filter(s -> s.containsKey("Sid"))
                .collect(Collectors.toMap(s -> (String) s.get("Sid"), s -> s));
        assertThat(String.valueOf(bySid.get("ReadAndSetTheAccountSetting").get("Resource"))).endsWith("::/account]]}");
        assertThat(bySid.get("PassTheRoleToApiGateway").get("Condition"))
                .isEqualTo(Map.of("StringEquals", Map.of("iam:PassedToService", "apigateway.amazonaws.com")));
        assertThat(bySid.get("PassTheRoleToApiGateway").get("Resource")).isInstanceOf(Map.class);
        assertThat(statements.stream().flatMap(s -> actions(s).stream()))
                .containsExactlyInAnyOrder("apigateway:GET", "apigateway:PATCH", "iam:PassRole", "iam:GetRole",
                        "logs:CreateLogStream", "logs:PutLogEvents");
    }

    @Test
    void theSlackStageAloneHasAWebAclThatLimitsRatePerAddressAndBodySize() {
        Map<String, Object> acl = properties(resources(cp, "AWS::WAFv2::WebACL").values().iterator().next());
        assertThat(acl).containsEntry("Scope", "REGIONAL");
        assertThat(map(acl.get("DefaultAction"))).containsKey("Allow");
        List<Map<String, Object>> rules = list(acl.get("Rules")).stream().map(Templates::map).toList();
        assertThat(rules).allSatisfy(rule -> assertThat(map(rule.get("Action"))).containsKey("Block"));
        Map<String, Object> rate = map(map(rules.get(0).get("Statement")).get("RateBasedStatement"));
        assertThat(rate).containsEntry("AggregateKeyType", "IP").containsEntry("Limit", 300);
        Map<String, Object> size = map(map(rules.get(1).get("Statement")).get("SizeConstraintStatement"));
        assertThat(size).containsEntry("ComparisonOperator", "GT").containsEntry("Size", 65536);
        assertThat(map(map(size.get("FieldToMatch")).get("Body"))).containsEntry("OversizeHandling", "MATCH");
        // WAF inspects the body only up to the association's limit: it must reach the size the rule compares.
        assertThat(String.valueOf(acl.get("AssociationConfig"))).contains("KB_64");

        Map<String, Object> association = properties(resources(cp, "AWS::WAFv2::WebACLAssociation").values().iterator().next());
        String slackStage = resources(cp, "AWS::ApiGateway::Stage").entrySet().stream()
                .filter(e -> e.getKey().startsWith("SlackApi")).map(Map.Entry::getKey).findFirst().orElseThrow();
        String slackApi = ref(properties(resources(cp, "AWS::ApiGateway::Stage").get(slackStage)).get("RestApiId"));
        assertThat(String.valueOf(association.get("ResourceArn"))).contains(slackApi).doesNotContain("RequestApi");
        cp.resourceCountIs("AWS::WAFv2::WebACLAssociation", 1);
    }

    private static String single(String type) {
        Map<String, Map<String, Object>> found = resources(cp, type);
        assertThat(found).hasSize(1);
        return found.keySet().iterator().next();
    }

    private static List<String> actions(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(action));
    }
}
