/**
 * The Slack adapter (ARCHITECTURE §8; aws-api-notes §5).
 *
 * <ul>
 *   <li>{@link io.egressallowlist.shared.slack.SlackSignatureVerifier}: is this request from Slack? Checked
 *       before anything is parsed.</li>
 *   <li>{@link io.egressallowlist.shared.slack.SlackRequests}: what does a verified request ask for (a button
 *       click, a slash command)?</li>
 *   <li>{@link io.egressallowlist.shared.slack.SlackInteractions}: the Slack use cases, on top of
 *       {@code requests.RequestService}; they answer at once and hand back the Slack messages to send
 *       afterwards.</li>
 *   <li>{@link io.egressallowlist.shared.slack.BlockKitMessages}: every message we show, with user text
 *       escaped.</li>
 *   <li>{@link io.egressallowlist.shared.slack.SlackClient}: the Web API over {@code HttpURLConnection}.</li>
 *   <li>{@link io.egressallowlist.shared.slack.SlackNotifier}: the {@code notify.Notifier} port for every
 *       function; {@link io.egressallowlist.shared.slack.SlackMessageRefs} remembers where each request's card
 *       is so that any function can update it.</li>
 *   <li>{@link io.egressallowlist.shared.slack.SlackUserGroups}: approver group membership, cached briefly.</li>
 * </ul>
 *
 * <p>Events published from Slack carry {@code requestId}, {@code kind}, {@code status}, {@code actor} and
 * {@code target} or {@code rollbackTo} ({@code expiresAt} for {@code Grant Renewed}); never a token.
 */
package io.egressallowlist.shared.slack;
