package io.egressallowlist.bench;

import io.egressallowlist.emulators.networkfirewall.NetworkFirewallEmulator;
import io.egressallowlist.emulators.slack.SignedSlackRequest;
import io.egressallowlist.shared.domain.ScopeName;
import software.amazon.awssdk.services.networkfirewall.NetworkFirewallClient;
import software.amazon.awssdk.services.networkfirewall.model.TargetType;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * {@code scopes}: allow-lists per team at the scale, on the sandbox's set-up (dynalite, the emulators, the
 * real handlers in this JVM), each figure beside its single-list baseline measured in the same rounds.
 * <ol>
 *   <li><b>Approvals in many scopes</b>: 20 scopes of 1,000 targets each (TLS SNI only: a policy's stateful
 *       groups reserve 30,000 rules together by default); one pending request per scope, the 20
 *       approvals clicked at once (signed Slack clicks through slack-interactions); Request Approved routed by the
 *       deployed EventBridge rules to firewall-sync on 20 threads (reserved concurrency = scopes). Measured from
 *       the first click until every rule group equals its scope's approved set (read from the emulator), and until
 *       every scope's newest applied version holds its approval. Baseline: 20 approvals in the single list of
 *       1,000 targets, the same way.</li>
 *   <li><b>Warm reconcile</b> of all 20 scopes (the schedule: every scope side by side, nothing to change), against
 *       the single list of 1,000 targets.</li>
 *   <li><b>One scope at 15,000 targets</b> (TLS SNI only, capacity 30,000, as {@code reconcile-ceiling}'s 15,000
 *       row): one approval, then firewall-sync on its Request Approved event, against the same in a single list.</li>
 * </ol>
 */
final class ScopesBench {

    static final String NAME = "scopes";
    static final double APPLIED_TARGET_MS = 3_000;
    static final double RECONCILE_TARGET_MS = 2_000;

    /** The scale: {@code scopes} scopes of {@code targets} targets, and the large scope's {@code large}. */
    record Shape(int scopes, int targets, int large) {
    }

    /** One approvals round: ms from the first click to the last answer, to all live, to all applied; update calls. */
    private record Round(double clicksMs, double liveMs, double appliedMs, long updateCalls) {
    }

    private final BenchPlane plane;
    private final Options options;
    private final Shape shape;
    private final PrintStream out;
    private final Map<String, Map<ScopeName, Set<String>>> approved = new LinkedHashMap<>();

    private ScopesBench(BenchPlane plane, Options options, Shape shape, PrintStream out) {
        this.plane = plane;
        this.options = options;
        this.shape = shape;
        this.out = out;
    }

    static void run(Options options, Shape shape) throws Exception {
        PrintStream figures = System.out;
        System.setOut(System.err); // the handlers log JSON lines to standard output
        try (BenchPlane plane = BenchPlane.start(null)) {
            new ScopesBench(plane, options, shape, figures).measure();
        } finally {
            System.setOut(figures);
        }
    }

    private void measure() throws Exception {
        Map<String, Object> machine = Machine.describe();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("benchmark", NAME);
        record.put("at", java.time.Instant.now().toString());
        record.put("machine", machine);
        record.put("shape", Map.of("scopes", shape.scopes(), "targets", shape.targets(), "large", shape.large()));
        // TLS SNI only: a policy's stateful groups may reserve 30,000 rules together by default (an adjustable quota,
        // aws-api-notes §1.5; the emulator refuses more), and 20 groups of 1,000 entries over TLS SNI and HTTP Host
        // would reserve 20 × 2,002.
        int approvals = options.warmup() + options.runs();
        try (NetworkFirewallClient nfw = plane.testbed().aws().networkFirewallClient();
             ScopedDeployment teams = deployment(nfw, "bench-teams", teams(), List.of(TargetType.TLS_SNI),
                     shape.targets() + approvals + 1, true);
             ScopedDeployment one = deployment(nfw, "bench-one", Map.of(ScopeName.DEFAULT,
                     TargetNames.generate(shape.targets(), options.seed())), List.of(TargetType.TLS_SNI),
                     shape.targets() + shape.scopes() * approvals + 1, false)) {
            approvals(teams, one, record);
            warmReconcile(teams, one, record);
        }
        try (NetworkFirewallClient nfw = plane.testbed().aws().networkFirewallClient();
             ScopedDeployment large = deployment(nfw, "bench-large", Map.of(ScopeName.of("large"),
                     TargetNames.generate(shape.large(), options.seed())), List.of(TargetType.TLS_SNI), 30_000, true);
             ScopedDeployment single = deployment(nfw, "bench-single", Map.of(ScopeName.DEFAULT,
                     TargetNames.generate(shape.large(), options.seed())), List.of(TargetType.TLS_SNI), 30_000, false)) {
            largeScope(large, single, record);
        }
        out.println(JsonLine.of(record));
    }

    private Map<ScopeName, List<String>> teams() {
        Map<ScopeName, List<String>> teams = new LinkedHashMap<>();
        for (int i = 1; i <= shape.scopes(); i++) {
            teams.put(ScopeName.of(String.format("team-%02d", i)), TargetNames.generate(shape.targets(), options.seed() + i));
        }
        return teams;
    }

    private ScopedDeployment deployment(NetworkFirewallClient nfw, String name, Map<ScopeName, List<String>> targets,
                                        List<TargetType> types, int capacity, boolean scoped) throws Exception {
        System.err.printf("seeding %s: %d scope(s) of %,d targets…%n", name, targets.size(),
                targets.values().iterator().next().size());
        ScopedDeployment deployment = new ScopedDeployment(plane, BenchScopes.create(nfw, name, targets, types, capacity,
                BenchPlane.POLICY), scoped);
        Map<ScopeName, Set<String>> sets = new LinkedHashMap<>();
        targets.forEach((scope, list) -> sets.put(scope, new HashSet<>(list)));
        approved.put(name, sets);
        deployment.reconcileAll(); // version 1 of each scope: its seeded rule group
        return deployment;
    }

    // ---- 1. approvals in many scopes at once ----------------------------------------------------------

    private void approvals(ScopedDeployment teams, ScopedDeployment one, Map<String, Object> record) throws Exception {
        teams.routeEvents();
        one.routeEvents();
        List<Round> scoped = new ArrayList<>();
        List<Round> single = new ArrayList<>();
        for (int round = 0; round < options.warmup() + options.runs(); round++) {
            boolean measured = round >= options.warmup();
            System.err.printf("approvals round %d%s…%n", round + 1, measured ? "" : " (warm-up)");
            Round inScopes = approvalRound(teams, round, new ArrayList<>(teams.scopes.arns().keySet()));
            List<ScopeName> sameScope = new ArrayList<>();
            for (int i = 0; i < shape.scopes(); i++) {
                sameScope.add(ScopeName.DEFAULT);
            }
            Round inOne = approvalRound(one, round, sameScope);
            if (measured) {
                scoped.add(inScopes);
                single.add(inOne);
            }
        }
        teams.stopRouting();
        one.stopRouting();
        Table table = new Table("case", "approvals answered ms", "all rule groups = approved sets ms",
                "all versions applied ms", "UpdateRuleGroup calls").labelColumns(1);
        table.row(shape.scopes() + " approvals in " + shape.scopes() + " scopes of " + shape.targets() + " targets",
                Stats.of(scoped, Round::clicksMs).format(0), Stats.of(scoped, Round::liveMs).format(0),
                Stats.of(scoped, Round::appliedMs).format(0), Stats.of(scoped, Round::updateCalls).format(0));
        table.row("baseline: " + shape.scopes() + " approvals in the single list of " + shape.targets(),
                Stats.of(single, Round::clicksMs).format(0), Stats.of(single, Round::liveMs).format(0),
                Stats.of(single, Round::appliedMs).format(0), Stats.of(single, Round::updateCalls).format(0));
        double median = Stats.of(scoped, Round::appliedMs).median();
        out.printf("scopes: approvals at once in many scopes; %d measured rounds after %d warm-up, median [min–max]%n%n",
                options.runs(), options.warmup());
        out.println(table.render());
        out.printf("target: all applied ≤ %,.0f ms: %s (median %,.0f ms)%n%n", APPLIED_TARGET_MS,
                median <= APPLIED_TARGET_MS ? "met" : "NOT met", median);
        record.put("approvalsInScopes", figures(scoped));
        record.put("approvalsInOneList", figures(single));
    }

    /** One approval in each of {@code scopes} (a scope may repeat), clicked at once; checked and timed. */
    private Round approvalRound(ScopedDeployment deployment, int round, List<ScopeName> scopes) throws Exception {
        Map<ScopeName, Set<String>> sets = approved.get(deployment.scopes.name());
        List<SignedSlackRequest> clicks = new ArrayList<>();
        Map<ScopeName, Set<String>> added = new LinkedHashMap<>();
        for (int i = 0; i < scopes.size(); i++) {
            String target = "approval-" + round + "-" + i + "." + scopes.get(i) + ".example.org";
            clicks.add(deployment.approval(deployment.submit(scopes.get(i), target)));
            added.computeIfAbsent(scopes.get(i), s -> new TreeSet<>()).add(target);
        }
        added.forEach((scope, targets) -> sets.get(scope).addAll(targets));
        deployment.awaitIdle();
        plane.server.calls().clear();

        long started = System.nanoTime();
        long answered = deployment.approveAtOnce(clicks);
        long live = awaitUntil("every rule group equal to its approved set", 5, () -> added.keySet().stream()
                .allMatch(scope -> new HashSet<>(deployment.live(scope)).equals(sets.get(scope))));
        long applied = awaitUntil("every scope's newest applied version to hold its approvals", 25, () -> added.entrySet()
                .stream().allMatch(scope -> deployment.lastApplied(scope.getKey())
                        .map(version -> scope.getValue().stream().allMatch(version::contains)).orElse(false)));
        deployment.awaitIdle();
        for (ScopeName scope : sets.keySet()) {
            if (!new HashSet<>(deployment.live(scope)).equals(sets.get(scope))) {
                throw new IllegalStateException("scope " + scope + "'s rule group is not its approved set");
            }
        }
        long updates = plane.server.calls().countSucceeded(NetworkFirewallEmulator.TARGET_PREFIX, "UpdateRuleGroup");
        return new Round(ms(answered - started), ms(live - started), ms(applied - started), updates);
    }

    // ---- 2. warm reconcile of every scope -------------------------------------------------------------

    private void warmReconcile(ScopedDeployment teams, ScopedDeployment one, Map<String, Object> record) {
        List<Double> scoped = new ArrayList<>();
        List<Double> single = new ArrayList<>();
        for (int round = 0; round < options.warmup() + options.runs(); round++) {
            double inScopes = timed(teams::reconcileAll);
            double inOne = timed(one::reconcileAll);
            if (round >= options.warmup()) {
                scoped.add(inScopes);
                single.add(inOne);
            }
        }
        Stats stats = Stats.of(scoped, Double::doubleValue);
        Table table = new Table("case", "firewall-sync on the schedule ms").labelColumns(1);
        table.row("all " + shape.scopes() + " scopes of " + shape.targets() + " targets, side by side", stats.format(0));
        table.row("baseline: the single list of " + shape.targets(), Stats.of(single, Double::doubleValue).format(0));
        out.printf("scopes: warm reconcile with nothing to change; %d measured runs after %d warm-up%n%n", options.runs(),
                options.warmup());
        out.println(table.render());
        out.printf("target: < %,.0f ms: %s (median %,.0f ms)%n%n", RECONCILE_TARGET_MS,
                stats.median() < RECONCILE_TARGET_MS ? "met" : "NOT met", stats.median());
        record.put("warmReconcileAllScopesMs", stats.toJson(1));
        record.put("warmReconcileOneListMs", Stats.of(single, Double::doubleValue).toJson(1));
    }

    // ---- 3. one scope at 15,000 targets ---------------------------------------------------------------

    private void largeScope(ScopedDeployment large, ScopedDeployment single, Map<String, Object> record) throws Exception {
        List<Double> scoped = new ArrayList<>();
        List<Double> one = new ArrayList<>();
        for (int round = 0; round < options.warmup() + options.runs(); round++) {
            double inScope = oneApproval(large, round);
            double inOne = oneApproval(single, round);
            if (round >= options.warmup()) {
                scoped.add(inScope);
                one.add(inOne);
            }
        }
        Table table = new Table("case", "firewall-sync on Request Approved ms").labelColumns(1);
        table.row("one scope of " + shape.large() + " targets (+1)", Stats.of(scoped, Double::doubleValue).format(0));
        table.row("baseline: the single list of " + shape.large() + " targets (+1)", Stats.of(one, Double::doubleValue)
                .format(0));
        out.printf("scopes: one approval at %,d targets (TLS SNI only, capacity 30,000); %d measured runs after %d"
                + " warm-up%n%n", shape.large(), options.runs(), options.warmup());
        out.println(table.render());
        record.put("largeScopeApplyMs", Stats.of(scoped, Double::doubleValue).toJson(1));
        record.put("largeSingleListApplyMs", Stats.of(one, Double::doubleValue).toJson(1));
    }

    private double oneApproval(ScopedDeployment deployment, int round) throws Exception {
        ScopeName scope = deployment.scopes.arns().keySet().iterator().next();
        String target = "large-" + round + "." + scope + ".example.org";
        deployment.approveAtOnce(List.of(deployment.approval(deployment.submit(scope, target))));
        double ms = timed(() -> deployment.reconcileOne(scope));
        if (!deployment.live(scope).contains(target)
                || !deployment.lastApplied(scope).map(version -> version.contains(target)).orElse(false)) {
            throw new IllegalStateException(target + " was not applied in " + scope);
        }
        return ms;
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private static Map<String, Object> figures(List<Round> rounds) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("clicksMs", Stats.of(rounds, Round::clicksMs).toJson(1));
        figures.put("allLiveMs", Stats.of(rounds, Round::liveMs).toJson(1));
        figures.put("allAppliedMs", Stats.of(rounds, Round::appliedMs).toJson(1));
        figures.put("updateRuleGroupCalls", Stats.of(rounds, Round::updateCalls).toJson(0));
        return figures;
    }

    private static double timed(Runnable run) {
        long started = System.nanoTime();
        run.run();
        return ms(System.nanoTime() - started);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /**
     * Polls every {@code stepMs} until {@code done}; the time it first held (the emulator is read in this JVM, cheaply;
     * the version logs through dynalite, less often, so that polling does not slow what it waits for).
     */
    private static long awaitUntil(String what, long stepMs, java.util.function.BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("waited 120 s for " + what);
            }
            Thread.sleep(stepMs);
        }
        return System.nanoTime();
    }
}
