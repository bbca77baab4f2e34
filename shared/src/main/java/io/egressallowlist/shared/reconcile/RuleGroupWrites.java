package io.egressallowlist.shared.reconcile;

import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.RuleGroupGateway;
import io.egressallowlist.shared.domain.RuleGroupGateway.LiveRuleGroup;
import io.egressallowlist.shared.domain.ScopeMode;

import java.time.Duration;
import java.util.Random;

/**
 * Writes one version to the rule group with the token of the describe that read it, retrying a lost token race
 * ({@code InvalidTokenException}: another writer changed the group since, aws-api-notes §1.2) with jittered, bounded
 * backoff; a race the other writer won with exactly this version's content is success.
 */
final class RuleGroupWrites {

    private final RuleGroupGateway ruleGroup;
    private final Reconciler.Settings settings;
    private final Reconciler.Sleeper sleeper;
    private final Random jitter;

    RuleGroupWrites(RuleGroupGateway ruleGroup, Reconciler.Settings settings, Reconciler.Sleeper sleeper,
                    Random jitter) {
        this.ruleGroup = ruleGroup;
        this.settings = settings;
        this.sleeper = sleeper;
        this.jitter = jitter;
    }

    /** Writes {@code target}; returns the number of UpdateRuleGroup calls made. */
    int write(AllowlistVersion target, LiveRuleGroup live) {
        String token = live.updateToken();
        for (int attempt = 1; ; attempt++) {
            try {
                ruleGroup.replace(token, target.targets(), target.mode());
                return attempt;
            } catch (RuleGroupGateway.StaleTokenException race) {
                if (attempt >= settings.maxTokenAttempts()) {
                    throw new ReconcileException("gave up writing version " + target.number() + " after " + attempt
                            + " token conflicts; another writer keeps changing the rule group. The next run retries.",
                            race);
                }
                pause(attempt);
                LiveRuleGroup again = ruleGroup.describe();
                if (target.hasSameTargetsAs(again.targets()) && target.mode() == modeOf(again)) {
                    return attempt; // the concurrent writer wrote exactly what we wanted
                }
                token = again.updateToken();
            }
        }
    }

    /** Whether the live group ({@code live.targets()} sorted) holds exactly {@code version}: its entries in its mode. */
    static boolean holds(AllowlistVersion version, LiveRuleGroup live) {
        return version.targets().equals(live.targets()) && version.mode() == modeOf(live);
    }

    /** The mode the live group is written in, as the gateway read it back. */
    static ScopeMode modeOf(LiveRuleGroup live) {
        return live.mode();
    }

    /** Full jitter: a random wait in [0, min(max, base × 2^(attempt-1))]. */
    private void pause(int attempt) {
        long ceiling = Math.min(settings.backoffMax().toMillis(),
                settings.backoffBase().toMillis() << Math.min(attempt - 1, 20));
        long wait = ceiling <= 0 ? 0 : (long) (jitter.nextDouble() * ceiling);
        try {
            sleeper.sleep(Duration.ofMillis(wait));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReconcileException("interrupted while waiting to retry", e);
        }
    }
}
