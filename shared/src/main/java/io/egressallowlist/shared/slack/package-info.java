/**
 * The Slack adapter (ARCHITECTURE §8; aws-api-notes §5): Slack's protocol only, no decision is taken here.
 *
 * <ul>
 *   <li>{@link io.egressallowlist.shared.slack.SlackSignatureVerifier}: is this request from Slack? Checked
 *       before anything is parsed.</li>
 *   <li>{@link io.egressallowlist.shared.slack.SlackRequests}: what does a verified request ask for (a button
 *       click, a slash command)?</li>
 *   <li>{@link io.egressallowlist.shared.slack.ClickReplies} and
 *       {@link io.egressallowlist.shared.slack.CommandReplies}: what a click or a slash command is answered with,
 *       and the Slack messages that follow ({@link io.egressallowlist.shared.slack.SlackReply}); the decisions
 *       themselves are {@code approvals}'.</li>
 *   <li>{@link io.egressallowlist.shared.slack.BlockKitMessages}: every message we show, with user text
 *       escaped.</li>
 *   <li>{@link io.egressallowlist.shared.slack.SlackClient}: the Web API over {@code HttpURLConnection}.</li>
 *   <li>{@link io.egressallowlist.shared.slack.BlockedDigestMessages} and
 *       {@link io.egressallowlist.shared.slack.SlackBlockedDigests}: digests of blocked attempts (the
 *       {@code notify.BlockedDigests} port), a direct message with a Request button per host, or one post in the
 *       approvals channel.</li>
 *   <li>{@link io.egressallowlist.shared.slack.RequestForm}: the modal a Request button opens ({@code views.open}),
 *       and the answers to its {@code view_submission} ({@link io.egressallowlist.shared.slack.ViewReply}).</li>
 *   <li>{@link io.egressallowlist.shared.slack.SlackNotifier}: the {@code notify.Notifier} port for every
 *       function; where each request's card is comes from the {@code notify.MessageRefs} port (kept in the
 *       requests table by {@code store}), so that any function can update it.</li>
 *   <li>{@link io.egressallowlist.shared.slack.SlackUserGroups}: the {@code notify.ApproverGroups} port,
 *       memberships cached briefly.</li>
 * </ul>
 */
package io.egressallowlist.shared.slack;
