package io.egressallowlist.shared.blocked;

import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.Attribution.Evidence;
import io.egressallowlist.shared.domain.NetworkInterfaces.NetworkInterface;
import io.egressallowlist.shared.domain.SourceAddress;
import io.egressallowlist.shared.domain.SourceBindings;
import io.egressallowlist.shared.domain.SourceBindings.Binding;
import io.egressallowlist.shared.domain.StudioSubnets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static io.egressallowlist.shared.blocked.BlockedFixture.DOMAIN_ID;
import static io.egressallowlist.shared.blocked.BlockedFixture.SUBNET;
import static io.egressallowlist.shared.blocked.BlockedFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    /**
     * One delivery attributes every pair as the bindings around that pair's own flows say, though it reads a
     * source's callers once: here the address passes from alice to bob within the delivery's span (bindings at
     * −30 min and +30 min), and the pairs' flows lie before, between, after and across the change. Offsets in
     * seconds from T0; "domain" is the subnet's Studio domain (no caller, or callers that disagree).
     */
    @ParameterizedTest(name = "flows {0}s … {1}s → {2}")
    @CsvSource({
            "-9000, -8000, domain",   // no binding within an hour
            "-5400, -5400, alice",    // alice exactly one hour later: the window includes its ends
            "-5401, -5401, domain",   // one second more: alice is out of the window
            "-5000, -4000, alice",
            "-5000, -5000, alice",
            "-1000, -1000, domain",   // both callers within the hour
            "0, 0, domain",
            "5000, 5000, bob",
            "5400, 5400, bob",
            "5000, 9000, bob",
            "-5000, 5000, domain",    // first flow near alice only, last near bob only: the two disagree
            "-9000, 9000, domain"})   // neither end near a caller, though both lie between its ends
    void aDeliveryAttributesEachPairByTheBindingsAroundItsOwnFlowsAsOneLookupPerFlowWould(long first, long last,
                                                                                      String expected) {
        interfaceWith(Map.of());
        calledBy("alice", T0.minusSeconds(1_800));
        calledBy("bob", T0.plusSeconds(1_800));
        Attributor.Batch batch = fixture.attributor.batch(Map.of(SOURCE,
                new Attributor.Span(T0.minusSeconds(10_000), T0.plusSeconds(10_000))));

        Attribution attributed = batch.attribute(SOURCE, T0.plusSeconds(first), T0.plusSeconds(last));

        Attribution want = expected.equals("domain")
                ? new Attribution.StudioDomain(DOMAIN_ID, Evidence.INTERFACE_SUBNET)
                : new Attribution.UserProfile(DOMAIN_ID, expected, Evidence.API_CALLER_SOURCE);
        assertThat(attributed).isEqualTo(want)
                .isEqualTo(fixture.attributor.attribute(SOURCE, T0.plusSeconds(first), T0.plusSeconds(last)))
                .isEqualTo(oneLookupPerFlowTime(T0.plusSeconds(first), T0.plusSeconds(last)));
    }

    /** Attribution by bindings as it was before deliveries were attributed at once: one read per flow time. */
    private Attribution oneLookupPerFlowTime(Instant first, Instant last) {
        Set<Attribution> named = new HashSet<>();
        fixture.bindings.around(SOURCE, first, Attributor.BINDING_WINDOW).forEach(b -> named.add(b.attribution()));
        fixture.bindings.around(SOURCE, last, Attributor.BINDING_WINDOW).forEach(b -> named.add(b.attribution()));
        return named.size() == 1 ? named.iterator().next()
                : new Attribution.StudioDomain(DOMAIN_ID, Evidence.INTERFACE_SUBNET);
    }

    @Test
    void aDeliveryLooksUpEachSourceOnceHoweverManyPairsItHas() {
        AtomicInteger reads = new AtomicInteger();
        SourceBindings counted = new SourceBindings() {
            @Override
            public void bind(Binding binding, Instant expiresAt) {
                fixture.bindings.bind(binding, expiresAt);
            }

            @Override
            public List<Binding> seenBetween(SourceAddress address, Instant from, Instant to) {
                reads.incrementAndGet();
                return fixture.bindings.seenBetween(address, from, to);
            }
        };
        Attributor attributor = new Attributor(fixture.interfaces, counted,
                StudioSubnets.parse(List.of(SUBNET + "=" + DOMAIN_ID)), fixture.clock);
        calledBy("alice", T0);
        SourceAddress other = new SourceAddress("10.20.1.24");
        Attributor.Batch batch = attributor.batch(Map.of(SOURCE, new Attributor.Span(T0, T0.plusSeconds(600)),
                other, new Attributor.Span(T0, T0.plusSeconds(600))));

        for (int second = 0; second <= 600; second += 15) {
            assertThat(batch.attribute(SOURCE, T0, T0.plusSeconds(second)))
                    .isEqualTo(new Attribution.UserProfile(DOMAIN_ID, "alice", Evidence.API_CALLER_SOURCE));
            assertThat(batch.attribute(other, T0.plusSeconds(second), T0.plusSeconds(second)))
                    .isEqualTo(new Attribution.Unattributed());
        }

        assertThat(reads).hasValue(2);
        assertThat(fixture.interfaces.lookups()).hasSize(2);
    }

    @Test
    void flowsOutsideTheSpanADeliveryWasOpenedForAreRefused() {
        Attributor.Batch batch = fixture.attributor.batch(Map.of(SOURCE, new Attributor.Span(T0, T0.plusSeconds(60))));

        assertThatThrownBy(() -> batch.attribute(SOURCE, T0, T0.plusSeconds(61)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> batch.attribute(new SourceAddress("10.20.1.99"), T0, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
