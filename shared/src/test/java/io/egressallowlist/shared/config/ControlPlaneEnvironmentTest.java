package io.egressallowlist.shared.config;

import io.egressallowlist.shared.domain.RuleGroupCapacity;
import io.egressallowlist.shared.cleanup.StaleAction;
import io.egressallowlist.shared.events.FunctionNames;
import io.egressallowlist.shared.guard.FirewallPath;
import io.egressallowlist.shared.guard.PostureGuard;
import io.egressallowlist.shared.reconcile.DriftMode;
import io.egressallowlist.shared.store.TableNames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The typed environment writes what {@link ControlPlaneConfig} reads, through the one definition, {@link EnvKey}. */
class ControlPlaneEnvironmentTest {

    private static final String POLICY = """
            default-duration = P30D
            max-duration = P90D
            quorum = 2
            approvers = U0APPROVER1, U0APPROVER2, U0APPROVER3
            """;
    private static final String RULE_GROUP = "arn:aws:network-firewall:eu-west-1:123456789012:stateful-rulegroup/egress";

    /** A scopes file with the one scope {@link #everything()}'s other variables describe, and its policy file. */
    private static final String SCOPES_FILE = scopesFile();

    private static String scopesFile() {
        try {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("scopes");
            java.nio.file.Files.writeString(dir.resolve("default.policy"), POLICY.replace("\\n", "\n"));
            java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("scopes.txt"), "scope default\n"
                    + "rule-group = " + RULE_GROUP + "\ncapacity = 3000\nstudio-domains = d-aaaa1111, d-bbbb2222\n"
                    + "policy = default.policy\n");
            dir.toFile().deleteOnExit();
            return file.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every typed setter, each with a value other than its default. */
    static ControlPlaneEnvironment everything() {
        return ControlPlaneEnvironment.create()
                .scopesFile(SCOPES_FILE)
                .region("eu-west-1")
                .tables(new TableNames("t-requests", "t-versions", "t-audit", "t-blocked"))
                .eventBus("bus")
                .policy(POLICY)
                .ruleGroupArn(RULE_GROUP)
                .ruleGroupCapacity(3000)
                .firewallName("firewall")
                .driftMode(DriftMode.ADOPT)
                .pendingTimeout(Duration.ofHours(12))
                .reminderBefore(Duration.ofDays(1))
                .staleAfter(Duration.ofDays(45))
                .staleAction(StaleAction.REMOVE)
                .studioDomainIds(List.of("d-aaaa1111", "d-bbbb2222"))
                .protectedSubnetIds(List.of("subnet-1", "subnet-2"))
                .networkPosture("vpc-0abc1234", "nat-first", List.of("vpce-0f1a0000000000a01"),
                        List.of("aws.sagemaker.eu-west-1.notebook"))
                .slackChannel("C0CHANNEL1")
                .slackApiUrl(URI.create("http://127.0.0.1:9000/api/"))
                .slackSecrets("signing", "xoxb-token")
                .identityLinks(Map.of("alice", "U0ALICE0001", "arn:aws:iam::123456789012:user/bob", "U0BOB000001"))
                .operatorPrincipals(List.of("arn:aws:iam::123456789012:role/ops/EgressOperator",
                        "arn:aws:iam::123456789012:user/carol"))
                .blockedRetention(Duration.ofDays(7))
                .digestInterval(Duration.ofMinutes(30))
                .studioSubnets(Map.of("subnet-0aaa1111", "d-aaaa1111", "subnet-0bbb2222", "d-bbbb2222"))
                .endpoints(URI.create("http://127.0.0.1:8000"), URI.create("http://127.0.0.1:4566"))
                .javaToolOptions("-XX:TieredStopAtLevel=1");
    }

    @Test
    void everyTypedValueReadsBackAsItWasWritten() {
        ControlPlaneConfig config = everything().config();

        assertThat(config.region()).isEqualTo("eu-west-1");
        assertThat(config.tables()).isEqualTo(new TableNames("t-requests", "t-versions", "t-audit", "t-blocked"));
        assertThat(config.eventBusName()).isEqualTo("bus");
        assertThat(config.policy().quorum()).isEqualTo(2);
        assertThat(config.ruleGroupArn()).isEqualTo(RULE_GROUP);
        assertThat(config.firewallName()).isEqualTo("firewall");
        assertThat(config.ruleGroupCapacity()).contains(new RuleGroupCapacity(3000, 2));
        assertThat(config.driftMode()).isEqualTo(DriftMode.ADOPT);
        assertThat(config.pendingTimeout()).isEqualTo(Duration.ofHours(12));
        assertThat(config.reminderBefore()).isEqualTo(Duration.ofDays(1));
        assertThat(config.staleAfter()).isEqualTo(Duration.ofDays(45));
        assertThat(config.removeStale()).isTrue();
        assertThat(config.studioDomainIds()).containsExactly("d-aaaa1111", "d-bbbb2222");
        assertThat(config.protectedSubnetIds()).containsExactly("subnet-1", "subnet-2");
        assertThat(config.networkPosture()).contains(new PostureGuard.Settings("vpc-0abc1234",
                List.of("subnet-1", "subnet-2"), new FirewallPath.NatFirst(), Set.of("aws.sagemaker.eu-west-1.notebook")));
        assertThat(config.blockedRetention()).isEqualTo(Duration.ofDays(7));
        assertThat(config.digestInterval()).isEqualTo(Duration.ofMinutes(30));
        assertThat(config.studioSubnets()).containsExactlyInAnyOrder("subnet-0aaa1111=d-aaaa1111",
                "subnet-0bbb2222=d-bbbb2222");
        assertThat(config.slackChannelId()).isEqualTo("C0CHANNEL1");
        assertThat(config.slackApiUrl()).isEqualTo(URI.create("http://127.0.0.1:9000/api/"));
        assertThat(config.slackSigningSecret().inlineValue()).isEqualTo("signing");
        assertThat(config.slackBotToken().inlineValue()).isEqualTo("xoxb-token");
        assertThat(config.identityLinks()).isEqualTo(Map.of("alice", "U0ALICE0001",
                "arn:aws:iam::123456789012:user/bob", "U0BOB000001"));
        assertThat(config.operators().principals()).containsExactly("arn:aws:iam::123456789012:role/ops/EgressOperator",
                "arn:aws:iam::123456789012:user/carol");
        assertThat(config.dynamoEndpoint()).contains(URI.create("http://127.0.0.1:8000"));
        assertThat(config.awsEndpoint()).contains(URI.create("http://127.0.0.1:4566"));
    }

    @Test
    void blockedAttemptsAreKeptThirtyDaysAndDigestedHourlyUnlessSet() {
        ControlPlaneConfig config = everything().without(EnvKey.BLOCKED_RETENTION).without(EnvKey.DIGEST_INTERVAL)
                .without(EnvKey.STUDIO_SUBNETS).config();

        assertThat(config.blockedRetention()).isEqualTo(Duration.ofDays(30));
        assertThat(config.digestInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(config.studioSubnets()).isEmpty();
    }

    @Test
    void withoutAVpcTheGuardChecksNoPostureAndFirewallFirstIsTheDefaultPlacement() {
        assertThat(everything().without(EnvKey.VPC_ID).config().networkPosture()).isEmpty();
        assertThat(everything().without(EnvKey.FIREWALL_PLACEMENT).config().networkPosture())
                .hasValueSatisfying(posture -> assertThat(posture.path())
                        .isEqualTo(new FirewallPath.FirewallFirst(Set.of("vpce-0f1a0000000000a01"))));
    }

    @Test
    void theRegionPlaceholderOfAnEndpointServiceNameIsTheFunctionsRegion() {
        ControlPlaneConfig config = everything().networkPosture("vpc-0abc1234", "nat-first", List.of(),
                List.of("aws.sagemaker.{region}.notebook", "aws.sagemaker.{region}.studio")).config();

        assertThat(config.networkPosture()).hasValueSatisfying(posture -> assertThat(posture.defaultPolicyServices())
                .containsExactlyInAnyOrder("aws.sagemaker.eu-west-1.notebook", "aws.sagemaker.eu-west-1.studio"));
    }

    @Test
    void firewallFirstWithoutEndpointsOrAnUnknownPlacementIsRefusedNamingTheVariables() {
        assertThatThrownBy(() -> everything().without(EnvKey.FIREWALL_PLACEMENT).without(EnvKey.FIREWALL_ENDPOINT_IDS)
                .config()).isInstanceOf(ControlPlaneConfig.ConfigException.class)
                .hasMessageContaining(EnvKey.FIREWALL_ENDPOINT_IDS.name());
        assertThatThrownBy(() -> everything().set(EnvKey.FIREWALL_PLACEMENT, "firewall-last").config())
                .isInstanceOf(ControlPlaneConfig.ConfigException.class).hasMessageContaining("firewall-last");
    }

    @Test
    void secretsGivenByArnAreReadFromSecretsManager() {
        ControlPlaneConfig config = everything().without(EnvKey.SLACK_SIGNING_SECRET).without(EnvKey.SLACK_BOT_TOKEN)
                .slackSecretArns("arn:signing", "arn:token").config();

        assertThat(config.slackSigningSecret()).isEqualTo(new ControlPlaneConfig.SecretRef("arn:signing", null));
        assertThat(config.slackBotToken()).isEqualTo(new ControlPlaneConfig.SecretRef("arn:token", null));
    }

    @Test
    void aSecretGivenBothWaysIsRefusedNamingBothVariables() {
        assertThatThrownBy(() -> everything().slackSecretArns("arn:signing", "arn:token").config())
                .isInstanceOf(ControlPlaneConfig.ConfigException.class)
                .hasMessageContaining(EnvKey.SLACK_BOT_TOKEN_ARN.name())
                .hasMessageContaining(EnvKey.SLACK_BOT_TOKEN.name());
    }

    @Test
    void anOperatorThatIsNoIamArnIsRefusedNamingTheVariableAndTheValue() {
        assertThatThrownBy(() -> everything().set(EnvKey.OPERATOR_PRINCIPALS, "arn:aws:iam::123456789012:user/ok,bob")
                .config())
                .isInstanceOf(ControlPlaneConfig.ConfigException.class)
                .hasMessageContaining(EnvKey.OPERATOR_PRINCIPALS.name()).hasMessageContaining("'bob'");
        assertThat(everything().without(EnvKey.OPERATOR_PRINCIPALS).config().operators().principals()).isEmpty();
    }

    @Test
    void aRuleGroupCapacityThatIsNoWholeNumberWithinTheServiceLimitIsRefusedByName() {
        for (String bad : List.of("lots", "0", "30001", "-5", "1.5")) {
            assertThatThrownBy(() -> everything().set(EnvKey.RULE_GROUP_CAPACITY, bad).config()).as(bad)
                    .isInstanceOf(ControlPlaneConfig.ConfigException.class)
                    .hasMessageContaining("RULE_GROUP_CAPACITY must be a whole number from 1 to 30000, got " + bad);
        }
        assertThat(everything().without(EnvKey.RULE_GROUP_CAPACITY).config().ruleGroupCapacity()).isEmpty();
    }

    @Test
    void theConfigurationRecordsWhichVariablesWereSetAndNotTheDefaults() {
        ControlPlaneConfig config = everything().without(EnvKey.DRIFT_MODE).without(EnvKey.SLACK_API_URL)
                .set(EnvKey.PROTECTED_SUBNET_IDS, " , ").config();

        Set<EnvKey> expected = Arrays.stream(EnvKey.values())
                .filter(key -> key.inlineForm().isEmpty())
                .filter(key -> key != EnvKey.DRIFT_MODE && key != EnvKey.SLACK_API_URL
                        && key != EnvKey.PROTECTED_SUBNET_IDS && key != EnvKey.JAVA_TOOL_OPTIONS)
                .collect(Collectors.toSet());
        assertThat(config.given()).isEqualTo(expected);
        assertThat(config.driftMode()).isEqualTo(DriftMode.ENFORCE);
    }

    @ParameterizedTest
    @EnumSource(EnvKey.class)
    void onlyTheVariablesEveryFunctionNeedsAreRequiredToReadTheConfiguration(EnvKey key) {
        assertThatThrownBy(() -> ControlPlaneConfig.from(Map.of()))
                .isInstanceOf(ControlPlaneConfig.ConfigException.class)
                .satisfies(e -> assertThat(e.getMessage().contains(key.name() + " is required"))
                        .as(key.name()).isEqualTo(key.isRequiredByEveryFunction()));
    }

    @Test
    void theMapHoldsEverySetVariableByItsName() {
        Map<String, String> env = everything().toMap();

        // All but the secrets' Secrets Manager forms: everything() gives the secrets as values.
        assertThat(env.keySet()).containsExactlyElementsOf(Arrays.stream(EnvKey.values())
                .filter(key -> key.inlineForm().isEmpty()).map(Enum::name).toList());
        assertThat(env).containsEntry(EnvKey.STUDIO_DOMAIN_IDS.name(), "d-aaaa1111,d-bbbb2222")
                .containsEntry(EnvKey.PENDING_TIMEOUT.name(), "PT12H")
                .containsEntry(EnvKey.STALE_ACTION.name(), "REMOVE");
        assertThat(everything().without(EnvKey.POLICY).toMap()).doesNotContainKey(EnvKey.POLICY.name());
    }

    static List<String> functions() {
        return FunctionNames.ALL;
    }

    @ParameterizedTest
    @MethodSource("functions")
    void aFunctionIsGivenOnlyWhatItReadsAndThatIsEnoughToStart(String function) {
        Map<String, String> env = everything().forFunction(function);

        assertThat(env.keySet()).containsExactlyElementsOf(EnvKey.readBy(function).stream()
                .filter(key -> key.inlineForm().isEmpty()).map(Enum::name).toList());
        assertThat(EnvKey.missingFor(function, ControlPlaneConfig.from(env).given())).isEmpty();
    }

    @Test
    void theGuardIsNotToldAboutTheRuleGroupAndOnlySlackInteractionsAboutTheSigningSecret() {
        assertThat(everything().forFunction(FunctionNames.STUDIO_GUARD))
                .doesNotContainKeys(EnvKey.RULE_GROUP_ARN.name(), EnvKey.FIREWALL_NAME.name())
                .containsKeys(EnvKey.PROTECTED_SUBNET_IDS.name(), EnvKey.STUDIO_DOMAIN_IDS.name());
        for (String function : FunctionNames.ALL) {
            assertThat(everything().forFunction(function).containsKey(EnvKey.SLACK_SIGNING_SECRET.name()))
                    .as(function).isEqualTo(function.equals(FunctionNames.SLACK_INTERACTIONS));
        }
    }

    @Test
    void whatAFunctionLacksIsNamedWithTheFunctionAndTheSandboxFormOfASecretCounts() {
        assertThat(EnvKey.missingFor(FunctionNames.SLACK_INTERACTIONS, Set.of()))
                .anySatisfy(problem -> assertThat(problem).startsWith(EnvKey.SLACK_SIGNING_SECRET_ARN.name() + " ("
                        + EnvKey.SLACK_SIGNING_SECRET.name() + " in the sandbox) is required by slack-interactions"))
                .anySatisfy(problem -> assertThat(problem).startsWith(EnvKey.RULE_GROUP_ARN.name()
                        + " is required by slack-interactions"));
        assertThat(EnvKey.missingFor(FunctionNames.SLACK_INTERACTIONS, Set.of(EnvKey.SLACK_SIGNING_SECRET,
                EnvKey.SLACK_BOT_TOKEN_ARN, EnvKey.SLACK_CHANNEL_ID, EnvKey.RULE_GROUP_ARN, EnvKey.AWS_REGION,
                EnvKey.REQUESTS_TABLE, EnvKey.VERSIONS_TABLE, EnvKey.AUDIT_TABLE, EnvKey.EVENT_BUS_NAME, EnvKey.POLICY)))
                .isEmpty();
        assertThat(EnvKey.missingFor(FunctionNames.STUDIO_GUARD, Set.of())).noneMatch(
                problem -> problem.startsWith(EnvKey.RULE_GROUP_ARN.name()));
    }

    @Test
    void theStackSetsForEachFunctionOnlyVariablesItProvidesAndTheFunctionReads() {
        for (String function : FunctionNames.ALL) {
            assertThat(EnvKey.setByStackFor(function)).as(function)
                    .allMatch(key -> key.provider() == EnvKey.Provider.STACK && key.isReadBy(function))
                    .contains(EnvKey.REQUESTS_TABLE, EnvKey.SLACK_BOT_TOKEN_ARN, EnvKey.JAVA_TOOL_OPTIONS)
                    .doesNotContain(EnvKey.AWS_REGION, EnvKey.SLACK_BOT_TOKEN, EnvKey.ENDPOINT_AWS);
        }
        assertThat(EnvKey.SLACK_BOT_TOKEN_ARN.inlineForm()).isEqualTo(Optional.of(EnvKey.SLACK_BOT_TOKEN));
        assertThat(EnvKey.POLICY.inlineForm()).isEmpty();
        assertThat(EnvKey.POLICY_FILE.inlineForm()).isEqualTo(Optional.of(EnvKey.POLICY));
        assertThat(EnvKey.POLICY.provider()).isEqualTo(EnvKey.Provider.SANDBOX);
        assertThat(EnvKey.setByStackFor(FunctionNames.FIREWALL_SYNC)).contains(EnvKey.POLICY_FILE)
                .doesNotContain(EnvKey.POLICY);
    }
}
