package io.egressallowlist.emulators.ec2;

import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.core.CallLog;
import io.egressallowlist.emulators.sagemaker.SageMakerEmulator;
import io.egressallowlist.emulators.sagemaker.SageMakerSamples;
import io.egressallowlist.emulators.testing.AwsClients;
import io.egressallowlist.emulators.testing.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesRequest;
import software.amazon.awssdk.services.ec2.model.DescribeNetworkInterfacesResponse;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.NetworkInterfaceStatus;
import software.amazon.awssdk.services.ec2.model.NetworkInterfaceType;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The EC2 emulator driven through the real {@code Ec2Client}, beside a JSON-protocol service on the same port. */
class Ec2EmulatorTest {

    private final Ec2Emulator ec2 = Ec2Emulator.withSampleStudio();
    private final AwsJsonServer server = start(ec2);
    private final Ec2Client client = AwsClients.ec2(server.endpoint());

    private static AwsJsonServer start(Ec2Emulator ec2) {
        try {
            return AwsJsonServer.start(0, List.of(SageMakerEmulator.withSampleStudio()), List.of(ec2));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    // ---- the answer as the SDK reads it ----------------------------------------------------------------

    @Test
    void theAppInterfaceOfAnAddressComesBackWithEverythingSageMakerWroteOnIt() {
        List<NetworkInterface> found = describe(filter("addresses.private-ip-address", Ec2Samples.DATA_SCIENTIST_APP_ADDRESS));

        assertThat(found).hasSize(1);
        NetworkInterface app = found.get(0);
        assertThat(app.networkInterfaceId()).isEqualTo(Ec2Samples.DATA_SCIENTIST_APP_INTERFACE);
        assertThat(app.subnetId()).isEqualTo(Ec2Samples.SUBNET_A.subnetId());
        assertThat(app.vpcId()).isEqualTo(SageMakerSamples.VPC_ID);
        assertThat(app.availabilityZone()).isEqualTo("us-east-1a");
        assertThat(app.description()).isEqualTo("[DO NOT DELETE] ENI managed by SageMaker for Studio Domain("
                + SageMakerSamples.VPC_ONLY_DOMAIN_ID + ") - a09d795df1d5926f328cb6564db19ab2");
        assertThat(app.ownerId()).isEqualTo(SageMakerSamples.ACCOUNT_ID);
        assertThat(app.requesterId()).isEqualTo(Ec2Samples.SAGEMAKER_REQUESTER_ID);
        assertThat(app.requesterManaged()).isTrue();
        assertThat(app.status()).isEqualTo(NetworkInterfaceStatus.IN_USE);
        assertThat(app.interfaceType()).isEqualTo(NetworkInterfaceType.INTERFACE);
        assertThat(app.privateIpAddress()).isEqualTo(Ec2Samples.DATA_SCIENTIST_APP_ADDRESS);
        assertThat(app.privateDnsName()).isEqualTo("ip-10-0-1-23.ec2.internal");
        assertThat(app.privateIpAddresses()).singleElement().satisfies(address -> {
            assertThat(address.privateIpAddress()).isEqualTo(Ec2Samples.DATA_SCIENTIST_APP_ADDRESS);
            assertThat(address.primary()).isTrue();
        });
        assertThat(app.groups()).singleElement().satisfies(group ->
                assertThat(group.groupId()).isEqualTo(Ec2Samples.STUDIO_SECURITY_GROUP));
        assertThat(app.tagSet()).isEmpty();
    }

    @Test
    void tagsAndMarkupInADescriptionSurviveTheXmlUnchanged() {
        ec2.register(Ec2Samples.studioAppInterface("eni-0123456789abcdef0", Ec2Samples.SUBNET_A, "10.0.2.2", "x")
                .withTags(Map.of("sagemaker:user-profile-name", "<b>dana</b> & co", "team", "risk")));

        NetworkInterface found = describe(filter("private-ip-address", "10.0.2.2")).get(0);

        assertThat(found.tagSet()).extracting(t -> t.key() + "=" + t.value())
                .containsExactlyInAnyOrder("sagemaker:user-profile-name=<b>dana</b> & co", "team=risk");
        assertThat(found.requesterId()).isEqualTo(Ec2Samples.SAGEMAKER_REQUESTER_ID);
    }

    // ---- filters --------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', value = {
            "addresses.private-ip-address | 10.0.65.42                     | eni-0b0ba1a1157a2b002",
            "private-ip-address           | 10.0.1.23                      | eni-0a1ce5c1e4715a001",
            "network-interface-id         | eni-0b0ba1a1157a2b002           | eni-0b0ba1a1157a2b002",
            "subnet-id                    | subnet-0ee55ff66aa77bb88        | eni-0b0ba1a1157a2b002 eni-0efe0b0000000b004",
            "description                  | EFS mount target for *          | eni-0efe0a0000000a003 eni-0efe0b0000000b004",
            "description                  | *Studio Domain(d-vpconly0sample1)* | eni-0a1ce5c1e4715a001 eni-0b0ba1a1157a2b002",
            "requester-id                 | amazon-sagemaker                | eni-0a1ce5c1e4715a001 eni-0b0ba1a1157a2b002",
            "private-ip-address           | 10.0.1.2?                      | eni-0a1ce5c1e4715a001",
            "private-ip-address           | 10.0.9.9                       | ''",
    })
    void eachFilterSelectsTheInterfacesItNames(String name, String value, String expectedIds) {
        assertThat(describe(filter(name, value))).extracting(NetworkInterface::networkInterfaceId)
                .containsExactlyElementsOf(expectedIds.isBlank() ? List.of() : List.of(expectedIds.split(" ")));
    }

    @Test
    void aTagFilterMatchesTheValueOfThatKeyOnly() {
        ec2.register(Ec2Samples.studioAppInterface("eni-0123456789abcdef0", Ec2Samples.SUBNET_A, "10.0.2.2", "x")
                .withTags(Map.of("team", "risk")));
        ec2.register(Ec2Samples.studioAppInterface("eni-0123456789abcdef1", Ec2Samples.SUBNET_A, "10.0.2.3", "y")
                .withTags(Map.of("owner", "risk")));

        assertThat(describe(filter("tag:team", "risk"))).extracting(NetworkInterface::networkInterfaceId)
                .containsExactly("eni-0123456789abcdef0");
        assertThat(describe(filter("tag:team", "Risk"))).as("values are case-sensitive").isEmpty();
    }

    @Test
    void valuesOfOneFilterAreOredAndFiltersAreAnded() {
        Filter addresses = filter("private-ip-address", "10.0.1.23", "10.0.65.42", "10.0.0.10");
        Filter apps = filter("requester-id", Ec2Samples.SAGEMAKER_REQUESTER_ID);

        assertThat(describe(addresses)).hasSize(3);
        assertThat(describe(addresses, apps)).extracting(NetworkInterface::privateIpAddress)
                .containsExactlyInAnyOrder("10.0.1.23", "10.0.65.42");
    }

    @Test
    void idsAndFiltersTogetherMustBothMatch() {
        DescribeNetworkInterfacesResponse response = client.describeNetworkInterfaces(r -> r
                .networkInterfaceIds(Ec2Samples.DATA_SCIENTIST_APP_INTERFACE, Ec2Samples.ANALYST_APP_INTERFACE)
                .filters(filter("subnet-id", Ec2Samples.SUBNET_A.subnetId())));

        assertThat(response.networkInterfaces()).extracting(NetworkInterface::networkInterfaceId)
                .containsExactly(Ec2Samples.DATA_SCIENTIST_APP_INTERFACE);
    }

    // ---- paging ---------------------------------------------------------------------------------------

    @Test
    void pagesOfMaxResultsFollowNextTokenToTheEnd() {
        addInterfaces(12);
        Filter many = filter("description", "bulk *");

        DescribeNetworkInterfacesResponse first = client.describeNetworkInterfaces(r -> r.filters(many).maxResults(5));
        DescribeNetworkInterfacesResponse second = client.describeNetworkInterfaces(r -> r.filters(many).maxResults(5)
                .nextToken(first.nextToken()));
        DescribeNetworkInterfacesResponse last = client.describeNetworkInterfaces(r -> r.filters(many).maxResults(5)
                .nextToken(second.nextToken()));

        assertThat(first.networkInterfaces()).hasSize(5);
        assertThat(second.networkInterfaces()).hasSize(5);
        assertThat(last.networkInterfaces()).hasSize(2);
        assertThat(last.nextToken()).isNull();
        assertThat(client.describeNetworkInterfacesPaginator(r -> r.filters(many).maxResults(5)).networkInterfaces())
                .hasSize(12).doesNotHaveDuplicates();
    }

    @Test
    void withoutMaxResultsEveryMatchComesInOnePage() {
        addInterfaces(12);

        DescribeNetworkInterfacesResponse all = client.describeNetworkInterfaces(r -> r.filters(filter("description", "bulk *")));

        assertThat(all.networkInterfaces()).hasSize(12);
        assertThat(all.nextToken()).isNull();
    }

    // ---- errors ---------------------------------------------------------------------------------------

    @Test
    void anUnknownFilterNameIsAnInvalidParameterValue() {
        assertError(r -> r.filters(filter("private-ip", "10.0.1.23")), 400, "InvalidParameterValue",
                "The filter 'private-ip' is invalid");
        assertError(r -> r.filters(filter("Private-Ip-Address", "10.0.1.23")), 400, "InvalidParameterValue",
                "The filter 'Private-Ip-Address' is invalid");
    }

    @Test
    void aMalformedInterfaceIdIsRefusedBeforeAnyLookup() {
        assertError(r -> r.networkInterfaceIds("eni-0b0ba1a1157a2b002", "eni-XYZ"), 400,
                "InvalidNetworkInterfaceId.Malformed", "Invalid id: \"eni-XYZ\"");
        assertError(r -> r.networkInterfaceIds("10.0.1.23"), 400, "InvalidNetworkInterfaceId.Malformed", "eni-");
    }

    @Test
    void anUnknownInterfaceIdIsNotFound() {
        assertError(r -> r.networkInterfaceIds("eni-0b0ba1a1157a2b002", "eni-00000000000000000"), 400,
                "InvalidNetworkInterfaceID.NotFound", "'eni-00000000000000000' does not exist");
    }

    @ParameterizedTest
    @CsvSource({"4", "0", "1001"})
    void maxResultsOutsideFiveToAThousandIsAnInvalidParameterValue(int maxResults) {
        assertError(r -> r.maxResults(maxResults), 400, "InvalidParameterValue", "maxResults");
    }

    @Test
    void maxResultsWithInterfaceIdsIsAnInvalidCombination() {
        assertError(r -> r.maxResults(5).networkInterfaceIds(Ec2Samples.ANALYST_APP_INTERFACE), 400,
                "InvalidParameterCombination", "MaxResults");
    }

    @Test
    void aMadeUpNextTokenOrOneOfAnotherQueryIsAnInvalidPaginationToken() {
        addInterfaces(12);
        String token = client.describeNetworkInterfaces(r -> r.filters(filter("description", "bulk *")).maxResults(5))
                .nextToken();

        assertError(r -> r.maxResults(5).nextToken("not-a-token"), 400, "InvalidPaginationToken", "not valid");
        assertError(r -> r.maxResults(5).nextToken(token), 400, "InvalidPaginationToken", "not valid");
    }

    @Test
    void anErrorCarriesTheRequestIdOfEc2sEnvelope() {
        Ec2Exception error = catchEc2(r -> r.filters(filter("nope", "x")));

        assertThat(error.requestId()).matches("[0-9a-f-]{36}");
        assertThat(server.calls().calls()).extracting(CallLog.Call::errorName).containsExactly("InvalidParameterValue");
    }

    @Test
    void anActionTheEmulatorDoesNotImplementIsAnInvalidAction() {
        assertThatThrownBy(() -> client.describeSubnets())
                .isInstanceOfSatisfying(Ec2Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAction");
                });
    }

    @Test
    void aRawCallGetsEc2sXmlInItsNamespace() throws Exception {
        HttpResponse<String> response = RawHttp.query(server.endpoint(),
                "Action=DescribeNetworkInterfaces&Version=2016-11-15&Filter.1.Name=private-ip-address&Filter.1.Value.1=10.0.1.23");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("<DescribeNetworkInterfacesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">")
                .contains("<requestId>").contains("<networkInterfaceSet><item><networkInterfaceId>eni-0a1ce5c1e4715a001<");
    }

    @Test
    void theJsonServicesOnTheSamePortStillAnswer() {
        try (SageMakerClient sageMaker = AwsClients.sageMaker(server.endpoint())) {
            assertThat(sageMaker.describeDomain(r -> r.domainId(SageMakerSamples.VPC_ONLY_DOMAIN_ID)).domainId())
                    .isEqualTo(SageMakerSamples.VPC_ONLY_DOMAIN_ID);
        }
        assertThat(describe(filter("private-ip-address", "10.0.1.23"))).hasSize(1);
    }

    // ---- faults ---------------------------------------------------------------------------------------

    @Test
    void throttlingIsRequestLimitExceededAndTheSdkRetriesIt() {
        server.faults(Ec2Emulator.NAME).throttleNext(2);

        assertThat(describe(filter("private-ip-address", "10.0.1.23"))).hasSize(1);
        assertThat(server.calls().calls()).extracting(CallLog.Call::errorName)
                .containsExactly("RequestLimitExceeded", "RequestLimitExceeded", null);
    }

    @Test
    void throttlingThatOutlastsTheRetriesReachesTheCaller() {
        server.faults(Ec2Emulator.NAME).throttleNext(AwsClients.MAX_ATTEMPTS);

        Ec2Exception error = catchEc2(r -> r.filters(filter("private-ip-address", "10.0.1.23")));

        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("RequestLimitExceeded");
        assertThat(error.statusCode()).isEqualTo(503);
        assertThat(error.isThrottlingException()).isTrue();
        assertThat(server.calls().count(Ec2Emulator.NAME, "DescribeNetworkInterfaces")).isEqualTo(AwsClients.MAX_ATTEMPTS);
    }

    @Test
    void internalErrorsAreRetriedAndTheLastOneReachesTheCaller() {
        server.faults(Ec2Emulator.NAME).internalErrorNext(1);
        assertThat(describe(filter("private-ip-address", "10.0.1.23"))).hasSize(1);

        server.faults(Ec2Emulator.NAME).internalErrorNext(AwsClients.MAX_ATTEMPTS);
        Ec2Exception error = catchEc2(r -> r.filters(filter("private-ip-address", "10.0.1.23")));
        assertThat(error.statusCode()).isEqualTo(500);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("InternalError");
    }

    // ---- admin ----------------------------------------------------------------------------------------

    @Test
    void interfacesRegisteredOverTheAdminApiAreDescribed() throws Exception {
        HttpResponse<String> registered = admin("register-interface", """
                {"privateIpAddress": "10.0.3.4", "subnetId": "subnet-0aa11bb22cc33dd44",
                 "description": "[DO NOT DELETE] ENI managed by SageMaker for Studio Domain(d-vpconly0sample1) - 0f",
                 "requesterId": "amazon-sagemaker", "requesterManaged": true, "tags": {"team": "risk"}}""");
        assertThat(registered.statusCode()).isEqualTo(200);
        assertThat(registered.body()).contains("\"networkInterfaceId\":\"eni-0");

        NetworkInterface found = describe(filter("private-ip-address", "10.0.3.4")).get(0);
        assertThat(found.vpcId()).isEqualTo(SageMakerSamples.VPC_ID);
        assertThat(found.availabilityZone()).isEqualTo("us-east-1a");
        assertThat(found.tagSet()).extracting(t -> t.key() + "=" + t.value()).containsExactly("team=risk");

        assertThat(admin("remove-interface", "{\"networkInterfaceId\": \"" + found.networkInterfaceId() + "\"}").statusCode())
                .isEqualTo(200);
        assertThat(describe(filter("private-ip-address", "10.0.3.4"))).isEmpty();
    }

    @Test
    void anAddressThatChangesHandsIsDescribedWithItsNewInterface() throws Exception {
        HttpResponse<String> moved = admin("reassign-address", """
                {"privateIpAddress": "10.0.1.23", "subnetId": "subnet-0aa11bb22cc33dd44",
                 "networkInterfaceId": "eni-0c0ffee000000c005", "description": "someone else's app",
                 "requesterId": "amazon-sagemaker", "requesterManaged": true}""");
        assertThat(moved.statusCode()).isEqualTo(200);

        assertThat(describe(filter("private-ip-address", "10.0.1.23"))).extracting(NetworkInterface::networkInterfaceId)
                .containsExactly("eni-0c0ffee000000c005");
        assertError(r -> r.networkInterfaceIds(Ec2Samples.DATA_SCIENTIST_APP_INTERFACE), 400,
                "InvalidNetworkInterfaceID.NotFound", "does not exist");
    }

    @Test
    void anAddressHeldByAnotherInterfaceOrOutsideItsSubnetIsRefused() throws Exception {
        assertThat(admin("register-interface", """
                {"privateIpAddress": "10.0.1.23", "subnetId": "subnet-0aa11bb22cc33dd44"}""").body())
                .contains("held by eni-0a1ce5c1e4715a001");
        assertThat(admin("register-interface", """
                {"privateIpAddress": "10.0.200.1", "subnetId": "subnet-0aa11bb22cc33dd44"}""").body())
                .contains("not in subnet-0aa11bb22cc33dd44");
        assertThat(admin("register-interface", """
                {"privateIpAddress": "10.0.1.99", "subnetId": "subnet-00000000"}""").statusCode()).isEqualTo(400);
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private List<NetworkInterface> describe(Filter... filters) {
        return client.describeNetworkInterfaces(r -> r.filters(filters)).networkInterfaces();
    }

    private static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    private void addInterfaces(int count) {
        IntStream.range(0, count).forEach(i -> ec2.register(
                io.egressallowlist.emulators.ec2.NetworkInterface.of(String.format("eni-0%016x", 0x1000 + i),
                        Ec2Samples.SUBNET_B, "10.0.100." + (i + 1), "bulk " + i, SageMakerSamples.ACCOUNT_ID)));
    }

    private Ec2Exception catchEc2(Consumer<DescribeNetworkInterfacesRequest.Builder> request) {
        try {
            client.describeNetworkInterfaces(request);
        } catch (Ec2Exception e) {
            return e;
        }
        throw new AssertionError("expected an Ec2Exception");
    }

    private void assertError(Consumer<DescribeNetworkInterfacesRequest.Builder> request, int status, String code,
                             String messagePart) {
        Ec2Exception error = catchEc2(request);
        assertThat(error.statusCode()).isEqualTo(status);
        assertThat(error.awsErrorDetails().errorCode()).isEqualTo(code);
        assertThat(error.awsErrorDetails().errorMessage()).contains(messagePart);
    }

    private HttpResponse<String> admin(String action, String body) {
        return RawHttp.admin(server.endpoint(), "ec2/" + action, body);
    }
}
