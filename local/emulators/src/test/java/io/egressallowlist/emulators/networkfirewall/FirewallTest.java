package io.egressallowlist.emulators.networkfirewall;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.AttachmentStatus;
import software.amazon.awssdk.services.networkfirewall.model.ConfigurationSyncState;
import software.amazon.awssdk.services.networkfirewall.model.CreateFirewallRequest;
import software.amazon.awssdk.services.networkfirewall.model.CreateFirewallResponse;
import software.amazon.awssdk.services.networkfirewall.model.DescribeFirewallPolicyResponse;
import software.amazon.awssdk.services.networkfirewall.model.DescribeFirewallResponse;
import software.amazon.awssdk.services.networkfirewall.model.FirewallStatusValue;
import software.amazon.awssdk.services.networkfirewall.model.InvalidOperationException;
import software.amazon.awssdk.services.networkfirewall.model.InvalidRequestException;
import software.amazon.awssdk.services.networkfirewall.model.PerObjectSyncStatus;
import software.amazon.awssdk.services.networkfirewall.model.ResourceNotFoundException;
import software.amazon.awssdk.services.networkfirewall.model.RuleGroupType;
import software.amazon.awssdk.services.networkfirewall.model.RuleOrder;
import software.amazon.awssdk.services.networkfirewall.model.StatefulRuleGroupReference;
import software.amazon.awssdk.services.networkfirewall.model.SyncState;
import software.amazon.awssdk.services.networkfirewall.model.TargetType;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import static io.egressallowlist.emulators.networkfirewall.EmulatedNetworkFirewall.allowList;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FirewallTest {

    private static final Duration SYNC = Duration.ofSeconds(30);

    private final EmulatedNetworkFirewall nfw = EmulatedNetworkFirewall.startWithSyncDelay(SYNC);
    private final NetworkFirewallClient client = nfw.client;

    @AfterEach
    void stop() {
        nfw.close();
    }

    @Test
    void policyReferencingARuleGroupIsDescribedWithItsCapacityAndCountedAsAnAssociation() {
        String ruleGroupArn = nfw.createAllowList("egress", 200, List.of("a.example"), TargetType.TLS_SNI)
                .ruleGroupResponse().ruleGroupArn();
        String policyArn = nfw.createPolicy("egress-policy", ruleGroupArn);

        DescribeFirewallPolicyResponse policy = client.describeFirewallPolicy(r -> r.firewallPolicyName("egress-policy"));

        assertThat(policy.firewallPolicyResponse().firewallPolicyArn()).isEqualTo(policyArn)
                .isEqualTo(nfw.arn("firewall-policy", "egress-policy"));
        assertThat(policy.firewallPolicyResponse().consumedStatefulRuleCapacity()).isEqualTo(200);
        assertThat(policy.firewallPolicy().statefulRuleGroupReferences()).extracting(StatefulRuleGroupReference::resourceArn)
                .containsExactly(ruleGroupArn);
        assertThat(policy.updateToken()).isNotBlank();
        assertThat(client.describeRuleGroup(r -> r.ruleGroupArn(ruleGroupArn)).ruleGroupResponse().numberOfAssociations())
                .isEqualTo(1);
    }

    @Test
    void ruleGroupInUseByAPolicyCannotBeDeleted() {
        String ruleGroupArn = nfw.createAllowList("in-use", 10, List.of("a.example"), TargetType.TLS_SNI)
                .ruleGroupResponse().ruleGroupArn();
        nfw.createPolicy("user", ruleGroupArn);

        assertThatThrownBy(() -> client.deleteRuleGroup(r -> r.ruleGroupArn(ruleGroupArn)))
                .isInstanceOf(InvalidOperationException.class)
                .hasMessageContaining("[user]");
    }

    @Test
    void policyReferencingAMissingRuleGroupIsRefused() {
        assertThatThrownBy(() -> nfw.createPolicy("dangling", nfw.arn("stateful-rulegroup", "missing")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("does not exist");
    }

    @Test
    void policyWhoseRuleOrderDiffersFromItsRuleGroupsIsRefused() {
        String ruleGroupArn = nfw.createAllowList("default-order", 10, List.of("a.example"), TargetType.TLS_SNI)
                .ruleGroupResponse().ruleGroupArn();

        assertThatThrownBy(() -> client.createFirewallPolicy(r -> r.firewallPolicyName("strict").firewallPolicy(p -> p
                .statelessDefaultActions("aws:forward_to_sfe").statelessFragmentDefaultActions("aws:forward_to_sfe")
                .statefulEngineOptions(o -> o.ruleOrder(RuleOrder.STRICT_ORDER))
                .statefulRuleGroupReferences(ref -> ref.resourceArn(ruleGroupArn).priority(100)))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("must match");
    }

    @Test
    void strictOrderPolicyNeedsUniquePriorities() {
        String first = strictAllowList("strict-a");
        String second = strictAllowList("strict-b");

        assertThatThrownBy(() -> client.createFirewallPolicy(r -> r.firewallPolicyName("same-priority").firewallPolicy(p -> p
                .statelessDefaultActions("aws:forward_to_sfe").statelessFragmentDefaultActions("aws:forward_to_sfe")
                .statefulEngineOptions(o -> o.ruleOrder(RuleOrder.STRICT_ORDER))
                .statefulDefaultActions("aws:drop_established")
                .statefulRuleGroupReferences(ref -> ref.resourceArn(first).priority(100), ref -> ref.resourceArn(second).priority(100)))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("Priority 100 more than once");
    }

    @Test
    void statefulDefaultActionsNeedStrictOrder() {
        assertThatThrownBy(() -> client.createFirewallPolicy(r -> r.firewallPolicyName("defaults").firewallPolicy(p -> p
                .statelessDefaultActions("aws:forward_to_sfe").statelessFragmentDefaultActions("aws:forward_to_sfe")
                .statefulDefaultActions("aws:drop_established"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("only valid with StatefulEngineOptions.RuleOrder STRICT_ORDER");
    }

    @Test
    void statelessDefaultActionsNeedExactlyOneStandardAction() {
        assertThatThrownBy(() -> client.createFirewallPolicy(r -> r.firewallPolicyName("two-actions").firewallPolicy(p -> p
                .statelessDefaultActions("aws:pass", "aws:drop").statelessFragmentDefaultActions("aws:pass"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("exactly one of");
    }

    @Test
    void unknownPolicyIsNotFound() {
        assertThatThrownBy(() -> client.describeFirewallPolicy(r -> r.firewallPolicyName("ghost")))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void newFirewallIsProvisioningUntilTheSyncDelayHasPassed() {
        String ruleGroupArn = nfw.createAllowList("fw-rules", 10, List.of("a.example"), TargetType.TLS_SNI)
                .ruleGroupResponse().ruleGroupArn();
        createFirewall("egress-fw", nfw.createPolicy("fw-policy", ruleGroupArn), r -> { });

        DescribeFirewallResponse provisioning = describeFirewall("egress-fw");
        assertThat(provisioning.firewallStatus().status()).isEqualTo(FirewallStatusValue.PROVISIONING);
        assertThat(provisioning.firewallStatus().configurationSyncStateSummary()).isEqualTo(ConfigurationSyncState.PENDING);
        assertThat(provisioning.firewallStatus().syncStates().values())
                .allSatisfy(zone -> assertThat(zone.attachment().status()).isEqualTo(AttachmentStatus.CREATING));

        nfw.clock.advance(SYNC);

        DescribeFirewallResponse ready = describeFirewall("egress-fw");
        assertThat(ready.firewallStatus().status()).isEqualTo(FirewallStatusValue.READY);
        assertThat(ready.firewallStatus().configurationSyncStateSummary()).isEqualTo(ConfigurationSyncState.IN_SYNC);
    }

    @Test
    void firewallHasOneEndpointPerSubnetInTheSeededAvailabilityZones() {
        nfw.emulator.assignAvailabilityZone("subnet-0aaa", "us-west-2c");
        nfw.emulator.assignAvailabilityZone("subnet-0bbb", "us-west-2d");
        String policyArn = nfw.createPolicy("zones-policy");
        createFirewall("zones-fw", policyArn, r -> r.subnetMappings(m -> m.subnetId("subnet-0aaa"), m -> m.subnetId("subnet-0bbb")));

        var syncStates = describeFirewall("zones-fw").firewallStatus().syncStates();

        assertThat(syncStates).containsOnlyKeys("us-west-2c", "us-west-2d");
        assertThat(syncStates.get("us-west-2c").attachment().subnetId()).isEqualTo("subnet-0aaa");
        assertThat(syncStates.get("us-west-2c").attachment().endpointId()).matches("^vpce-[0-9a-f]{17}$");
    }

    @Test
    void ruleGroupUpdateMakesItsConfigPendingWithTheNewTokenThenInSync() {
        String token = nfw.createAllowList("synced", 10, List.of("a.example"), TargetType.TLS_SNI).updateToken();
        String ruleGroupArn = nfw.arn("stateful-rulegroup", "synced");
        createFirewall("sync-fw", nfw.createPolicy("sync-policy", ruleGroupArn), r -> { });
        nfw.clock.advance(SYNC);

        String newToken = client.updateRuleGroup(r -> r.ruleGroupArn(ruleGroupArn).updateToken(token)
                .ruleGroup(allowList(List.of("a.example", "b.example"), TargetType.TLS_SNI))).updateToken();

        DescribeFirewallResponse pending = describeFirewall("sync-fw");
        assertThat(pending.firewallStatus().configurationSyncStateSummary()).isEqualTo(ConfigurationSyncState.PENDING);
        assertThat(pending.firewallStatus().status()).isEqualTo(FirewallStatusValue.PROVISIONING);
        assertThat(pending.firewallStatus().syncStates().values()).allSatisfy(zone -> {
            assertThat(zone.attachment().status()).isEqualTo(AttachmentStatus.READY);
            assertThat(zone.config().get("synced").syncStatus()).isEqualTo(PerObjectSyncStatus.PENDING);
            assertThat(zone.config().get("synced").updateToken()).isEqualTo(newToken);
            assertThat(zone.config().get("sync-policy").syncStatus()).isEqualTo(PerObjectSyncStatus.IN_SYNC);
        });

        nfw.clock.advance(SYNC.minusSeconds(1));
        assertThat(describeFirewall("sync-fw").firewallStatus().configurationSyncStateSummary())
                .isEqualTo(ConfigurationSyncState.PENDING);
        nfw.clock.advance(Duration.ofSeconds(1));

        DescribeFirewallResponse inSync = describeFirewall("sync-fw");
        assertThat(inSync.firewallStatus().configurationSyncStateSummary()).isEqualTo(ConfigurationSyncState.IN_SYNC);
        assertThat(inSync.firewallStatus().status()).isEqualTo(FirewallStatusValue.READY);
        assertThat(inSync.firewallStatus().syncStates().values()).extracting(SyncState::config)
                .allSatisfy(config -> assertThat(config.get("synced").syncStatus()).isEqualTo(PerObjectSyncStatus.IN_SYNC));
    }

    @Test
    void outOfBandEditAlsoMakesTheFirewallSyncAgain() {
        nfw.createAllowList("drifting", 10, List.of("a.example"), TargetType.TLS_SNI);
        createFirewall("drift-fw", nfw.createPolicy("drift-policy", nfw.arn("stateful-rulegroup", "drifting")), r -> { });
        nfw.clock.advance(SYNC);

        String driftToken = nfw.emulator.editOutOfBand("drifting", TargetEdit.add(List.of("console.example")));

        var config = describeFirewall("drift-fw").firewallStatus().syncStates().values().iterator().next().config();
        assertThat(config.get("drifting").syncStatus()).isEqualTo(PerObjectSyncStatus.PENDING);
        assertThat(config.get("drifting").updateToken()).isEqualTo(driftToken);
        assertThat(nfw.emulator.targets("drifting")).containsExactly("a.example", "console.example");
    }

    @Test
    void zeroSyncDelayMakesEveryChangeInSyncAtOnce() {
        nfw.emulator.syncDelay(Duration.ZERO);
        createFirewall("instant-fw", nfw.createPolicy("instant-policy"), r -> { });

        assertThat(describeFirewall("instant-fw").firewallStatus().status()).isEqualTo(FirewallStatusValue.READY);
    }

    @Test
    void firewallIsFoundByArnAndItsPolicyCountsIt() {
        String policyArn = nfw.createPolicy("counted-policy");
        String firewallArn = createFirewall("by-arn-fw", policyArn, r -> { }).firewall().firewallArn();

        assertThat(client.describeFirewall(r -> r.firewallArn(firewallArn)).firewall().firewallName()).isEqualTo("by-arn-fw");
        assertThat(client.describeFirewallPolicy(r -> r.firewallPolicyArn(policyArn)).firewallPolicyResponse()
                .numberOfAssociations()).isEqualTo(1);
    }

    @Test
    void firewallWithAnUnknownPolicyIsRefused() {
        assertThatThrownBy(() -> createFirewall("orphan", nfw.arn("firewall-policy", "missing"), r -> { }))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("names no existing firewall policy");
    }

    @Test
    void firewallWithTwoSubnetsInOneZoneIsRefused() {
        nfw.emulator.assignAvailabilityZone("subnet-0aaa", "us-west-2a");
        nfw.emulator.assignAvailabilityZone("subnet-0bbb", "us-west-2a");
        String policyArn = nfw.createPolicy("one-zone-policy");

        assertThatThrownBy(() -> createFirewall("one-zone", policyArn,
                r -> r.subnetMappings(m -> m.subnetId("subnet-0aaa"), m -> m.subnetId("subnet-0bbb"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("one subnet per Availability Zone");
    }

    @Test
    void firewallWithoutSubnetsOrWithABadSubnetIdIsRefused() {
        String policyArn = nfw.createPolicy("subnets-policy");

        assertThatThrownBy(() -> createFirewall("no-subnets", policyArn, r -> r.subnetMappings(List.of())))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> createFirewall("bad-subnet", policyArn, r -> r.subnetMappings(m -> m.subnetId("sn-1"))))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("not a subnet id");
        assertThatThrownBy(() -> createFirewall("bad-vpc", policyArn, r -> r.vpcId("vpc_1")))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("VpcId");
    }

    @Test
    void duplicateFirewallNameIsRefusedAndUnknownFirewallIsNotFound() {
        String policyArn = nfw.createPolicy("dup-policy");
        createFirewall("dup-fw", policyArn, r -> { });

        assertThatThrownBy(() -> createFirewall("dup-fw", policyArn, r -> { })).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> describeFirewall("ghost-fw")).isInstanceOf(ResourceNotFoundException.class);
    }

    private String strictAllowList(String name) {
        return client.createRuleGroup(r -> r.ruleGroupName(name).type(RuleGroupType.STATEFUL).capacity(10)
                        .ruleGroup(allowList(List.of("a.example"), TargetType.TLS_SNI).toBuilder()
                                .statefulRuleOptions(o -> o.ruleOrder(RuleOrder.STRICT_ORDER)).build()))
                .ruleGroupResponse().ruleGroupArn();
    }

    private CreateFirewallResponse createFirewall(String name, String policyArn, Consumer<CreateFirewallRequest.Builder> customise) {
        CreateFirewallRequest.Builder request = CreateFirewallRequest.builder()
                .firewallName(name)
                .firewallPolicyArn(policyArn)
                .vpcId("vpc-0123abcd")
                .subnetMappings(m -> m.subnetId("subnet-0a1"), m -> m.subnetId("subnet-0b2"));
        customise.accept(request);
        return client.createFirewall(request.build());
    }

    private DescribeFirewallResponse describeFirewall(String name) {
        return client.describeFirewall(r -> r.firewallName(name));
    }
}
