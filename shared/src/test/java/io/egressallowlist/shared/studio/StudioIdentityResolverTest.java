package io.egressallowlist.shared.studio;

import io.egressallowlist.shared.domain.AssumedRoleArn;
import io.egressallowlist.shared.domain.StudioIdentity;
import io.egressallowlist.emulators.junit.MutableClock;
import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.sagemaker.SageMakerEmulator;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.emulators.sagemaker.StudioUserProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static io.egressallowlist.emulators.sagemaker.SageMakerSamples.ACCOUNT_ID;
import static org.assertj.core.api.Assertions.assertThat;

class StudioIdentityResolverTest {

    private static final String ALICE_ROLE_SESSION = "arn:aws:sts::" + ACCOUNT_ID
            + ":assumed-role/AliceStudioExecutionRole/";
    private static final String DEFAULT_ROLE_SESSION = "arn:aws:sts::" + ACCOUNT_ID
            + ":assumed-role/StudioDefaultExecutionRole/";

    private final SageMakerEmulator sageMaker = SageMakerEmulator.withSampleStudio();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private AwsJsonServer server;
    private SageMakerClient client;

    @BeforeEach
    void start() throws IOException {
        server = AwsJsonServer.start(0, sageMaker);
        client = SageMakerClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private StudioIdentityResolver resolver(String... domainIds) {
        return new StudioIdentityResolver(client, List.of(domainIds), clock, Duration.ofMinutes(5));
    }

    @Test
    void aSessionOfAProfilesOwnRoleIsThatProfile() {
        StudioIdentity identity = resolver(SageMakerSamples.VPC_ONLY_DOMAIN_ID)
                .resolve(ALICE_ROLE_SESSION + SageMakerSamples.DATA_SCIENTIST);

        assertThat(identity).isEqualTo(new StudioIdentity.Profile(SageMakerSamples.VPC_ONLY_DOMAIN_ID,
                SageMakerSamples.DATA_SCIENTIST, SageMakerSamples.DATA_SCIENTIST_ROLE,
                StudioIdentity.RoleSource.USER_PROFILE));
    }

    @Test
    void aDedicatedRoleIdentifiesItsProfileWhateverTheSessionName() {
        StudioIdentity identity = resolver(SageMakerSamples.VPC_ONLY_DOMAIN_ID).resolve(ALICE_ROLE_SESSION + "SageMaker");

        assertThat(((StudioIdentity.Profile) identity).userProfileName()).isEqualTo(SageMakerSamples.DATA_SCIENTIST);
    }

    @Test
    void aProfileWithoutItsOwnRoleIsFoundThroughTheDomainDefaultRole() {
        StudioIdentity identity = resolver(SageMakerSamples.VPC_ONLY_DOMAIN_ID)
                .resolve(DEFAULT_ROLE_SESSION + SageMakerSamples.ANALYST);

        assertThat(identity).isEqualTo(new StudioIdentity.Profile(SageMakerSamples.VPC_ONLY_DOMAIN_ID,
                SageMakerSamples.ANALYST, SageMakerSamples.DEFAULT_EXECUTION_ROLE,
                StudioIdentity.RoleSource.DOMAIN_DEFAULT));
    }

    @Test
    void aSharedDefaultRoleIsResolvedByTheSessionNameOrReportedAmbiguous() {
        sageMaker.putUserProfile(StudioUserProfile.of(SageMakerSamples.VPC_ONLY_DOMAIN_ID, "dave-analyst", null,
                Instant.parse("2025-04-01T00:00:00Z")));
        StudioIdentityResolver resolver = resolver(SageMakerSamples.VPC_ONLY_DOMAIN_ID);

        assertThat(((StudioIdentity.Profile) resolver.resolve(DEFAULT_ROLE_SESSION + "dave-analyst")).userProfileName())
                .isEqualTo("dave-analyst");
        assertThat(resolver.resolve(DEFAULT_ROLE_SESSION + "someone-else")).isEqualTo(
                new StudioIdentity.AmbiguousProfile(SageMakerSamples.DEFAULT_EXECUTION_ROLE, List.of(
                        SageMakerSamples.VPC_ONLY_DOMAIN_ID + "/bob-analyst",
                        SageMakerSamples.VPC_ONLY_DOMAIN_ID + "/dave-analyst")));
    }

    @Test
    void onlyTheConfiguredDomainsCount() {
        StudioIdentity identity = resolver(SageMakerSamples.VPC_ONLY_DOMAIN_ID).resolve("arn:aws:sts::" + ACCOUNT_ID
                + ":assumed-role/StudioPublicExecutionRole/" + SageMakerSamples.EXPERIMENTER);

        assertThat(identity).isInstanceOf(StudioIdentity.NotStudio.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "arn:aws:iam::123456789012:user/operator",
            "arn:aws:sts::123456789012:assumed-role/PlatformAdmin/jane",
            "arn:aws:sts::999999999999:assumed-role/AliceStudioExecutionRole/alice-data-scientist",
            "arn:aws:sts::123456789012:federated-user/bob",
            "not an arn"})
    void aCallerThatIsNoStudioExecutionRoleIsNotStudio(String principal) {
        assertThat(resolver(SageMakerSamples.VPC_ONLY_DOMAIN_ID).resolve(principal))
                .isInstanceOf(StudioIdentity.NotStudio.class);
    }

    @Test
    void aMissingConfiguredDomainIsSkipped() {
        StudioIdentity identity = resolver("d-doesnotexist1", SageMakerSamples.VPC_ONLY_DOMAIN_ID)
                .resolve(ALICE_ROLE_SESSION + SageMakerSamples.DATA_SCIENTIST);

        assertThat(identity).isInstanceOf(StudioIdentity.Profile.class);
    }

    @Test
    void theIndexIsCachedUntilItsTimeToLivePasses() {
        StudioIdentityResolver resolver = resolver(SageMakerSamples.VPC_ONLY_DOMAIN_ID);
        resolver.resolve(ALICE_ROLE_SESSION + SageMakerSamples.DATA_SCIENTIST);
        long callsAfterFirst = server.calls().calls().size();
        sageMaker.putUserProfile(StudioUserProfile.of(SageMakerSamples.VPC_ONLY_DOMAIN_ID, "erin", null,
                Instant.parse("2025-05-01T00:00:00Z")));

        assertThat(resolver.resolve(DEFAULT_ROLE_SESSION + "erin")).isInstanceOf(StudioIdentity.Profile.class)
                .extracting(p -> ((StudioIdentity.Profile) p).userProfileName()).isEqualTo(SageMakerSamples.ANALYST);
        assertThat(server.calls().calls().size()).isEqualTo(callsAfterFirst);

        clock.advance(Duration.ofMinutes(5));
        assertThat(((StudioIdentity.Profile) resolver.resolve(DEFAULT_ROLE_SESSION + "erin")).userProfileName())
                .isEqualTo("erin");
    }

    @Test
    void whenSageMakerFailsTheCachedIndexKeepsBeingUsed() {
        StudioIdentityResolver resolver = resolver(SageMakerSamples.VPC_ONLY_DOMAIN_ID);
        resolver.resolve(ALICE_ROLE_SESSION + SageMakerSamples.DATA_SCIENTIST);
        server.faults(SageMakerEmulator.TARGET_PREFIX).internalErrorNext(100);
        clock.advance(Duration.ofMinutes(10));

        assertThat(resolver.resolve(ALICE_ROLE_SESSION + SageMakerSamples.DATA_SCIENTIST))
                .isInstanceOf(StudioIdentity.Profile.class);
    }

    @Test
    void whenSageMakerCannotBeReadAtAllTheIdentityIsUnavailable() {
        server.faults(SageMakerEmulator.TARGET_PREFIX).internalErrorNext(100);

        assertThat(resolver(SageMakerSamples.VPC_ONLY_DOMAIN_ID).resolve(ALICE_ROLE_SESSION + "x1"))
                .isInstanceOf(StudioIdentity.Unavailable.class);
    }

    @ParameterizedTest
    @CsvSource({
            "arn:aws:sts::123456789012:assumed-role/AliceStudioExecutionRole/s1, arn:aws:iam::123456789012:role/service-role/AliceStudioExecutionRole, true",
            "arn:aws:sts::123456789012:assumed-role/AliceStudioExecutionRole/s1, arn:aws:iam::123456789012:role/AliceStudioExecutionRole, true",
            "arn:aws:sts::123456789012:assumed-role/AliceStudioExecutionRole/s1, arn:aws:iam::210987654321:role/AliceStudioExecutionRole, false",
            "arn:aws:sts::123456789012:assumed-role/AliceStudioExecutionRole/s1, arn:aws-cn:iam::123456789012:role/AliceStudioExecutionRole, false",
            "arn:aws:sts::123456789012:assumed-role/Alice/s1, arn:aws:iam::123456789012:role/AliceStudioExecutionRole, false",
            "arn:aws:sts::123456789012:assumed-role/Alice/s1, arn:aws:iam::123456789012:user/Alice, false"})
    void anAssumedRoleSessionBelongsToTheRoleWithTheSameAccountAndNameWhateverItsPath(String session, String role,
                                                                                      boolean belongs) {
        assertThat(AssumedRoleArn.parse(session).orElseThrow().isSessionOf(role)).isEqualTo(belongs);
    }
}
