package io.egressallowlist.shared.studio;

import io.egressallowlist.shared.domain.StudioDomainState;
import io.egressallowlist.shared.domain.StudioDomains;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeDomainResponse;
import software.amazon.awssdk.services.sagemaker.model.DomainDetails;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;

import java.util.List;
import java.util.Optional;

/**
 * {@code ListDomains} and {@code DescribeDomain} through the SageMaker API; read only. The studio guard's
 * {@link StudioDomains}.
 */
public final class SageMakerStudioDomains implements StudioDomains {

    /** ListDomains answers at most 100 domains a page (MaxResults 1–100, default 10; SageMaker API reference). */
    static final int PAGE_SIZE = 100;

    private final SageMakerClient client;

    public SageMakerStudioDomains(SageMakerClient client) {
        this.client = client;
    }

    /** Follows {@code NextToken} until SageMaker returns none: the SDK's paginator does exactly that. */
    @Override
    public List<String> listDomainIds() {
        return client.listDomainsPaginator(b -> b.maxResults(PAGE_SIZE)).domains().stream()
                .map(DomainDetails::domainId)
                .toList();
    }

    @Override
    public Optional<StudioDomainState> describe(String domainId) {
        DescribeDomainResponse domain;
        try {
            domain = client.describeDomain(b -> b.domainId(domainId));
        } catch (ResourceNotFoundException unknown) {
            // SageMaker's error is named ResourceNotFound, without "Exception" (aws-api-notes §2).
            return Optional.empty();
        }
        return Optional.of(new StudioDomainState(domain.domainId(), domain.domainName(), domain.statusAsString(),
                domain.appNetworkAccessTypeAsString(), domain.vpcId(),
                domain.hasSubnetIds() ? domain.subnetIds() : List.of(), domain.lastModifiedTime()));
    }
}
