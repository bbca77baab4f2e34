package io.egressallowlist.emulators.secretsmanager;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.emulators.core.AwsJsonProtocol;
import io.egressallowlist.emulators.core.AwsJsonProtocolService;
import io.egressallowlist.emulators.core.AwsServiceError;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The two Secrets Manager operations the control plane relies on, over {@code awsJson1_1} with target
 * prefix {@code secretsmanager}: {@code GetSecretValue} (by name or ARN) and {@code PutSecretValue} (what
 * an operator does after rotating a Slack credential). Every read is counted, so tests can prove caching.
 */
public final class SecretsManagerEmulator extends AwsJsonProtocolService {

    public static final String TARGET_PREFIX = "secretsmanager";
    /** awsJson1_1; {@code InternalServiceError} is the fault the Secrets Manager model declares. */
    public static final AwsJsonProtocol PROTOCOL = AwsJsonProtocol.awsJson1_1(TARGET_PREFIX, "InternalServiceError");
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Secret(String name, String arn, String value, String versionId, double createdDate) { }

    private final Map<String, Secret> secrets = new LinkedHashMap<>();
    private final Clock clock;
    private final String region;
    private final String account;
    private int reads;

    public SecretsManagerEmulator(Clock clock, String region, String account) {
        super("Secrets Manager", PROTOCOL, null);
        this.clock = clock;
        this.region = region;
        this.account = account;
        operation("GetSecretValue", this::get);
        operation("PutSecretValue", this::putValue);
    }

    public SecretsManagerEmulator() {
        this(Clock.systemUTC(), "us-east-1", "123456789012");
    }

    /** Creates or replaces a secret; returns its ARN (with the random six-character suffix AWS adds). */
    public synchronized String put(String name, String value) {
        Secret existing = find(name);
        String arn = existing != null ? existing.arn()
                : "arn:aws:secretsmanager:" + region + ":" + account + ":secret:" + name + "-"
                        + UUID.randomUUID().toString().substring(0, 6);
        secrets.put(name, new Secret(name, arn, value, UUID.randomUUID().toString(), clock.millis() / 1000.0));
        return arn;
    }

    /** How many GetSecretValue calls succeeded. */
    public synchronized int reads() {
        return reads;
    }

    private synchronized JsonNode get(ObjectNode input) {
        Secret secret = require(input);
        reads++;
        return JSON.createObjectNode().put("ARN", secret.arn()).put("Name", secret.name())
                .put("VersionId", secret.versionId()).put("SecretString", secret.value())
                .put("CreatedDate", secret.createdDate())
                .set("VersionStages", JSON.createArrayNode().add("AWSCURRENT"));
    }

    private synchronized JsonNode putValue(ObjectNode input) {
        Secret secret = require(input);
        if (!input.path("SecretString").isTextual()) {
            throw AwsServiceError.client("InvalidParameterException", "You must provide either SecretString or SecretBinary.");
        }
        put(secret.name(), input.get("SecretString").asText());
        Secret updated = find(secret.name());
        return JSON.createObjectNode().put("ARN", updated.arn()).put("Name", updated.name())
                .put("VersionId", updated.versionId())
                .set("VersionStages", JSON.createArrayNode().add("AWSCURRENT"));
    }

    private Secret require(ObjectNode input) {
        JsonNode id = input.get("SecretId");
        if (id == null || !id.isTextual() || id.asText().isEmpty()) {
            throw AwsServiceError.client("InvalidParameterException", "SecretId is required.");
        }
        Secret secret = find(id.asText());
        if (secret == null) {
            throw AwsServiceError.client("ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        }
        return secret;
    }

    private Secret find(String nameOrArn) {
        for (Secret secret : secrets.values()) {
            if (secret.name().equals(nameOrArn) || secret.arn().equals(nameOrArn)) {
                return secret;
            }
        }
        return null;
    }
}
