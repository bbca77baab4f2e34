package io.egressallowlist.shared.studio;

import io.egressallowlist.shared.domain.StudioDomainState;
import io.egressallowlist.shared.domain.StudioDomains;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeDomainResponse;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;

import java.util.Optional;

/** {@code DescribeDomain} through the SageMaker API; read only. The studio guard's {@link StudioDomains}. */
public final class SageMakerStudioDomains implements StudioDomains {

    private final SageMakerClient client;

    public SageMakerStudioDomains(SageMakerClient client) {
        this.client = client;
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
                domain.hasSubnetIds() ? domain.subnetIds() : java.util.List.of(), domain.lastModifiedTime()));
    }
}
