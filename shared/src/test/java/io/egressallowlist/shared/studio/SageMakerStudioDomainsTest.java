package io.egressallowlist.shared.studio;

import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.sagemaker.SageMakerEmulator;
import io.egressallowlist.emulators.sagemaker.StudioDomain;
import io.egressallowlist.shared.domain.StudioDomainState;
import io.egressallowlist.shared.domain.StudioDomains;
import io.egressallowlist.shared.domain.StudioDomainsContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The Studio domains contract through the SDK's SageMakerClient against the SageMaker emulator (awsJson1_1). */
class SageMakerStudioDomainsTest extends StudioDomainsContract {

    private final SageMakerEmulator emulator = SageMakerEmulator.create();
    private AwsJsonServer server;
    private SageMakerClient client;

    @BeforeEach
    void start() throws IOException {
        server = AwsJsonServer.start(0, emulator);
        client = SageMakerClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Override
    protected StudioDomains newDomains(List<StudioDomainState> domains) {
        domains.forEach(this::put);
        return new SageMakerStudioDomains(client);
    }

    @Override
    protected void createLater(StudioDomains store, StudioDomainState domain) {
        put(domain);
    }

    private void put(StudioDomainState domain) {
        emulator.putDomain("VpcOnly".equals(domain.appNetworkAccessType())
                ? StudioDomain.vpcOnly(domain.domainId(), domain.domainName(), domain.vpcId(), domain.subnetIds(), null,
                        domain.lastModified())
                : StudioDomain.publicInternetOnly(domain.domainId(), domain.domainName(), domain.vpcId(),
                        domain.subnetIds(), null, domain.lastModified()));
    }

    @Test
    void theListingAsksForFullPagesAndFollowsEveryToken() {
        newDomains(List.of(VPC_ONLY, PUBLIC));
        for (int i = 0; i < SageMakerStudioDomains.PAGE_SIZE; i++) {
            put(new StudioDomainState("d-page%08d".formatted(i), "page-" + i, "InService", "VpcOnly", VPC,
                    VPC_ONLY.subnetIds(), CREATED.plusSeconds(120 + i)));
        }

        List<String> listed = new SageMakerStudioDomains(client).listDomainIds();

        assertThat(listed).hasSize(SageMakerStudioDomains.PAGE_SIZE + 2).startsWith(VPC_ONLY.domainId(), PUBLIC.domainId());
        assertThat(server.calls().count(SageMakerEmulator.TARGET_PREFIX, "ListDomains")).isEqualTo(2);
    }
}
