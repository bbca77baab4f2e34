package io.egressallowlist.shared.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What {@code DescribeDomain} says about a Studio domain, as far as the egress guard cares.
 *
 * @param appNetworkAccessType {@code VpcOnly} or {@code PublicInternetOnly} (aws-api-notes §2), as reported
 * @param subnetIds            the subnets Studio apps run in
 * @param lastModified         changes whenever the domain is updated; a finding is reported once per state
 */
public record StudioDomainState(String domainId, String domainName, String status, String appNetworkAccessType,
                                String vpcId, List<String> subnetIds, Instant lastModified) {
    public StudioDomainState {
        Objects.requireNonNull(domainId, "domainId");
        subnetIds = subnetIds == null ? List.of() : List.copyOf(subnetIds);
    }
}
