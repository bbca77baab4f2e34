package io.egressallowlist.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.egressallowlist.infra.config.SubnetPlan;

class SubnetPlanTest {

    @Test
    void sixteenBitBlockGivesQuarterSizedSageMakerSubnetsAndSmallNatAndFirewallSubnets() {
        assertThat(SubnetPlan.of("10.20.0.0/16", 3).zones()).containsExactly(
                new SubnetPlan.Zone(0, "10.20.0.0/18", "10.20.192.0/28", "10.20.192.16/28"),
                new SubnetPlan.Zone(1, "10.20.64.0/18", "10.20.192.32/28", "10.20.192.48/28"),
                new SubnetPlan.Zone(2, "10.20.128.0/18", "10.20.192.64/28", "10.20.192.80/28"));
    }

    @Test
    void smallestBlockStillFitsThreeZones() {
        assertThat(SubnetPlan.of("192.168.4.0/23", 3).zones()).containsExactly(
                new SubnetPlan.Zone(0, "192.168.4.0/25", "192.168.5.128/28", "192.168.5.144/28"),
                new SubnetPlan.Zone(1, "192.168.4.128/25", "192.168.5.160/28", "192.168.5.176/28"),
                new SubnetPlan.Zone(2, "192.168.5.0/25", "192.168.5.192/28", "192.168.5.208/28"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "10.0.0.0/15   | /16 to /23",
            "10.0.0.0/24   | /16 to /23",
            "10.0.0.1/16   | host bits set; did you mean 10.0.0.0/16",
            "10.0.256.0/16 | octet above 255",
            "10.0.0.0      | must look like",
            "not-a-cidr    | must look like"})
    void unusableBlocksAreRefusedWithTheReason(String cidr, String reason) {
        assertThatThrownBy(() -> SubnetPlan.of(cidr, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void subnetsOfDifferentZonesNeverOverlap(int zones) {
        List<SubnetPlan.Zone> plan = SubnetPlan.of("172.16.0.0/20", zones).zones();
        assertThat(plan.stream().flatMap(z -> Stream.of(z.sageMakerCidr(), z.natCidr(), z.firewallCidr())))
                .doesNotHaveDuplicates().hasSize(3 * zones);
    }
}
