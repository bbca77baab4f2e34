package io.egressallowlist.emulators.networkfirewall;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.CreateRuleGroupRequest;
import software.amazon.awssdk.services.networkfirewall.model.GeneratedRulesType;
import software.amazon.awssdk.services.networkfirewall.model.InvalidRequestException;
import software.amazon.awssdk.services.networkfirewall.model.LimitExceededException;
import software.amazon.awssdk.services.networkfirewall.model.ResourceNotFoundException;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroup;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroupType;
import software.amazon.awssdk.services.networkfirewall.model.RuleOrder;
import software.amazon.awssdk.services.networkfirewall.model.TargetType;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.egressallowlist.emulators.networkfirewall.EmulatedNetworkFirewall.allowList;
import static io.egressallowlist.emulators.networkfirewall.EmulatedNetworkFirewall.domainList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class RuleGroupValidationTest {

    private final EmulatedNetworkFirewall nfw = EmulatedNetworkFirewall.start();
    private final NetworkFirewallClient client = nfw.client;

    @AfterEach
    void stop() {
        nfw.close();
    }

    static Stream<Arguments> invalidCreateRequests() {
        return Stream.of(
                arguments("a name with an underscore", change(r -> r.ruleGroupName("bad_name")), "regular expression pattern"),
                arguments("a name of 129 characters", change(r -> r.ruleGroupName("n".repeat(129))), "length less than or equal to 128"),
                arguments("no Type", change(r -> r.type((String) null)), "'Type'"),
                arguments("an unknown Type", change(r -> r.type("FANCY")), "enum value set"),
                arguments("no Capacity", change(r -> r.capacity(null)), "'Capacity'"),
                arguments("a capacity of zero", change(r -> r.capacity(0)), "between 1 and 30000"),
                arguments("a capacity over 30,000", change(r -> r.capacity(30_001)), "between 1 and 30000"),
                arguments("both RuleGroup and Rules", change(r -> r.rules("pass tls any any -> any any (sid:1;)")), "not both"),
                arguments("neither RuleGroup nor Rules", change(r -> r.ruleGroup((RuleGroup) null)),
                        "Specify the rules"),
                arguments("two RulesSource members", change(r -> r.ruleGroup(g -> g.rulesSource(s -> s.rulesString("drop ip any any -> any any (sid:1;)")
                        .rulesSourceList(l -> l.targets("a.example").targetTypes(TargetType.TLS_SNI).generatedRulesType(GeneratedRulesType.ALLOWLIST))))),
                        "exactly one of"),
                arguments("an empty RulesSource", change(r -> r.ruleGroup(g -> g.rulesSource(s -> { }))), "exactly one of"),
                arguments("an unknown TargetType", change(r -> r.ruleGroup(g -> g.rulesSource(s -> s.rulesSourceList(l -> l
                        .targets("a.example").targetTypesWithStrings("DNS_QUERY").generatedRulesType(GeneratedRulesType.ALLOWLIST))))),
                        "TargetTypes[0]"),
                arguments("an unknown GeneratedRulesType", change(r -> r.ruleGroup(g -> g.rulesSource(s -> s.rulesSourceList(l -> l
                        .targets("a.example").targetTypes(TargetType.TLS_SNI).generatedRulesType("PASSLIST"))))), "GeneratedRulesType"),
                arguments("no GeneratedRulesType", change(r -> r.ruleGroup(g -> g.rulesSource(s -> s.rulesSourceList(l -> l
                        .targets("a.example").targetTypes(TargetType.TLS_SNI))))), "GeneratedRulesType' failed to satisfy constraint: Member must not be null"),
                arguments("no Targets", change(r -> r.ruleGroup(g -> g.rulesSource(s -> s.rulesSourceList(l -> l
                        .targetTypes(TargetType.TLS_SNI).generatedRulesType(GeneratedRulesType.ALLOWLIST))))), "Targets' failed"),
                arguments("no TargetTypes", change(r -> r.ruleGroup(allowList(List.of("a.example")))), "at least one of TLS_SNI, HTTP_HOST"),
                arguments("a TargetType listed twice", change(r -> r.ruleGroup(allowList(List.of("a.example"), TargetType.TLS_SNI, TargetType.TLS_SNI))),
                        "TLS_SNI twice"),
                arguments("an empty target", change(r -> r.ruleGroup(allowList(List.of("a.example", " "), TargetType.TLS_SNI))), "Targets[1] is empty"),
                arguments("an unknown RuleOrder", change(r -> r.ruleGroup(allowList(List.of("a.example"), TargetType.TLS_SNI).toBuilder()
                        .statefulRuleOptions(o -> o.ruleOrder("RANDOM_ORDER")).build())), "RuleOrder"),
                arguments("stateless rules in a stateful group", change(r -> r.ruleGroup(g -> g.rulesSource(s -> s
                        .statelessRulesAndCustomActions(a -> a.statelessRules(rule -> rule.priority(1)
                                .ruleDefinition(d -> d.actions("aws:pass").matchAttributes(m -> { }))))))),
                        "not allowed in a rule group of Type STATEFUL"),
                arguments("a domain list in a stateless group", change(r -> r.type(RuleGroupType.STATELESS)), "not allowed in a rule group of Type STATELESS"),
                arguments("a rule without its header", change(r -> r.ruleGroup(g -> g.rulesSource(s -> s.statefulRules(rule -> rule
                        .action("PASS").ruleOptions(o -> o.keyword("sid").settings("1")))))), "Header' failed to satisfy constraint"),
                arguments("a description of 513 characters", change(r -> r.description("d".repeat(513))), "Description"),
                arguments("an empty tag list", change(r -> r.tags(List.of())), "Tags"),
                arguments("a Suricata rule over 8,192 characters", change(r -> r.ruleGroup((RuleGroup) null)
                        .rules("alert tls any any -> any any (msg:\"" + "x".repeat(8_200) + "\"; sid:1;)")), "maximum is 8192"));
    }

    @ParameterizedTest(name = "create with {0} is refused")
    @MethodSource("invalidCreateRequests")
    void invalidCreateRequestIsRefusedWithAnActionableMessage(String what, Consumer<CreateRuleGroupRequest.Builder> change, String message) {
        CreateRuleGroupRequest.Builder request = CreateRuleGroupRequest.builder()
                .ruleGroupName("valid-name").type(RuleGroupType.STATEFUL).capacity(100)
                .ruleGroup(allowList(List.of("a.example"), TargetType.TLS_SNI));
        change.accept(request);

        assertThatThrownBy(() -> client.createRuleGroup(request.build()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining(message);
        assertThat(client.listRuleGroups(r -> { }).ruleGroups()).isEmpty();
    }

    @Test
    void allowListWithOneTargetTypeFitsExactlyAndOneMoreTargetIsRefused() {
        nfw.createAllowList("http-full", 100, targets(99), TargetType.HTTP_HOST);

        assertThatThrownBy(() -> nfw.createAllowList("http-over", 100, targets(100), TargetType.HTTP_HOST))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("needs 101 capacity units")
                .hasMessageContaining("its capacity is 100");
    }

    @Test
    void allowListWithBothTargetTypesFitsExactlyAndOneMoreTargetIsRefused() {
        nfw.createAllowList("both-full", 100, targets(49), TargetType.TLS_SNI, TargetType.HTTP_HOST);

        assertThatThrownBy(() -> nfw.createAllowList("both-over", 100, targets(50), TargetType.TLS_SNI, TargetType.HTTP_HOST))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("needs 102 capacity units (ALLOWLIST: 50 targets × 2 target types + 2 target types)");
    }

    @Test
    void addingASecondTargetTypeToAFullRuleGroupIsRefusedOnUpdate() {
        String token = nfw.createAllowList("grow-types", 100, targets(99), TargetType.HTTP_HOST).updateToken();

        assertThatThrownBy(() -> client.updateRuleGroup(r -> r.ruleGroupName("grow-types").type(RuleGroupType.STATEFUL)
                .updateToken(token).ruleGroup(allowList(targets(99), TargetType.HTTP_HOST, TargetType.TLS_SNI))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("needs 200 capacity units")
                .hasMessageContaining("its capacity is 100");
        assertThat(nfw.emulator.updateToken("grow-types")).isEqualTo(token);
    }

    @Test
    void denyListConsumesOneUnitPerTargetPerTypeWithoutACatchAllRule() {
        var created = client.createRuleGroup(r -> r.ruleGroupName("deny").type(RuleGroupType.STATEFUL).capacity(4)
                .ruleGroup(domainList(GeneratedRulesType.DENYLIST, targets(2), TargetType.TLS_SNI, TargetType.HTTP_HOST)));

        assertThat(created.ruleGroupResponse().consumedCapacity()).isEqualTo(4);
    }

    @Test
    void largestRuleGroupHoldsFourteenThousandNineHundredNinetyNineDomainsForBothProtocols() {
        var created = nfw.createAllowList("largest", 30_000, targets(14_999), TargetType.TLS_SNI, TargetType.HTTP_HOST);

        assertThat(created.ruleGroupResponse().consumedCapacity()).isEqualTo(30_000);
        assertThatThrownBy(() -> nfw.createAllowList("too-large", 30_000, targets(15_000), TargetType.TLS_SNI, TargetType.HTTP_HOST))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("needs 30002 capacity units");
    }

    @Test
    void duplicateNameOfTheSameTypeIsRefused() {
        nfw.createAllowList("twice", 10, targets(1), TargetType.TLS_SNI);

        assertThatThrownBy(() -> nfw.createAllowList("twice", 10, targets(1), TargetType.TLS_SNI))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("already exists");
    }

    @Test
    void dryRunOfADuplicateNameIsRefusedLikeTheRealCall() {
        nfw.createAllowList("dry-twice", 10, targets(1), TargetType.TLS_SNI);

        assertThatThrownBy(() -> client.createRuleGroup(r -> r.ruleGroupName("dry-twice").type(RuleGroupType.STATEFUL)
                .capacity(10).dryRun(true).ruleGroup(allowList(targets(1), TargetType.TLS_SNI))))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void fiftyFirstStatefulRuleGroupExceedsTheAccountQuota() {
        IntStream.range(0, NetworkFirewallEmulator.DEFAULT_RULE_GROUP_QUOTA)
                .forEach(i -> nfw.createAllowList("quota-" + i, 10, targets(1), TargetType.TLS_SNI));

        assertThatThrownBy(() -> nfw.createAllowList("quota-over", 10, targets(1), TargetType.TLS_SNI))
                .isInstanceOf(LimitExceededException.class);
    }

    @Test
    void lookupByNameWithoutTypeIsRefused() {
        nfw.createAllowList("typeless", 10, targets(1), TargetType.TLS_SNI);

        assertThatThrownBy(() -> client.describeRuleGroup(r -> r.ruleGroupName("typeless")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Type is required when RuleGroupArn is not given");
    }

    @Test
    void lookupWithNeitherNameNorArnIsRefused() {
        assertThatThrownBy(() -> client.describeRuleGroup(r -> r.type(RuleGroupType.STATEFUL)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Specify RuleGroupArn");
    }

    @Test
    void nameThatContradictsTheArnIsRefused() {
        nfw.createAllowList("real-name", 10, targets(1), TargetType.TLS_SNI);

        assertThatThrownBy(() -> client.describeRuleGroup(r -> r.ruleGroupName("other-name")
                .ruleGroupArn(nfw.arn("stateful-rulegroup", "real-name"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("does not match the name 'real-name'");
    }

    @Test
    void typeThatContradictsTheArnIsRefused() {
        assertThatThrownBy(() -> client.describeRuleGroup(r -> r.type(RuleGroupType.STATELESS)
                .ruleGroupArn(nfw.arn("stateful-rulegroup", "x"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("names a STATEFUL rule group");
    }

    @Test
    void arnOfAnotherResourceTypeIsRefused() {
        assertThatThrownBy(() -> client.describeRuleGroup(r -> r.ruleGroupArn(nfw.arn("firewall-policy", "x"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("not a rule group");
    }

    @Test
    void malformedArnIsRefused() {
        assertThatThrownBy(() -> client.describeRuleGroup(r -> r.ruleGroupArn("arn:aws:s3:::bucket")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("is not a Network Firewall ARN");
    }

    @Test
    void unknownRuleGroupIsNotFoundForEveryOperation() {
        String token = "a4648a25-e315-4d17-8553-283c2eb33118";
        assertThatThrownBy(() -> client.describeRuleGroup(r -> r.ruleGroupName("ghost").type(RuleGroupType.STATEFUL)))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.updateRuleGroup(r -> r.ruleGroupName("ghost").type(RuleGroupType.STATEFUL)
                .updateToken(token).ruleGroup(allowList(targets(1), TargetType.TLS_SNI))))
                .isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> client.deleteRuleGroup(r -> r.ruleGroupName("ghost").type(RuleGroupType.STATEFUL)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void ruleGroupOfAnotherAccountIsNotFound() {
        nfw.createAllowList("mine", 10, targets(1), TargetType.TLS_SNI);

        assertThatThrownBy(() -> client.describeRuleGroup(r -> r.ruleGroupArn(
                "arn:aws:network-firewall:us-west-2:999999999999:stateful-rulegroup/mine")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void updateWithoutUpdateTokenIsRefused() {
        nfw.createAllowList("no-token", 10, targets(1), TargetType.TLS_SNI);

        assertThatThrownBy(() -> client.updateRuleGroup(r -> r.ruleGroupName("no-token").type(RuleGroupType.STATEFUL)
                .ruleGroup(allowList(targets(1), TargetType.TLS_SNI))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("UpdateToken");
    }

    @Test
    void updateThatChangesTheRuleOrderIsRefused() {
        String token = nfw.createAllowList("ordered", 10, targets(1), TargetType.TLS_SNI).updateToken();

        assertThatThrownBy(() -> client.updateRuleGroup(r -> r.ruleGroupName("ordered").type(RuleGroupType.STATEFUL)
                .updateToken(token).ruleGroup(allowList(targets(1), TargetType.TLS_SNI).toBuilder()
                        .statefulRuleOptions(o -> o.ruleOrder(RuleOrder.STRICT_ORDER)).build())))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("can't be changed to STRICT_ORDER");
    }

    @Test
    void updateWithInvalidContentLeavesTheRuleGroupAsItWas() {
        String token = nfw.createAllowList("kept", 10, targets(1), TargetType.TLS_SNI).updateToken();

        assertThatThrownBy(() -> client.updateRuleGroup(r -> r.ruleGroupName("kept").type(RuleGroupType.STATEFUL)
                .updateToken(token).ruleGroup(g -> g.rulesSource(s -> { }))))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(nfw.emulator.updateToken("kept")).isEqualTo(token);
        assertThat(nfw.emulator.targets("kept")).isEqualTo(targets(1));
    }

    private static List<String> targets(int count) {
        return IntStream.range(0, count).mapToObj(i -> "host-" + i + ".example.com").toList();
    }

    private static Consumer<CreateRuleGroupRequest.Builder> change(Consumer<CreateRuleGroupRequest.Builder> change) {
        return change;
    }
}
