package io.egressallowlist.shared.slack;

import io.egressallowlist.shared.config.AwsClients;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.config.Secrets;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.notify.Notifier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.time.Clock;

/**
 * Builds the {@link SlackNotifier} every function uses from its configuration, once per container: the
 * bot token from Secrets Manager (or inline in the sandbox), read on first use — never while a SnapStart
 * snapshot is taken — and the channel the approvals go to.
 */
public final class SlackNotifiers {

    private SlackNotifiers() {
    }

    public static Notifier create(ControlPlaneConfig config, AwsClients aws, DynamoDbClient dynamo, Clock clock) {
        if (config.slackBotToken() == null || config.slackChannelId() == null) {
            throw new ControlPlaneConfig.ConfigException(java.util.List.of(
                    "SLACK_BOT_TOKEN_SECRET_ARN (or SLACK_BOT_TOKEN in the sandbox) and SLACK_CHANNEL_ID are required"
                            + " to notify approvers"));
        }
        SecretsManagerClient secretsManager = config.slackBotToken().isInline() ? null : aws.secretsManager();
        SecretSource botToken = SecretSource.of(Secrets.of(config.slackBotToken(), () -> secretsManager, clock));
        SlackClient slack = new SlackClient(config.slackApiUrl(), botToken, SlackClient.Settings.defaults(),
                SlackClient.Sleeper.REAL, JsonLog.of(SlackClient.class));
        return new SlackNotifier(slack, new SlackMessageRefs(dynamo, config.tables().requests(), clock),
                config.slackChannelId(), config.policy().quorum(), JsonLog.of(SlackNotifier.class));
    }
}
