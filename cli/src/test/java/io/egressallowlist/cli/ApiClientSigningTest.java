package io.egressallowlist.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ApiClientSigningTest {

    @BeforeEach
    void credentials() {
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    }

    @AfterEach
    void clear() {
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
    }

    @Test
    void callsToADeploymentAreSignedForExecuteApiInTheConfiguredRegion() {
        URI api = URI.create("https://abc123.execute-api.eu-west-1.amazonaws.com/prod/");
        ApiClient client = new ApiClient(api, "ignored", "eu-west-1");

        Map<String, String> headers = client.sign("POST", api.resolve("requests"), "{\"domain\":\"x.com\"}", true);

        assertThat(client.isSandbox()).isFalse();
        assertThat(headers.get("Authorization"))
                .startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
                .contains("/eu-west-1/execute-api/aws4_request")
                .contains("SignedHeaders=")
                .contains("Signature=");
        assertThat(headers).containsKey("X-Amz-Date").doesNotContainKey("Host");
    }

    @Test
    void loopbackEndpointsAreTheSandboxAndAreNotSigned() {
        assertThat(new ApiClient(URI.create("http://127.0.0.1:8080/api"), "arn", "us-east-1").isSandbox()).isTrue();
        assertThat(new ApiClient(URI.create("http://localhost:8080/api"), "arn", "us-east-1").isSandbox()).isTrue();
    }
}
