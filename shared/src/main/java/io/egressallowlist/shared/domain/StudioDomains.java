package io.egressallowlist.shared.domain;

import java.util.Optional;

/** Reads Studio domains. Implemented by {@code studio.SageMakerStudioDomains}. */
public interface StudioDomains {

    /** The domain, or empty when SageMaker knows no domain with that id ({@code ResourceNotFound}). */
    Optional<StudioDomainState> describe(String domainId);
}
