package io.egressallowlist.shared.blocked;

import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.Attribution.Evidence;
import io.egressallowlist.shared.domain.NetworkInterfaces.NetworkInterface;
import io.egressallowlist.shared.domain.SourceAddress;
import io.egressallowlist.shared.domain.SourceBindings.Binding;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static io.egressallowlist.shared.blocked.BlockedFixture.DOMAIN_ID;
import static io.egressallowlist.shared.blocked.BlockedFixture.SUBNET;
import static io.egressallowlist.shared.blocked.BlockedFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

class AttributorTest {

    private static final String ADDRESS = "10.20.1.23";
    private static final SourceAddress SOURCE = new SourceAddress(ADDRESS);

    private final BlockedFixture fixture = new BlockedFixture();

    private Attribution attribute(Instant at) {
        return fixture.attributor.attribute(SOURCE, at, at);
    }

    private void interfaceWith(Map<String, String> tags) {
        fixture.interfaces.put(ADDRESS, new NetworkInterface("eni-1", SUBNET,
                "[DO NOT DELETE] ENI managed by SageMaker for Studio Domain(d-abc123) - 00", "amazon-sagemaker", tags));
    }

    private void calledBy(String profile, Instant at) {
        fixture.bindings.bind(new Binding(SOURCE, DOMAIN_ID, profile, at), at.plusSeconds(86_400));
    }

    @Test
    void tagsNamingAProfileOrASpaceComeFirst() {
        interfaceWith(Map.of("sagemaker:user-profile-arn", "arn:aws:sagemaker:us-east-1:123456789012:user-profile/d-abc123/alice"));
        calledBy("bob", T0);

        assertThat(attribute(T0)).isEqualTo(new Attribution.UserProfile(DOMAIN_ID, "alice", Evidence.INTERFACE_TAGS));

        fixture.interfaces.put("10.20.1.30", new NetworkInterface("eni-2", SUBNET, "", null,
                Map.of("sagemaker:space-arn", "arn:aws:sagemaker:us-east-1:123456789012:space/d-abc123/team-space")));
        assertThat(fixture.attributor.attribute(new SourceAddress("10.20.1.30"), T0, T0))
                .isEqualTo(new Attribution.Space(DOMAIN_ID, "team-space", Evidence.INTERFACE_TAGS));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "arn:aws:sagemaker:us-east-1:1:user-profile/d-abc123/<!channel>",
            "arn:aws:sagemaker:us-east-1:1:user-profile/not-a-domain/alice",
            "arn:aws:iam::1:user-profile/d-abc123/alice",
            "arn:aws:sagemaker:us-east-1:1:space/d-abc123/alice",
            "alice",
            "arn:aws:sagemaker:us-east-1:1:user-profile/d-abc123/alice/extra"})
    void aTagThatIsNotAWellFormedProfileArnNamesNobodyAndTheSubnetDecides(String tag) {
        interfaceWith(Map.of("sagemaker:user-profile-arn", tag));

        assertThat(attribute(T0)).isEqualTo(new Attribution.StudioDomain(DOMAIN_ID, Evidence.INTERFACE_SUBNET));
    }

    @Test
    void theApiCallerFromTheAddressNamesThePersonWhereTheInterfaceNamesNone() {
        interfaceWith(Map.of());
        calledBy("alice", T0.minusSeconds(600));

        assertThat(attribute(T0)).isEqualTo(new Attribution.UserProfile(DOMAIN_ID, "alice", Evidence.API_CALLER_SOURCE));
    }

    @Test
    void anAddressThatChangedHandsAttributesNeitherOldNorNewAttemptsAcrossTheChangeToTheWrongPerson() {
        interfaceWith(Map.of());
        calledBy("alice", T0.minusSeconds(1_800));
        calledBy("bob", T0.plusSeconds(1_800));

        assertThat(attribute(T0)).as("between the two callers")
                .isEqualTo(new Attribution.StudioDomain(DOMAIN_ID, Evidence.INTERFACE_SUBNET));
        assertThat(attribute(T0.minusSeconds(5_000))).as("long before bob, only alice around")
                .isEqualTo(new Attribution.UserProfile(DOMAIN_ID, "alice", Evidence.API_CALLER_SOURCE));
        assertThat(attribute(T0.plusSeconds(5_000))).as("long after alice, only bob around")
                .isEqualTo(new Attribution.UserProfile(DOMAIN_ID, "bob", Evidence.API_CALLER_SOURCE));
    }

    @Test
    void aBindingOutsideTheWindowNamesNobody() {
        calledBy("alice", T0.minus(Attributor.BINDING_WINDOW).minusSeconds(1));

        assertThat(attribute(T0)).isEqualTo(new Attribution.Unattributed());
    }

    @Test
    void interfaceLookupsAreCachedAndAFailedOneIsNotButFallsBackToBindings() {
        interfaceWith(Map.of());
        attribute(T0);
        attribute(T0);
        assertThat(fixture.interfaces.lookups()).hasSize(1);

        fixture.clock.set(T0.plus(Attributor.INTERFACE_TTL).plusSeconds(1));
        attribute(T0);
        assertThat(fixture.interfaces.lookups()).hasSize(2);

        SourceAddress other = new SourceAddress("10.20.1.40");
        fixture.interfaces.unavailable(true);
        fixture.bindings.bind(new Binding(other, DOMAIN_ID, "carol", T0), T0.plusSeconds(60));
        assertThat(fixture.attributor.attribute(other, T0, T0))
                .isEqualTo(new Attribution.UserProfile(DOMAIN_ID, "carol", Evidence.API_CALLER_SOURCE));
        fixture.interfaces.unavailable(false);
        fixture.attributor.attribute(other, T0, T0);
        assertThat(fixture.interfaces.lookups().stream().filter(other::equals)).hasSize(2);
    }
}
