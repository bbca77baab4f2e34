package io.egressallowlist.shared.config;

import io.egressallowlist.emulators.core.AwsJsonServer;
import io.egressallowlist.emulators.junit.MutableClock;
import io.egressallowlist.emulators.secretsmanager.SecretsManagerEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secrets read through the real Secrets Manager client: cached, re-read on refresh or age, never printed. */
class SecretsTest {

    private final SecretsManagerEmulator secretsManager = new SecretsManagerEmulator();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-20T10:00:00Z"));
    private AwsJsonServer server;
    private SecretsManagerClient client;

    @BeforeEach
    void start() throws IOException {
        server = AwsJsonServer.start(0, secretsManager);
        client = SecretsManagerClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void aSecretIsReadOnFirstUseAndThenServedFromTheCache() {
        String arn = secretsManager.put("slack/signing-secret", "s3cr3t-signing-value");
        Secrets secret = Secrets.of(new ControlPlaneConfig.SecretRef(arn, null), () -> client, clock);

        assertThat(secretsManager.reads()).as("nothing is read before first use (SnapStart)").isZero();
        assertThat(secret.value()).isEqualTo("s3cr3t-signing-value");
        assertThat(secret.value()).isEqualTo("s3cr3t-signing-value");
        assertThat(secretsManager.reads()).isEqualTo(1);
    }

    @Test
    void aRotatedSecretIsPickedUpAfterRefreshOrWhenTheCacheAges() {
        String arn = secretsManager.put("slack/bot-token", "xoxb-old");
        Secrets secret = Secrets.of(new ControlPlaneConfig.SecretRef(arn, null), () -> client, clock);
        secret.value();
        client.putSecretValue(b -> b.secretId(arn).secretString("xoxb-new"));

        assertThat(secret.value()).as("still cached").isEqualTo("xoxb-old");
        secret.refresh();
        assertThat(secret.value()).isEqualTo("xoxb-new");

        client.putSecretValue(b -> b.secretId(arn).secretString("xoxb-newer"));
        clock.advance(Duration.ofMinutes(16));
        assertThat(secret.value()).isEqualTo("xoxb-newer");
    }

    @Test
    void theValueNeverAppearsInToStringAndAMissingSecretSaysSo() {
        String arn = secretsManager.put("slack/bot-token", "xoxb-do-not-print");
        Secrets secret = Secrets.of(new ControlPlaneConfig.SecretRef(arn, null), () -> client, clock);
        secret.value();

        assertThat(secret.toString()).doesNotContain("xoxb-do-not-print").contains("redacted");
        assertThat(new ControlPlaneConfig.SecretRef(null, "inline-value").toString()).doesNotContain("inline-value");
        Secrets missing = Secrets.of(new ControlPlaneConfig.SecretRef(arn + "-gone", null), () -> client, clock);
        assertThatThrownBy(missing::value).isInstanceOf(ResourceNotFoundException.class);
    }
}
