package io.egressallowlist.shared.config;

import io.egressallowlist.shared.slack.SecretSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One secret value (the Slack signing secret, the bot token): read from Secrets Manager in AWS and
 * cached, or given inline in the sandbox. The value never appears in {@code toString}, logs or errors.
 * A cached value is re-read after {@code maxAge} and immediately after {@link #refresh()} (call it when
 * the value was rejected, e.g. after a rotation). It is the {@link SecretSource} the Slack adapter reads.
 */
public final class Secrets implements SecretSource {

    private final Supplier<String> source;
    private final Clock clock;
    private final Duration maxAge;
    private final String description;
    private String cached;
    private Instant readAt;

    private Secrets(Supplier<String> source, Clock clock, Duration maxAge, String description) {
        this.source = source;
        this.clock = clock;
        this.maxAge = maxAge;
        this.description = description;
    }

    /** A secret from its reference: Secrets Manager for an ARN, the value itself when inline. */
    public static Secrets of(ControlPlaneConfig.SecretRef ref, Supplier<SecretsManagerClient> client, Clock clock) {
        Objects.requireNonNull(ref, "the secret is not configured");
        if (ref.isInline()) {
            String value = ref.inlineValue();
            return new Secrets(() -> value, clock, Duration.ofDays(3650), "inline secret");
        }
        String arn = ref.secretArn();
        return new Secrets(() -> client.get().getSecretValue(b -> b.secretId(arn)).secretString(), clock,
                Duration.ofMinutes(15), arn);
    }

    /** The current value, read on first use (never during a SnapStart snapshot) and cached. */
    @Override
    public synchronized String value() {
        Instant now = clock.instant();
        if (cached == null || readAt.plus(maxAge).isBefore(now)) {
            String value = source.get();
            if (value == null || value.isEmpty()) {
                throw new IllegalStateException("the secret " + description + " is empty; put its value first");
            }
            cached = value;
            readAt = now;
        }
        return cached;
    }

    /** Forgets the cached value so the next {@link #value()} reads it again. */
    @Override
    public synchronized void refresh() {
        cached = null;
    }

    @Override
    public String toString() {
        return "Secrets[" + description + ", value redacted]";
    }
}
