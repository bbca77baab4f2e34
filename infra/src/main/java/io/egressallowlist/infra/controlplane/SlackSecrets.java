package io.egressallowlist.infra.controlplane;

import io.egressallowlist.infra.common.Nag;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * The Slack signing secret and bot token. The template creates only placeholders with random values;
 * the operator puts the real values ({@code aws secretsmanager put-secret-value}), so they never appear
 * in a template, a context file or a CloudFormation event.
 */
public final class SlackSecrets extends Construct {

    private final Secret signingSecret;
    private final Secret botToken;

    public SlackSecrets(Construct scope, String id) {
        super(scope, id);
        signingSecret = placeholder("SigningSecret", "Slack app signing secret (Basic Information → Signing Secret)");
        botToken = placeholder("BotToken", "Slack bot token, xoxb-… (OAuth & Permissions → Bot User OAuth Token)");
    }

    private Secret placeholder(String id, String description) {
        Secret secret = Secret.Builder.create(this, id)
                .description(description + ". Put by the operator; the generated value is a placeholder.")
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Nag.suppress(secret, "AwsSolutions-SMG4", "Slack issues this value; it can only be rotated in the Slack "
                + "app's settings, after which the operator puts the new value (README, Slack secrets).");
        return secret;
    }

    public Secret signingSecret() {
        return signingSecret;
    }

    public Secret botToken() {
        return botToken;
    }
}
