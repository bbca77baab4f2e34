package io.egressallowlist.bench;

import io.egressallowlist.emulators.networkfirewall.FirewallSeed;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestRepository.Change;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.firewall.NetworkFirewallRuleGroup;
import io.egressallowlist.shared.reconcile.CapacityExceededException;
import io.egressallowlist.shared.reconcile.ReconcileReport;
import io.egressallowlist.shared.reconcile.Reconciler;
import io.egressallowlist.shared.store.DynamoAuditTrail;
import io.egressallowlist.shared.store.DynamoRequestStore;
import io.egressallowlist.shared.store.DynamoVersionLog;
import io.egressallowlist.shared.store.TableNames;
import io.egressallowlist.shared.store.TableSchemas;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One reconcile, prepared from scratch so every run starts from the same state: fresh tables, a fresh
 * rule group holding {@code targets}, a version log whose only (applied) version holds the same targets,
 * and one approved request for {@code approvedTarget}. Only {@link Reconciler#run()} is measured; the
 * setup, the checks afterwards and the clean-up are not.
 */
final class ReconcileTrial implements AutoCloseable {

    /** What the run is expected to do. */
    enum Expect { APPLIED, REFUSED }

    /** A measured run and, for a refusal, the reconciler's message. */
    record Outcome(Sample sample, String refusal) {
    }

    private static final String RULE_GROUP_PREFIX = "bench-egress-";
    private static final Clock CLOCK = Clock.systemUTC();

    private final BenchAws aws;
    private final String name;
    private final TableNames tables;
    private final String ruleGroupArn;
    private final DynamoVersionLog versions;
    private final DynamoRequestStore requests;
    private final Reconciler reconciler;
    private final AllowlistRequest approval;
    private final int targetsBefore;

    ReconcileTrial(BenchAws aws, int index, RuleGroupShape shape, List<String> targets, String approvedTarget) {
        this.aws = aws;
        this.name = RULE_GROUP_PREFIX + index;
        this.targetsBefore = targets.size();
        this.tables = TableNames.withPrefix(name);
        TableSchemas.createAll(aws.dynamo, tables);
        this.ruleGroupArn = createRuleGroup(shape, targets);
        this.versions = new DynamoVersionLog(aws.dynamo, tables.versions(), name);
        this.requests = new DynamoRequestStore(aws.dynamo, tables.requests(), CLOCK);
        Instant now = CLOCK.instant();
        versions.append(AllowlistVersion.create(1, null, targets, VersionCause.baseline(), "system:reconciler", now)
                .markedApplied(now));
        this.approval = approve(approvedTarget, index);
        this.reconciler = new Reconciler(versions, requests, new DynamoAuditTrail(aws.dynamo, tables.audit()),
                new NetworkFirewallRuleGroup(aws.firewall, ruleGroupArn), CLOCK, Reconciler.Settings.defaults(),
                wait -> Thread.sleep(wait.toMillis()), new Random(42), Reconciler.NONE);
        aws.meter.drain(); // the setup's calls are not the run's
    }

    /** Runs the reconciler once, measured, and checks that it did what {@code expect} says. */
    Outcome run(Expect expect, HeapProbe probe) {
        HeapProbe.Start start = probe.start();
        long began = System.nanoTime();
        ReconcileReport report = null;
        String refusal = null;
        try {
            report = reconciler.run();
        } catch (CapacityExceededException e) {
            refusal = e.getMessage();
        }
        long wall = System.nanoTime() - began;
        HeapProbe.Usage heap = probe.stop(start);
        Map<String, CallMeter.Totals> calls = aws.meter.drain();

        check(expect, report, refusal);
        long snapshot = versions.storedSnapshotBytes(expect == Expect.APPLIED ? 2 : 1);
        CallMeter.Totals update = calls.get("NetworkFirewall.UpdateRuleGroup");
        aws.meter.drain();
        return new Outcome(new Sample(wall, heap, snapshot, update == null ? 0 : update.requestBytes(), calls), refusal);
    }

    private void check(Expect expect, ReconcileReport report, String refusal) {
        if (expect == Expect.REFUSED) {
            if (refusal == null) {
                throw new IllegalStateException(name + ": expected a capacity refusal, but the run " + report);
            }
            return;
        }
        if (report == null) {
            throw new IllegalStateException(name + ": expected the version to be applied, but: " + refusal);
        }
        int live = aws.firewall.describeRuleGroup(b -> b.ruleGroupArn(ruleGroupArn))
                .ruleGroup().rulesSource().rulesSourceList().targets().size();
        boolean applied = report.created().isPresent() && report.applied().isPresent()
                && report.activated().equals(List.of(approval.id())) && report.updateRuleGroupCalls() == 1
                && live == targetsBefore + 1;
        if (!applied) {
            throw new IllegalStateException(name + ": the run did not apply one approval: " + report + ", live targets "
                    + live);
        }
    }

    private String createRuleGroup(RuleGroupShape shape, List<String> targets) {
        return FirewallSeed.domainList(name, shape.capacity(), targets).targetTypes(shape.targetTypes())
                .description("Studio egress allow-list (benchmark)").homeNet("10.0.0.0/16")
                .seed(aws.firewall).ruleGroupArn();
    }

    /** Stores a request and approves it, as the Slack approval flow does. */
    private AllowlistRequest approve(String target, int index) {
        AllowlistRequest request = AllowlistRequest.newDomainRequest(new RequestId(String.format("01BENCH%019d", index)),
                new FirewallTarget(target),
                Requester.of("arn:aws:iam::123456789012:user/scientist"), "needed for a notebook",
                Duration.ofDays(30), CLOCK.instant(), Duration.ofDays(7), false, null);
        requests.create(request);
        requests.change(request.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.APPROVED, CLOCK.instant())
                .decidedBy("U0BENCHAPPROVER").intent(Intent.ADD));
        return request;
    }

    @Override
    public void close() {
        aws.firewall.deleteRuleGroup(b -> b.ruleGroupArn(ruleGroupArn));
        for (String table : List.of(tables.requests(), tables.versions(), tables.audit())) {
            aws.dynamo.deleteTable(b -> b.tableName(table));
        }
        aws.meter.drain();
    }
}
