package io.egressallowlist.emulators.networkfirewall;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.CreateRuleGroupResponse;
import software.amazon.awssdk.services.networkfirewall.model.DeleteRuleGroupResponse;
import software.amazon.awssdk.services.networkfirewall.model.DescribeRuleGroupResponse;
import software.amazon.awssdk.services.networkfirewall.model.EncryptionType;
import software.amazon.awssdk.services.networkfirewall.model.GeneratedRulesType;
import software.amazon.awssdk.services.networkfirewall.model.IPSet;
import software.amazon.awssdk.services.networkfirewall.model.InvalidRequestException;
import software.amazon.awssdk.services.networkfirewall.model.ListRuleGroupsResponse;
import software.amazon.awssdk.services.networkfirewall.model.ResourceNotFoundException;
import software.amazon.awssdk.services.networkfirewall.model.ResourceStatus;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroupMetadata;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroupType;
import software.amazon.awssdk.services.networkfirewall.model.TargetType;
import software.amazon.awssdk.services.networkfirewall.model.UpdateRuleGroupResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.egressallowlist.emulators.networkfirewall.EmulatedNetworkFirewall.allowList;
import static io.egressallowlist.emulators.networkfirewall.EmulatedNetworkFirewall.domainList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleGroupLifecycleTest {

    private static final String UUID_PATTERN = "^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$";

    private final EmulatedNetworkFirewall nfw = EmulatedNetworkFirewall.start();
    private final NetworkFirewallClient client = nfw.client;

    @AfterEach
    void stop() {
        nfw.close();
    }

    @Test
    void createdRuleGroupIsDescribedWithEveryResponseField() {
        CreateRuleGroupResponse created = nfw.createAllowList("domains", 100, List.of(".example.com", "www.example.org"),
                TargetType.TLS_SNI, TargetType.HTTP_HOST);

        DescribeRuleGroupResponse described = client.describeRuleGroup(r -> r.ruleGroupName("domains").type(RuleGroupType.STATEFUL));

        assertThat(described.updateToken()).isEqualTo(created.updateToken()).matches(UUID_PATTERN);
        assertThat(described.ruleGroup().rulesSource().rulesSourceList().targets()).containsExactly(".example.com", "www.example.org");
        var response = described.ruleGroupResponse();
        assertThat(response.ruleGroupArn()).isEqualTo(nfw.arn("stateful-rulegroup", "domains"));
        assertThat(response.ruleGroupName()).isEqualTo("domains");
        assertThat(response.ruleGroupId()).matches(UUID_PATTERN).isEqualTo(created.ruleGroupResponse().ruleGroupId());
        assertThat(response.type()).isEqualTo(RuleGroupType.STATEFUL);
        assertThat(response.capacity()).isEqualTo(100);
        assertThat(response.consumedCapacity()).isEqualTo(2 * 2 + 2);
        assertThat(response.numberOfAssociations()).isZero();
        assertThat(response.ruleGroupStatus()).isEqualTo(ResourceStatus.ACTIVE);
        assertThat(response.lastModifiedTime()).isEqualTo(EmulatedNetworkFirewall.START);
        assertThat(response.encryptionConfiguration().type()).isEqualTo(EncryptionType.AWS_OWNED_KMS_KEY);
    }

    @Test
    void ruleGroupCanBeFoundByArnAloneWithoutType() {
        nfw.createAllowList("by-arn", 10, List.of("a.example"), TargetType.TLS_SNI);

        DescribeRuleGroupResponse described = client.describeRuleGroup(r -> r.ruleGroupArn(nfw.arn("stateful-rulegroup", "by-arn")));

        assertThat(described.ruleGroupResponse().ruleGroupName()).isEqualTo("by-arn");
    }

    @Test
    void targetsAreStoredExactlyAsSentWithoutLowercasing() {
        nfw.createAllowList("mixed-case", 10, List.of("API.Example.COM"), TargetType.TLS_SNI);

        assertThat(nfw.emulator.targets("mixed-case")).containsExactly("API.Example.COM");
    }

    @Test
    void describeDoesNotRotateTheToken() {
        String token = nfw.createAllowList("stable", 10, List.of("a.example"), TargetType.TLS_SNI).updateToken();

        client.describeRuleGroup(r -> r.ruleGroupName("stable").type(RuleGroupType.STATEFUL));

        assertThat(client.describeRuleGroup(r -> r.ruleGroupName("stable").type(RuleGroupType.STATEFUL)).updateToken())
                .isEqualTo(token);
    }

    @Test
    void updateWithTheCurrentTokenReplacesTheTargetsAndRotatesTheToken() {
        String token = nfw.createAllowList("rotate", 10, List.of("a.example"), TargetType.TLS_SNI).updateToken();
        nfw.clock.advance(Duration.ofMinutes(5));

        UpdateRuleGroupResponse updated = client.updateRuleGroup(r -> r.ruleGroupName("rotate").type(RuleGroupType.STATEFUL)
                .updateToken(token).ruleGroup(allowList(List.of("a.example", "b.example"), TargetType.TLS_SNI)));

        assertThat(updated.updateToken()).matches(UUID_PATTERN).isNotEqualTo(token);
        assertThat(updated.ruleGroupResponse().consumedCapacity()).isEqualTo(3);
        assertThat(updated.ruleGroupResponse().lastModifiedTime()).isEqualTo(EmulatedNetworkFirewall.START.plus(Duration.ofMinutes(5)));
        assertThat(nfw.emulator.targets("rotate")).containsExactly("a.example", "b.example");
        assertThat(nfw.emulator.updateToken("rotate")).isEqualTo(updated.updateToken());
        assertThat(nfw.emulator.successfulUpdates("rotate")).isEqualTo(1);
    }

    @Test
    void updateReplacesTheWholeRuleGroupSoMembersLeftOutAreGone() {
        String token = client.createRuleGroup(r -> r.ruleGroupName("whole").type(RuleGroupType.STATEFUL).capacity(50)
                .description("egress allow-list")
                .summaryConfiguration(s -> s.ruleOptionsWithStrings("SID"))
                .ruleGroup(allowList(List.of("a.example"), TargetType.TLS_SNI).toBuilder()
                        .ruleVariables(v -> v.ipSets(Map.of("HOME_NET", IPSet.builder().definition("10.0.0.0/16").build())))
                        .build()))
                .updateToken();

        client.updateRuleGroup(r -> r.ruleGroupName("whole").type(RuleGroupType.STATEFUL).updateToken(token)
                .ruleGroup(domainList(GeneratedRulesType.DENYLIST, List.of("evil.example"), TargetType.HTTP_HOST)));

        DescribeRuleGroupResponse described = client.describeRuleGroup(r -> r.ruleGroupName("whole").type(RuleGroupType.STATEFUL));
        assertThat(described.ruleGroup().ruleVariables()).isNull();
        assertThat(described.ruleGroupResponse().description()).isNull();
        assertThat(described.ruleGroupResponse().summaryConfiguration()).isNull();
        assertThat(described.ruleGroup().rulesSource().rulesSourceList().generatedRulesType()).isEqualTo(GeneratedRulesType.DENYLIST);
        assertThat(described.ruleGroupResponse().capacity()).isEqualTo(50);
        assertThat(described.ruleGroupResponse().consumedCapacity()).isEqualTo(1);
    }

    @Test
    void flatSuricataRulesAreDescribedAsRulesStringAndCountOneUnitPerRule() {
        String rules = """
                # egress
                pass tls $HOME_NET any -> $EXTERNAL_NET any (tls.sni; content:"a.example"; sid:1; rev:1;)

                drop tls $HOME_NET any -> $EXTERNAL_NET any (sid:2; rev:1;)
                """;
        CreateRuleGroupResponse created = client.createRuleGroup(r -> r.ruleGroupName("suricata").type(RuleGroupType.STATEFUL)
                .capacity(10).rules(rules));

        assertThat(created.ruleGroupResponse().consumedCapacity()).isEqualTo(2);
        assertThat(client.describeRuleGroup(r -> r.ruleGroupName("suricata").type(RuleGroupType.STATEFUL))
                .ruleGroup().rulesSource().rulesString()).isEqualTo(rules);
    }

    @Test
    void dryRunReturnsTheCapacityItWouldConsumeAndCreatesNothing() {
        CreateRuleGroupResponse dryRun = client.createRuleGroup(r -> r.ruleGroupName("sizing").type(RuleGroupType.STATEFUL)
                .capacity(30_000).dryRun(true)
                .ruleGroup(allowList(List.of("a.example", "b.example", "c.example"), TargetType.TLS_SNI, TargetType.HTTP_HOST)));

        assertThat(dryRun.ruleGroupResponse().consumedCapacity()).isEqualTo(3 * 2 + 2);
        assertThat(dryRun.ruleGroupResponse().ruleGroupArn()).isEqualTo(nfw.arn("stateful-rulegroup", "sizing"));
        assertThat(dryRun.updateToken()).matches(UUID_PATTERN);
        assertThat(client.listRuleGroups(r -> { }).ruleGroups()).isEmpty();
        assertThatThrownBy(() -> client.describeRuleGroup(r -> r.ruleGroupName("sizing").type(RuleGroupType.STATEFUL)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void dryRunUpdateValidatesButChangesNothing() {
        String token = nfw.createAllowList("dry-update", 10, List.of("a.example"), TargetType.TLS_SNI).updateToken();

        UpdateRuleGroupResponse dryRun = client.updateRuleGroup(r -> r.ruleGroupName("dry-update").type(RuleGroupType.STATEFUL)
                .updateToken(token).dryRun(true).ruleGroup(allowList(List.of("a.example", "b.example"), TargetType.TLS_SNI)));

        assertThat(dryRun.ruleGroupResponse().consumedCapacity()).isEqualTo(3);
        assertThat(dryRun.updateToken()).isEqualTo(token);
        assertThat(nfw.emulator.targets("dry-update")).containsExactly("a.example");
        assertThat(nfw.emulator.successfulUpdates("dry-update")).isZero();
    }

    @Test
    void listingWalksEveryPageInNameOrderWithoutRepeats() {
        List<String> names = IntStream.range(0, 7).mapToObj(i -> "page-" + i).toList();
        names.forEach(name -> nfw.createAllowList(name, 10, List.of("a.example"), TargetType.TLS_SNI));

        List<String> seen = new ArrayList<>();
        String nextToken = null;
        int pages = 0;
        do {
            String token = nextToken;
            ListRuleGroupsResponse page = client.listRuleGroups(r -> r.maxResults(3).nextToken(token));
            page.ruleGroups().forEach(rg -> seen.add(rg.name()));
            nextToken = page.nextToken();
            pages++;
        } while (nextToken != null);

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(names);
    }

    @Test
    void sdkPaginatorListsEveryRuleGroupWithItsArn() {
        IntStream.range(0, 5).forEach(i -> nfw.createAllowList("paged-" + i, 10, List.of("a.example"), TargetType.TLS_SNI));

        List<RuleGroupMetadata> all = client.listRuleGroupsPaginator(r -> r.maxResults(2)).ruleGroups().stream().toList();

        assertThat(all).hasSize(5);
        assertThat(all.get(0).arn()).isEqualTo(nfw.arn("stateful-rulegroup", "paged-0"));
    }

    @Test
    void listingFiltersByTypeAndShowsNoManagedRuleGroups() {
        nfw.createAllowList("stateful-one", 10, List.of("a.example"), TargetType.TLS_SNI);
        client.createRuleGroup(r -> r.ruleGroupName("stateless-one").type(RuleGroupType.STATELESS).capacity(10)
                .ruleGroup(g -> g.rulesSource(s -> s.statelessRulesAndCustomActions(a -> a.statelessRules(rule -> rule
                        .priority(1).ruleDefinition(d -> d.actions("aws:pass").matchAttributes(m -> { })))))));

        assertThat(client.listRuleGroups(r -> r.type(RuleGroupType.STATELESS)).ruleGroups())
                .extracting(RuleGroupMetadata::name).containsExactly("stateless-one");
        assertThat(client.listRuleGroups(r -> r.scope("MANAGED")).ruleGroups()).isEmpty();
    }

    @Test
    void nextTokenThatWasNotIssuedIsRefused() {
        nfw.createAllowList("only", 10, List.of("a.example"), TargetType.TLS_SNI);

        assertThatThrownBy(() -> client.listRuleGroups(r -> r.nextToken("bm90LWEtdG9rZW4=")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("NextToken");
        assertThatThrownBy(() -> client.listRuleGroups(r -> r.nextToken("not base64!")))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void nextTokenOfOneListingIsRefusedByAnother() {
        IntStream.range(0, 3).forEach(i -> nfw.createAllowList("filter-" + i, 10, List.of("a.example"), TargetType.TLS_SNI));
        String token = client.listRuleGroups(r -> r.maxResults(1)).nextToken();

        assertThatThrownBy(() -> client.listRuleGroups(r -> r.maxResults(1).type(RuleGroupType.STATELESS).nextToken(token)))
                .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void maxResultsOutsideOneToHundredIsRefused() {
        assertThatThrownBy(() -> client.listRuleGroups(r -> r.maxResults(0))).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("MaxResults");
        assertThatThrownBy(() -> client.listRuleGroups(r -> r.maxResults(101))).isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void deletedRuleGroupIsGoneAndReportedAsDeleting() {
        nfw.createAllowList("doomed", 10, List.of("a.example"), TargetType.TLS_SNI);

        DeleteRuleGroupResponse deleted = client.deleteRuleGroup(r -> r.ruleGroupName("doomed").type(RuleGroupType.STATEFUL));

        assertThat(deleted.ruleGroupResponse().ruleGroupStatus()).isEqualTo(ResourceStatus.DELETING);
        assertThatThrownBy(() -> client.describeRuleGroup(r -> r.ruleGroupName("doomed").type(RuleGroupType.STATEFUL)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void deletedNameCanBeCreatedAgain() {
        nfw.createAllowList("reborn", 10, List.of("a.example"), TargetType.TLS_SNI);
        client.deleteRuleGroup(r -> r.ruleGroupArn(nfw.arn("stateful-rulegroup", "reborn")));

        CreateRuleGroupResponse again = nfw.createAllowList("reborn", 20, List.of("b.example"), TargetType.TLS_SNI);

        assertThat(again.ruleGroupResponse().capacity()).isEqualTo(20);
    }

    @Test
    void statefulAndStatelessRuleGroupsMayShareAName() {
        nfw.createAllowList("shared", 10, List.of("a.example"), TargetType.TLS_SNI);
        client.createRuleGroup(r -> r.ruleGroupName("shared").type(RuleGroupType.STATELESS).capacity(10)
                .ruleGroup(g -> g.rulesSource(s -> s.statelessRulesAndCustomActions(a -> a.statelessRules(rule -> rule
                        .priority(1).ruleDefinition(d -> d.actions("aws:pass").matchAttributes(m -> { })))))));

        assertThat(client.describeRuleGroup(r -> r.ruleGroupName("shared").type(RuleGroupType.STATELESS))
                .ruleGroupResponse().ruleGroupArn()).isEqualTo(nfw.arn("stateless-rulegroup", "shared"));
    }
}
