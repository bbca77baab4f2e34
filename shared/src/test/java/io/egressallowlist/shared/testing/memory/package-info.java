/**
 * In-memory implementations of the ports, for fast use-case tests: {@link InMemoryRequestStore},
 * {@link InMemoryVersionLog}, {@link InMemoryAuditTrail}, {@link InMemoryRuleGroup},
 * {@link RecordingEventPublisher}, {@link InMemoryMessageRefs} and {@link InMemoryApproverGroups} (the notifier
 * is {@code notify.RecordingNotifier}). Each runs the same contract suite as the real adapter
 * ({@code domain.RequestRepositoryContract}, {@code VersionLogContract}, {@code AuditTrailContract},
 * {@code RuleGroupGatewayContract}, {@code events.EventPublisherContract}, {@code notify.NotifierContract},
 * {@code MessageRefsContract}, {@code ApproverGroupsContract}), so a use-case test that passes here means the
 * same on DynamoDB, the AWS APIs and Slack. Faults, crashes and concurrency stay proven on dynalite and the
 * emulators. Test jar only; never shipped.
 */
package io.egressallowlist.shared.testing.memory;
