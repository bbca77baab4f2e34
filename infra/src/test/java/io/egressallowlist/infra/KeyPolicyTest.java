package io.egressallowlist.infra;

import static io.egressallowlist.infra.Templates.list;
import static io.egressallowlist.infra.Templates.map;
import static io.egressallowlist.infra.Templates.properties;
import static io.egressallowlist.infra.Templates.resources;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import software.amazon.awscdk.assertions.Template;

/** Every KMS key grant to an AWS service is limited to this account's use of that service (confused deputy). */
class KeyPolicyTest {

    private static List<Template> templates;

    @BeforeAll
    static void synth() {
        TestStacks stacks = TestStacks.synth(2);
        templates = List.of(stacks.network, stacks.studio, stacks.controlPlane);
    }

    @Test
    void everyServicePrincipalGrantOfEveryKeyIsLimitedToThisAccount() {
        List<Map<String, Object>> grants = serviceGrants().toList();
        assertThat(grants).hasSizeGreaterThanOrEqualTo(3);
        assertThat(grants).allSatisfy(grant -> assertThat(limitedToThisAccount(grant)).as(grant.toString()).isTrue());
    }

    @Test
    void cloudWatchMayUseTheAlarmTopicKeyOnlyForAlarmsOfThisAccount() {
        Map<String, Object> grant = serviceGrants().filter(g -> "cloudwatch.amazonaws.com".equals(service(g)))
                .findFirst().orElseThrow();
        Map<String, Object> condition = map(grant.get("Condition"));
        assertThat(map(condition.get("StringEquals"))).containsEntry("aws:SourceAccount", Map.of("Ref", "AWS::AccountId"));
        assertThat(String.valueOf(map(condition.get("ArnLike")).get("aws:SourceArn"))).contains(":alarm:*");
    }

    private static Stream<Map<String, Object>> serviceGrants() {
        return templates.stream()
                .flatMap(t -> resources(t, "AWS::KMS::Key").values().stream())
                .flatMap(key -> list(map(properties(key).get("KeyPolicy")).get("Statement")).stream().map(Templates::map))
                .filter(statement -> service(statement) != null);
    }

    private static Object service(Map<String, Object> statement) {
        Object principal = statement.get("Principal");
        return principal instanceof Map<?, ?> p ? p.get("Service") : null;
    }

    /**
     * {@code aws:SourceAccount} equal to this account, or, for CloudWatch Logs, which documents its key policy
     * with the log group ARN in the encryption context, that ARN within this account.
     */
    private static boolean limitedToThisAccount(Map<String, Object> grant) {
        Map<String, Object> condition = map(grant.getOrDefault("Condition", Map.of()));
        Object sourceAccount = map(condition.getOrDefault("StringEquals", Map.of())).get("aws:SourceAccount");
        if (Map.of("Ref", "AWS::AccountId").equals(sourceAccount)) {
            return true;
        }
        Object logGroupArn = map(condition.getOrDefault("ArnLike", Map.of())).get("kms:EncryptionContext:aws:logs:arn");
        return String.valueOf(service(grant)).contains("logs.") && logGroupArn != null
                && logGroupArn.toString().contains("AWS::AccountId");
    }
}
