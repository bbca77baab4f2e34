package io.egressallowlist.emulators.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.testing.AwsClients;
import io.egressallowlist.emulators.testing.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.AppNetworkAccessType;
import software.amazon.awssdk.services.sagemaker.model.AuthMode;
import software.amazon.awssdk.services.sagemaker.model.DescribeDomainResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeUserProfileResponse;
import software.amazon.awssdk.services.sagemaker.model.DomainDetails;
import software.amazon.awssdk.services.sagemaker.model.ListDomainsRequest;
import software.amazon.awssdk.services.sagemaker.model.ListDomainsResponse;
import software.amazon.awssdk.services.sagemaker.model.DomainStatus;
import software.amazon.awssdk.services.sagemaker.model.ListUserProfilesRequest;
import software.amazon.awssdk.services.sagemaker.model.ListUserProfilesResponse;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.model.SageMakerException;
import software.amazon.awssdk.services.sagemaker.model.SortOrder;
import software.amazon.awssdk.services.sagemaker.model.UserProfileDetails;
import software.amazon.awssdk.services.sagemaker.model.UserProfileSortKey;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static io.egressallowlist.emulators.sagemaker.SageMakerSamples.ANALYST;
import static io.egressallowlist.emulators.sagemaker.SageMakerSamples.DATA_SCIENTIST;
import static io.egressallowlist.emulators.sagemaker.SageMakerSamples.DATA_SCIENTIST_ROLE;
import static io.egressallowlist.emulators.sagemaker.SageMakerSamples.DEFAULT_EXECUTION_ROLE;
import static io.egressallowlist.emulators.sagemaker.SageMakerSamples.EXPERIMENTER;
import static io.egressallowlist.emulators.sagemaker.SageMakerSamples.PUBLIC_DOMAIN_ID;
import static io.egressallowlist.emulators.sagemaker.SageMakerSamples.VPC_ID;
import static io.egressallowlist.emulators.sagemaker.SageMakerSamples.VPC_ONLY_DOMAIN_ID;
import static io.egressallowlist.emulators.sagemaker.SageMakerSamples.VPC_ONLY_SUBNETS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

class SageMakerEmulatorTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private SageMakerEmulator emulator;
    private AwsJsonServer server;
    private SageMakerClient sageMaker;

    @BeforeEach
    void startEmulatorWithSampleStudio() throws IOException {
        emulator = new SageMakerEmulator("us-east-1", "123456789012", Clock.fixed(NOW, ZoneOffset.UTC));
        SageMakerSamples.seed(emulator);
        server = AwsJsonServer.start(0, emulator);
        sageMaker = AwsClients.sageMaker(server.endpoint());
    }

    @AfterEach
    void stop() {
        sageMaker.close();
        server.close();
    }

    // ---- DescribeDomain -----------------------------------------------------------------------------

    @Test
    void describeDomainReturnsTheVpcOnlyDomainAsSeeded() {
        DescribeDomainResponse domain = sageMaker.describeDomain(r -> r.domainId(VPC_ONLY_DOMAIN_ID));

        assertThat(domain.domainArn()).isEqualTo("arn:aws:sagemaker:us-east-1:123456789012:domain/" + VPC_ONLY_DOMAIN_ID);
        assertThat(domain.domainId()).isEqualTo(VPC_ONLY_DOMAIN_ID);
        assertThat(domain.domainName()).isEqualTo(SageMakerSamples.VPC_ONLY_DOMAIN_NAME);
        assertThat(domain.status()).isEqualTo(DomainStatus.IN_SERVICE);
        assertThat(domain.authMode()).isEqualTo(AuthMode.IAM);
        assertThat(domain.appNetworkAccessType()).isEqualTo(AppNetworkAccessType.VPC_ONLY);
        assertThat(domain.vpcId()).isEqualTo(VPC_ID);
        assertThat(domain.subnetIds()).containsExactlyElementsOf(VPC_ONLY_SUBNETS);
        assertThat(domain.defaultUserSettings().executionRole()).isEqualTo(DEFAULT_EXECUTION_ROLE);
        assertThat(domain.defaultUserSettings().securityGroups()).containsExactly("sg-0123456789abcdef0");
        assertThat(domain.domainSettings().securityGroupIds()).containsExactly("sg-0123456789abcdef0");
        assertThat(domain.creationTime()).isEqualTo(Instant.parse("2025-03-01T09:00:00Z"));
        assertThat(domain.lastModifiedTime()).isEqualTo(Instant.parse("2025-03-01T09:00:00Z"));
        assertThat(domain.url()).isEqualTo("https://" + VPC_ONLY_DOMAIN_ID + ".studio.us-east-1.sagemaker.aws");
        assertThat(domain.homeEfsFileSystemId()).matches("fs-[0-9a-f]{17}");
    }

    @Test
    void describeDomainReportsPublicInternetOnlyDomains() {
        DescribeDomainResponse domain = sageMaker.describeDomain(r -> r.domainId(PUBLIC_DOMAIN_ID));

        assertThat(domain.appNetworkAccessType()).isEqualTo(AppNetworkAccessType.PUBLIC_INTERNET_ONLY);
        assertThat(domain.defaultUserSettings().executionRole()).isEqualTo(SageMakerSamples.PUBLIC_DOMAIN_EXECUTION_ROLE);
    }

    @Test
    void describeDomainOfAnUnknownIdFailsWithResourceNotFound() {
        assertThatThrownBy(() -> sageMaker.describeDomain(r -> r.domainId("d-doesnotexist1")))
                .asInstanceOf(type(ResourceNotFoundException.class))
                .satisfies(e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceNotFound");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("d-doesnotexist1");
                    assertThat(e.requestId()).isNotBlank();
                });
    }

    @Test
    void describeDomainWithAMalformedIdFailsValidation() {
        assertThatThrownBy(() -> sageMaker.describeDomain(r -> r.domainId("D_Not-An-Id")))
                .asInstanceOf(type(SageMakerException.class))
                .satisfies(e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("1 validation error detected: "
                            + "Value 'D_Not-An-Id' at 'domainId' failed to satisfy constraint: "
                            + "Member must satisfy regular expression pattern: d-(-*[a-z0-9]){1,61}");
                });
    }

    @Test
    void describeDomainWithoutAnIdFailsValidation() {
        assertThatThrownBy(() -> sageMaker.describeDomain(r -> { }))
                .asInstanceOf(type(SageMakerException.class))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("Value null at 'domainId' failed to satisfy constraint: Member must not be null"));
    }

    @Test
    void describeDomainWithATooLongIdFailsValidation() {
        String tooLong = "d-" + "a".repeat(62);

        assertThatThrownBy(() -> sageMaker.describeDomain(r -> r.domainId(tooLong)))
                .asInstanceOf(type(SageMakerException.class))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("Member must have length less than or equal to 63"));
    }

    // ---- DescribeUserProfile ------------------------------------------------------------------------

    @Test
    void describeUserProfileReturnsTheProfilesOwnExecutionRole() {
        DescribeUserProfileResponse profile = sageMaker.describeUserProfile(r -> r
                .domainId(VPC_ONLY_DOMAIN_ID).userProfileName(DATA_SCIENTIST));

        assertThat(profile.userProfileArn()).isEqualTo("arn:aws:sagemaker:us-east-1:123456789012:user-profile/"
                + VPC_ONLY_DOMAIN_ID + "/" + DATA_SCIENTIST);
        assertThat(profile.domainId()).isEqualTo(VPC_ONLY_DOMAIN_ID);
        assertThat(profile.userProfileName()).isEqualTo(DATA_SCIENTIST);
        assertThat(profile.statusAsString()).isEqualTo("InService");
        assertThat(profile.userSettings().executionRole()).isEqualTo(DATA_SCIENTIST_ROLE);
        assertThat(profile.homeEfsFileSystemUid()).matches("[0-9]+");
        assertThat(profile.creationTime()).isEqualTo(Instant.parse("2025-03-01T09:02:00Z"));
    }

    @Test
    void describeUserProfileWithoutItsOwnRoleHasNoExecutionRole() {
        DescribeUserProfileResponse profile = sageMaker.describeUserProfile(r -> r
                .domainId(VPC_ONLY_DOMAIN_ID).userProfileName(ANALYST));

        assertThat(profile.userSettings()).isNull();
    }

    @Test
    void describeUserProfileOfAnUnknownNameFailsWithResourceNotFound() {
        assertThatThrownBy(() -> sageMaker.describeUserProfile(r -> r
                .domainId(VPC_ONLY_DOMAIN_ID).userProfileName("mallory")))
                .asInstanceOf(type(ResourceNotFoundException.class))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorMessage()).contains("mallory"));
    }

    @Test
    void describeUserProfileInTheWrongDomainFailsWithResourceNotFound() {
        assertThatThrownBy(() -> sageMaker.describeUserProfile(r -> r
                .domainId(PUBLIC_DOMAIN_ID).userProfileName(DATA_SCIENTIST)))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void describeUserProfileReportsEveryInvalidMemberInOneValidationError() {
        assertThatThrownBy(() -> sageMaker.describeUserProfile(r -> r.domainId("nope").userProfileName("-bad")))
                .asInstanceOf(type(SageMakerException.class))
                .satisfies(e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage())
                            .startsWith("2 validation errors detected: ")
                            .contains("at 'domainId'", "at 'userProfileName'");
                });
    }

    @Test
    void describeUserProfileWithoutANameFailsValidation() {
        assertThatThrownBy(() -> sageMaker.describeUserProfile(r -> r.domainId(VPC_ONLY_DOMAIN_ID)))
                .asInstanceOf(type(SageMakerException.class))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("Value null at 'userProfileName'"));
    }

    // ---- ListDomains --------------------------------------------------------------------------------

    @Test
    void listDomainsReturnsEveryDomainWithItsDetailsOldestFirst() {
        emulator.putDomain(StudioDomain.publicInternetOnly("d-later0000003", "later-studio", VPC_ID, VPC_ONLY_SUBNETS,
                DEFAULT_EXECUTION_ROLE, NOW));

        ListDomainsResponse listed = sageMaker.listDomains(r -> { });

        assertThat(listed.domains()).extracting(DomainDetails::domainId)
                .containsExactly(VPC_ONLY_DOMAIN_ID, PUBLIC_DOMAIN_ID, "d-later0000003");
        assertThat(listed.nextToken()).isNull();
        DomainDetails later = listed.domains().get(2);
        assertThat(later.domainArn()).isEqualTo("arn:aws:sagemaker:us-east-1:123456789012:domain/d-later0000003");
        assertThat(later.domainName()).isEqualTo("later-studio");
        assertThat(later.status()).isEqualTo(DomainStatus.IN_SERVICE);
        assertThat(later.creationTime()).isEqualTo(NOW);
        assertThat(later.lastModifiedTime()).isEqualTo(NOW);
        assertThat(later.url()).isEqualTo("https://d-later0000003.studio.us-east-1.sagemaker.aws");
    }

    @Test
    void listDomainsPagesThroughManyDomainsWithoutGapsOrRepeats() {
        List<String> expected = new ArrayList<>(List.of(VPC_ONLY_DOMAIN_ID, PUBLIC_DOMAIN_ID));
        for (int i = 0; i < 23; i++) {
            String id = "d-paged%07d".formatted(i);
            expected.add(id);
            emulator.putDomain(StudioDomain.vpcOnly(id, "paged-" + i, VPC_ID, VPC_ONLY_SUBNETS, null, NOW.plusSeconds(i)));
        }

        List<ListDomainsResponse> pages = sageMaker.listDomainsPaginator(ListDomainsRequest.builder().maxResults(5).build())
                .stream().toList();

        assertThat(pages).hasSize(5);
        assertThat(pages.subList(0, 4)).allSatisfy(page -> assertThat(page.nextToken()).isNotBlank());
        assertThat(pages.get(4).nextToken()).isNull();
        assertThat(pages.stream().flatMap(page -> page.domains().stream()).map(DomainDetails::domainId))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void listDomainsDefaultsToTenResultsPerPage() {
        for (int i = 0; i < 12; i++) {
            emulator.putDomain(StudioDomain.vpcOnly("d-many%08d".formatted(i), "many-" + i, VPC_ID, VPC_ONLY_SUBNETS,
                    null, NOW.plusSeconds(i)));
        }

        ListDomainsResponse first = sageMaker.listDomains(r -> { });

        assertThat(first.domains()).hasSize(10);
        assertThat(sageMaker.listDomains(r -> r.nextToken(first.nextToken())).domains()).hasSize(4);
    }

    @Test
    void listDomainsRefusesMaxResultsOutsideOneToHundred() {
        assertThatThrownBy(() -> sageMaker.listDomains(r -> r.maxResults(0)))
                .asInstanceOf(type(SageMakerException.class))
                .satisfies(e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                    assertThat(e.awsErrorDetails().errorMessage()).contains("at 'maxResults'", "greater than or equal to 1");
                });
        assertThatThrownBy(() -> sageMaker.listDomains(r -> r.maxResults(101)))
                .asInstanceOf(type(SageMakerException.class))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorMessage()).contains("less than or equal to 100"));
        assertThat(sageMaker.listDomains(r -> r.maxResults(100)).domains()).hasSize(2);
    }

    @Test
    void listDomainsRefusesATokenItNeverIssuedOrIssuedForUserProfiles() {
        String profilesToken = sageMaker.listUserProfiles(r -> r.maxResults(1)).nextToken();

        for (String token : List.of("not-a-token", profilesToken, "x".repeat(8193))) {
            assertThatThrownBy(() -> sageMaker.listDomains(r -> r.nextToken(token)))
                    .asInstanceOf(type(SageMakerException.class))
                    .satisfies(e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        }
    }

    // ---- ListUserProfiles ---------------------------------------------------------------------------

    @Test
    void listUserProfilesReturnsAllProfilesOldestFirstByDefault() {
        ListUserProfilesResponse page = sageMaker.listUserProfiles(r -> { });

        assertThat(page.userProfiles()).extracting(UserProfileDetails::userProfileName)
                .containsExactly(DATA_SCIENTIST, ANALYST, EXPERIMENTER);
        assertThat(page.userProfiles().get(0).domainId()).isEqualTo(VPC_ONLY_DOMAIN_ID);
        assertThat(page.userProfiles().get(0).statusAsString()).isEqualTo("InService");
        assertThat(page.userProfiles().get(0).creationTime()).isEqualTo(Instant.parse("2025-03-01T09:02:00Z"));
        assertThat(page.nextToken()).isNull();
    }

    @Test
    void listUserProfilesFiltersByDomainAndNameFragment() {
        assertThat(sageMaker.listUserProfiles(r -> r.domainIdEquals(VPC_ONLY_DOMAIN_ID)).userProfiles())
                .extracting(UserProfileDetails::userProfileName).containsExactly(DATA_SCIENTIST, ANALYST);
        assertThat(sageMaker.listUserProfiles(r -> r.userProfileNameContains("experiment")).userProfiles())
                .extracting(UserProfileDetails::userProfileName).containsExactly(EXPERIMENTER);
        assertThat(sageMaker.listUserProfiles(r -> r.domainIdEquals("d-nosuchdomain")).userProfiles()).isEmpty();
    }

    @Test
    void listUserProfilesSortsDescendingAndByLastModifiedTime() {
        Instant later = NOW.plusSeconds(3600);
        emulator.putUserProfile(new StudioUserProfile(VPC_ONLY_DOMAIN_ID, "zed", null, "InService",
                Instant.parse("2025-01-01T00:00:00Z"), later));

        assertThat(sageMaker.listUserProfiles(r -> r.sortOrder(SortOrder.DESCENDING)).userProfiles())
                .extracting(UserProfileDetails::userProfileName)
                .containsExactly(EXPERIMENTER, ANALYST, DATA_SCIENTIST, "zed");
        assertThat(sageMaker.listUserProfiles(r -> r.sortBy(UserProfileSortKey.LAST_MODIFIED_TIME)
                        .sortOrder(SortOrder.DESCENDING)).userProfiles())
                .extracting(UserProfileDetails::userProfileName)
                .containsExactly("zed", EXPERIMENTER, ANALYST, DATA_SCIENTIST);
    }

    @Test
    void listUserProfilesPagesThroughManyProfilesWithoutGapsOrRepeats() {
        List<String> seeded = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            String name = "user-%02d".formatted(i);
            seeded.add(name);
            emulator.putUserProfile(StudioUserProfile.of(VPC_ONLY_DOMAIN_ID, name, null, NOW.plusSeconds(i)));
        }

        ListUserProfilesRequest request = ListUserProfilesRequest.builder()
                .domainIdEquals(VPC_ONLY_DOMAIN_ID).userProfileNameContains("user-").maxResults(5).build();
        List<ListUserProfilesResponse> pages = sageMaker.listUserProfilesPaginator(request).stream().toList();

        assertThat(pages).hasSize(5);
        assertThat(pages.subList(0, 4)).allSatisfy(page -> {
            assertThat(page.userProfiles()).hasSize(5);
            assertThat(page.nextToken()).isNotBlank();
        });
        assertThat(pages.get(4).userProfiles()).hasSize(3);
        assertThat(pages.get(4).nextToken()).isNull();
        assertThat(pages.stream().flatMap(page -> page.userProfiles().stream()).map(UserProfileDetails::userProfileName))
                .containsExactlyElementsOf(seeded);
    }

    @Test
    void listUserProfilesDefaultsToTenResultsPerPage() {
        for (int i = 0; i < 12; i++) {
            emulator.putUserProfile(StudioUserProfile.of(PUBLIC_DOMAIN_ID, "p" + i, null, NOW.plusSeconds(i)));
        }

        ListUserProfilesResponse first = sageMaker.listUserProfiles(r -> r.domainIdEquals(PUBLIC_DOMAIN_ID));

        assertThat(first.userProfiles()).hasSize(10);
        assertThat(first.nextToken()).isNotNull();
    }

    @Test
    void listUserProfilesRefusesATokenItNeverIssued() {
        assertThatThrownBy(() -> sageMaker.listUserProfiles(r -> r.nextToken("not-a-token")))
                .asInstanceOf(type(SageMakerException.class))
                .satisfies(e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                });
    }

    @Test
    void listUserProfilesRefusesATokenFromADifferentQuery() {
        String token = sageMaker.listUserProfiles(r -> r.maxResults(1)).nextToken();

        assertThatThrownBy(() -> sageMaker.listUserProfiles(r -> r.nextToken(token).domainIdEquals(PUBLIC_DOMAIN_ID)))
                .isInstanceOf(SageMakerException.class);
    }

    @Test
    void listUserProfilesRefusesMaxResultsOutsideOneToHundred() {
        assertThatThrownBy(() -> sageMaker.listUserProfiles(r -> r.maxResults(0)))
                .asInstanceOf(type(SageMakerException.class))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("at 'maxResults'", "greater than or equal to 1"));
        assertThatThrownBy(() -> sageMaker.listUserProfiles(r -> r.maxResults(101)))
                .asInstanceOf(type(SageMakerException.class))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorMessage())
                        .contains("less than or equal to 100"));
    }

    @Test
    void listUserProfilesRefusesUnknownSortValuesAndMalformedFilters() {
        assertThatThrownBy(() -> sageMaker.listUserProfiles(r -> r.sortOrder("Sideways").sortBy("Name")
                .domainIdEquals("domain-1").userProfileNameContains("a b")))
                .asInstanceOf(type(SageMakerException.class))
                .satisfies(e -> assertThat(e.awsErrorDetails().errorMessage())
                        .startsWith("4 validation errors detected")
                        .contains("Member must satisfy enum value set: [Ascending, Descending]",
                                "Member must satisfy enum value set: [CreationTime, LastModifiedTime]",
                                "at 'domainIdEquals'", "at 'userProfileNameContains'"));
    }

    // ---- generic faults -----------------------------------------------------------------------------

    @Test
    void throttlingIsRetriedByTheSdkUntilTheCallSucceeds() {
        server.faults(SageMakerEmulator.TARGET_PREFIX).throttleNext(AwsClients.MAX_ATTEMPTS - 1);

        DescribeDomainResponse domain = sageMaker.describeDomain(r -> r.domainId(VPC_ONLY_DOMAIN_ID));

        assertThat(domain.domainId()).isEqualTo(VPC_ONLY_DOMAIN_ID);
        assertThat(server.calls().count(SageMakerEmulator.TARGET_PREFIX, "DescribeDomain"))
                .isEqualTo(AwsClients.MAX_ATTEMPTS);
    }

    @Test
    void persistentThrottlingSurfacesAsThrottlingException() {
        server.faults(SageMakerEmulator.TARGET_PREFIX).throttleNext(AwsClients.MAX_ATTEMPTS);

        assertThatThrownBy(() -> sageMaker.describeDomain(r -> r.domainId(VPC_ONLY_DOMAIN_ID)))
                .asInstanceOf(type(SageMakerException.class))
                .satisfies(e -> {
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                    assertThat(e.isThrottlingException()).isTrue();
                });
    }

    @Test
    void internalFailureIsAServerFaultThatTheSdkRetries() {
        server.faults(SageMakerEmulator.TARGET_PREFIX).internalErrorNext(AwsClients.MAX_ATTEMPTS);

        assertThatThrownBy(() -> sageMaker.listUserProfiles(r -> { }))
                .asInstanceOf(type(SageMakerException.class))
                .satisfies(e -> {
                    assertThat(e.statusCode()).isEqualTo(500);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalFailure");
                });
        assertThat(server.calls().count(SageMakerEmulator.TARGET_PREFIX, "ListUserProfiles"))
                .isEqualTo(AwsClients.MAX_ATTEMPTS);
    }

    // ---- wire format --------------------------------------------------------------------------------

    @Test
    void errorsCarryTheBareErrorNameInTypeAsAwsJson11Requires() {
        HttpResponse<String> response = RawHttp.awsJson11(server.endpoint(), "SageMaker.DescribeDomain",
                "{\"DomainId\":\"d-doesnotexist1\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
        assertThat(response.headers().firstValue("x-amzn-RequestId")).isPresent();
        JsonNode body = RawHttp.json(response);
        assertThat(body.get("__type").asText()).isEqualTo("ResourceNotFound");
        assertThat(body.get("Message").asText()).contains("d-doesnotexist1");
    }

    @Test
    void timestampsAreEpochSecondsOnTheWire() {
        JsonNode body = RawHttp.json(RawHttp.awsJson11(server.endpoint(), "SageMaker.DescribeDomain",
                "{\"DomainId\":\"" + VPC_ONLY_DOMAIN_ID + "\"}"));

        assertThat(body.get("CreationTime").isNumber()).isTrue();
        assertThat(body.get("CreationTime").asLong()).isEqualTo(Instant.parse("2025-03-01T09:00:00Z").getEpochSecond());
    }

    @Test
    void anOperationTheEmulatorDoesNotImplementIsRefused() {
        HttpResponse<String> response = RawHttp.awsJson11(server.endpoint(), "SageMaker.CreateDomain", "{}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(response).get("__type").asText()).isEqualTo("UnknownOperationException");
    }

    // ---- admin API ----------------------------------------------------------------------------------

    @Test
    void adminPutDomainAddsADomainThatDescribeDomainReturns() {
        HttpResponse<String> response = RawHttp.admin(server.endpoint(), "sagemaker/put-domain", """
                {"DomainId":"d-adminadded01","DomainName":"added","AppNetworkAccessType":"VpcOnly",
                 "VpcId":"vpc-0fedcba9876543210","SubnetIds":["subnet-011112222333344445"],
                 "ExecutionRole":"arn:aws:iam::123456789012:role/AddedRole"}""");

        assertThat(response.statusCode()).isEqualTo(200);
        DescribeDomainResponse domain = sageMaker.describeDomain(r -> r.domainId("d-adminadded01"));
        assertThat(domain.appNetworkAccessType()).isEqualTo(AppNetworkAccessType.VPC_ONLY);
        assertThat(domain.defaultUserSettings().executionRole()).isEqualTo("arn:aws:iam::123456789012:role/AddedRole");
        assertThat(domain.creationTime()).isEqualTo(NOW);
    }

    @Test
    void adminPutDomainUpdatesOnlyTheGivenMembersOfAnExistingDomain() {
        RawHttp.admin(server.endpoint(), "sagemaker/put-domain",
                "{\"DomainId\":\"" + VPC_ONLY_DOMAIN_ID + "\",\"AppNetworkAccessType\":\"PublicInternetOnly\"}");

        DescribeDomainResponse domain = sageMaker.describeDomain(r -> r.domainId(VPC_ONLY_DOMAIN_ID));
        assertThat(domain.appNetworkAccessType()).isEqualTo(AppNetworkAccessType.PUBLIC_INTERNET_ONLY);
        assertThat(domain.subnetIds()).containsExactlyElementsOf(VPC_ONLY_SUBNETS);
        assertThat(domain.defaultUserSettings().executionRole()).isEqualTo(DEFAULT_EXECUTION_ROLE);
        assertThat(domain.creationTime()).isEqualTo(Instant.parse("2025-03-01T09:00:00Z"));
        assertThat(domain.lastModifiedTime()).isEqualTo(NOW);
    }

    @Test
    void adminPutUserProfileAddsAProfileWithOrWithoutItsOwnRole() {
        RawHttp.admin(server.endpoint(), "sagemaker/put-user-profile", "{\"DomainId\":\"" + VPC_ONLY_DOMAIN_ID
                + "\",\"UserProfileName\":\"dave\",\"ExecutionRole\":\"arn:aws:iam::123456789012:role/Dave\"}");
        RawHttp.admin(server.endpoint(), "sagemaker/put-user-profile",
                "{\"DomainId\":\"" + VPC_ONLY_DOMAIN_ID + "\",\"UserProfileName\":\"erin\"}");

        assertThat(sageMaker.describeUserProfile(r -> r.domainId(VPC_ONLY_DOMAIN_ID).userProfileName("dave"))
                .userSettings().executionRole()).isEqualTo("arn:aws:iam::123456789012:role/Dave");
        assertThat(sageMaker.describeUserProfile(r -> r.domainId(VPC_ONLY_DOMAIN_ID).userProfileName("erin"))
                .userSettings()).isNull();
    }

    @Test
    void adminResetRemovesEverythingAndSeedSamplesRestoresTheSampleStudio() {
        assertThat(RawHttp.admin(server.endpoint(), "sagemaker/reset", "").statusCode()).isEqualTo(200);
        assertThat(sageMaker.listUserProfiles(r -> { }).userProfiles()).isEmpty();
        assertThatThrownBy(() -> sageMaker.describeDomain(r -> r.domainId(VPC_ONLY_DOMAIN_ID)))
                .isInstanceOf(ResourceNotFoundException.class);

        assertThat(RawHttp.admin(server.endpoint(), "sagemaker/seed-samples", "{}").statusCode()).isEqualTo(200);
        assertThat(sageMaker.listUserProfiles(r -> { }).userProfiles()).hasSize(3);
    }

    @Test
    void adminRefusesInvalidSeedsWithAClearMessage() {
        HttpResponse<String> vpcOnlyWithoutSubnets = RawHttp.admin(server.endpoint(), "sagemaker/put-domain",
                "{\"DomainId\":\"d-nosubnets001\",\"AppNetworkAccessType\":\"VpcOnly\"}");
        HttpResponse<String> profileWithoutDomain = RawHttp.admin(server.endpoint(), "sagemaker/put-user-profile",
                "{\"DomainId\":\"d-nosuchdomain\",\"UserProfileName\":\"x\"}");
        HttpResponse<String> unknownAction = RawHttp.admin(server.endpoint(), "sagemaker/delete-everything", "{}");

        assertThat(vpcOnlyWithoutSubnets.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(vpcOnlyWithoutSubnets).get("error").asText()).contains("VpcOnly domain needs");
        assertThat(profileWithoutDomain.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(profileWithoutDomain).get("error").asText()).contains("seed the domain first");
        assertThat(unknownAction.statusCode()).isEqualTo(400);
        assertThat(RawHttp.json(unknownAction).get("error").asText()).contains("put-domain");
    }

    // ---- Java seeding API ---------------------------------------------------------------------------

    @Test
    void sampleStudioFactoryHoldsOneVpcOnlyAndOnePublicDomain() {
        SageMakerEmulator samples = SageMakerEmulator.withSampleStudio();

        assertThat(samples.domain(VPC_ONLY_DOMAIN_ID)).get()
                .extracting(StudioDomain::appNetworkAccessType).isEqualTo(
                        io.egressallowlist.emulators.sagemaker.AppNetworkAccessType.VpcOnly);
        assertThat(samples.domain(PUBLIC_DOMAIN_ID)).get()
                .extracting(StudioDomain::appNetworkAccessType).isEqualTo(
                        io.egressallowlist.emulators.sagemaker.AppNetworkAccessType.PublicInternetOnly);
    }

    @Test
    void updateDomainChangesAnExistingDomainAsDescribeDomainThenReports() {
        emulator.updateDomain(VPC_ONLY_DOMAIN_ID, domain -> domain
                .withAppNetworkAccessType(io.egressallowlist.emulators.sagemaker.AppNetworkAccessType.PublicInternetOnly, NOW)
                .withDefaultExecutionRole("arn:aws:iam::123456789012:role/Replaced", NOW));

        DescribeDomainResponse domain = sageMaker.describeDomain(r -> r.domainId(VPC_ONLY_DOMAIN_ID));
        assertThat(domain.appNetworkAccessType()).isEqualTo(AppNetworkAccessType.PUBLIC_INTERNET_ONLY);
        assertThat(domain.defaultUserSettings().executionRole()).isEqualTo("arn:aws:iam::123456789012:role/Replaced");
        assertThat(domain.lastModifiedTime()).isEqualTo(NOW);
        assertThatThrownBy(() -> emulator.updateDomain("d-unknown", d -> d))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no domain d-unknown");
    }

    @Test
    void seedRecordsRefuseValuesTheApiModelWouldNeverReturn() {
        assertThatThrownBy(() -> StudioDomain.vpcOnly("domain-1", "n", VPC_ID, VPC_ONLY_SUBNETS, null, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("domainId must match");
        assertThatThrownBy(() -> StudioDomain.vpcOnly("d-abc", "n", VPC_ID, VPC_ONLY_SUBNETS, "not-an-arn", NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("IAM role ARN");
        assertThatThrownBy(() -> StudioUserProfile.of("d-abc", "bad name", null, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userProfileName must match");
        assertThatThrownBy(() -> StudioDomain.vpcOnly("d-abc", "n", VPC_ID, VPC_ONLY_SUBNETS, null, NOW)
                .withStatus("Running", NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("status must be one of");
    }
}
