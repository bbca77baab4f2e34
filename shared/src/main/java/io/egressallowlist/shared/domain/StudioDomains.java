package io.egressallowlist.shared.domain;

import java.util.List;
import java.util.Optional;

/** Reads Studio domains. Implemented by {@code studio.SageMakerStudioDomains}. */
public interface StudioDomains {

    /**
     * The id of every domain of the account and region, however many pages SageMaker answers them in; a domain
     * created after the last look is among them, whoever created it and whether or not anyone was told.
     */
    List<String> listDomainIds();

    /** The domain, or empty when SageMaker knows no domain with that id ({@code ResourceNotFound}). */
    Optional<StudioDomainState> describe(String domainId);
}
