/**
 * In-memory implementations of the ports, for fast use-case tests: {@link InMemoryRequestStore},
 * {@link InMemoryVersionLog}, {@link InMemoryAuditTrail}, {@link InMemoryRuleGroup} and
 * {@link RecordingEventPublisher} (the notifier is {@code notify.RecordingNotifier}). Each runs the same
 * contract suite as the real adapter ({@code domain.RequestRepositoryContract}, {@code VersionLogContract},
 * {@code AuditTrailContract}, {@code RuleGroupGatewayContract}, {@code events.EventPublisherContract}), so a
 * use-case test that passes here means the same on DynamoDB and the AWS APIs. Faults, crashes and
 * concurrency stay proven on dynalite and the emulators. Test jar only; never shipped.
 */
package io.egressallowlist.shared.testing.memory;
