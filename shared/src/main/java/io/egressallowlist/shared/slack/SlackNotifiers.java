package io.egressallowlist.shared.slack;

import io.egressallowlist.shared.config.AwsClients;
import io.egressallowlist.shared.config.ControlPlaneConfig;
import io.egressallowlist.shared.config.Secrets;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.notify.Notifier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;

/**
 * Builds the {@link SlackNotifier} every function uses from its configuration, once per container: the
 * bot token from Secrets Manager (or inline in the sandbox), read on first use — never while a SnapStart
 * snapshot is taken — and the channel the approvals go to.
 */
public final class SlackNotifiers {

    private SlackNotifiers() {
    }

    /** The notifier of a function that is not on Slack's clock (reconcile, cleanup, guard, request API). */
    public static Notifier create(ControlPlaneConfig config, AwsClients aws, Clock clock) {
        return notifier(config, client(config, aws, SlackClient.Settings.defaults(), clock), aws.dynamo(), clock);
    }

    /**
     * The Slack client, with the bot token read on first use: from Secrets Manager (whose client is built only
     * then) or inline in the sandbox.
     */
    public static SlackClient client(ControlPlaneConfig config, AwsClients aws, SlackClient.Settings settings,
                                     Clock clock) {
        if (config.slackBotToken() == null || config.slackChannelId() == null) {
            throw new ControlPlaneConfig.ConfigException(java.util.List.of(
                    "SLACK_BOT_TOKEN_SECRET_ARN (or SLACK_BOT_TOKEN in the sandbox) and SLACK_CHANNEL_ID are required"
                            + " to notify approvers"));
        }
        SecretSource botToken = SecretSource.of(Secrets.of(config.slackBotToken(), aws::secretsManager, clock));
        return new SlackClient(config.slackApiUrl(), botToken, settings);
    }

    /** The notifier posting through {@code slack} to the approvals channel, its cards recorded in the requests table. */
    public static SlackNotifier notifier(ControlPlaneConfig config, SlackClient slack, DynamoDbClient dynamo, Clock clock) {
        return new SlackNotifier(slack, new SlackMessageRefs(dynamo, config.tables().requests(), clock),
                config.slackChannelId(), config.policy().quorum(), JsonLog.of(SlackNotifier.class));
    }
}
