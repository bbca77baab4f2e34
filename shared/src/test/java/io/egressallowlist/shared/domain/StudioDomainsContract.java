package io.egressallowlist.shared.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link StudioDomains} promises: every domain of the account is listed, however many there are
 * (more than one {@code ListDomains} page), including one created after an earlier listing; each is described
 * with what the guard reads ({@code AppNetworkAccessType}, VPC, subnets, last change); an unknown id is empty.
 * Run against the in-memory twin and against {@code SageMakerStudioDomains} on the SageMaker emulator.
 */
public abstract class StudioDomainsContract {

    protected static final String VPC = "vpc-0abc1234def567890";
    protected static final Instant CREATED = Instant.parse("2026-01-05T08:00:00Z");
    protected static final StudioDomainState VPC_ONLY = new StudioDomainState("d-contract0vpc1", "contract-vpc",
            "InService", "VpcOnly", VPC, List.of("subnet-0aaa1111bbbb2222c"), CREATED);
    protected static final StudioDomainState PUBLIC = new StudioDomainState("d-contract0pub2", "contract-public",
            "InService", "PublicInternetOnly", VPC, List.of("subnet-0aaa1111bbbb2222c"), CREATED.plusSeconds(60));

    /** A store holding {@code domains}, each created at its {@code lastModified} and not changed since. */
    protected abstract StudioDomains newDomains(List<StudioDomainState> domains);

    /** Creates {@code domain} after the store was made, as someone outside the control plane would. */
    protected abstract void createLater(StudioDomains store, StudioDomainState domain);

    @Test
    void everyDomainIsListed() {
        assertThat(newDomains(List.of(VPC_ONLY, PUBLIC)).listDomainIds())
                .containsExactlyInAnyOrder(VPC_ONLY.domainId(), PUBLIC.domainId());
    }

    @Test
    void noDomainListsNothing() {
        assertThat(newDomains(List.of()).listDomainIds()).isEmpty();
    }

    @Test
    void moreDomainsThanOnePageHoldAreAllListedOnce() {
        List<StudioDomainState> many = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            many.add(new StudioDomainState("d-many%08d".formatted(i), "many-" + i, "InService", "VpcOnly", VPC,
                    List.of("subnet-0aaa1111bbbb2222c"), CREATED.plusSeconds(i)));
        }

        List<String> listed = newDomains(many).listDomainIds();

        assertThat(listed).hasSize(130).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(many.stream().map(StudioDomainState::domainId).toList());
    }

    @Test
    void aDomainCreatedAfterAnEarlierListingIsInTheNextOne() {
        StudioDomains domains = newDomains(List.of(VPC_ONLY));
        assertThat(domains.listDomainIds()).containsExactly(VPC_ONLY.domainId());

        createLater(domains, PUBLIC);

        assertThat(domains.listDomainIds()).containsExactlyInAnyOrder(VPC_ONLY.domainId(), PUBLIC.domainId());
        assertThat(domains.describe(PUBLIC.domainId())).hasValueSatisfying(d ->
                assertThat(d.appNetworkAccessType()).isEqualTo("PublicInternetOnly"));
    }

    @Test
    void aDomainIsDescribedWithItsNetworkAccessSubnetsAndLastChange() {
        StudioDomains domains = newDomains(List.of(VPC_ONLY, PUBLIC));

        assertThat(domains.describe(VPC_ONLY.domainId())).hasValueSatisfying(d -> {
            assertThat(d.domainName()).isEqualTo("contract-vpc");
            assertThat(d.status()).isEqualTo("InService");
            assertThat(d.appNetworkAccessType()).isEqualTo("VpcOnly");
            assertThat(d.vpcId()).isEqualTo(VPC);
            assertThat(d.subnetIds()).containsExactly("subnet-0aaa1111bbbb2222c");
            assertThat(d.lastModified()).isEqualTo(VPC_ONLY.lastModified());
        });
        assertThat(domains.describe(PUBLIC.domainId())).hasValueSatisfying(d ->
                assertThat(d.appNetworkAccessType()).isEqualTo("PublicInternetOnly"));
    }

    @Test
    void anUnknownDomainIsEmpty() {
        assertThat(newDomains(List.of(VPC_ONLY)).describe("d-doesnotexist9")).isEmpty();
    }
}
