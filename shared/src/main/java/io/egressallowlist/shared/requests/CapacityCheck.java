package io.egressallowlist.shared.requests;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.CapacityWarning;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.domain.RuleGroupCapacity;
import io.egressallowlist.shared.domain.RuleGroupForm;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How full the allow-list is for a new request: the applied list plus the targets approved but not applied yet,
 * against the rule group's capacity (fixed when the group is created, so it is configuration, not a call to the
 * firewall). Without a configured capacity nothing is said.
 */
final class CapacityCheck {

    /** Entries left above which the list is far from full whatever approvals wait to be applied. */
    static final int WITHIN_REACH = 2_000;

    private final RequestRepository requests;
    private final ScopeViews views;

    /** Each scope's list against its own rule group's capacity. */
    CapacityCheck(RequestRepository requests, ScopeViews views) {
        this.requests = requests;
        this.views = views;
    }

    /**
     * A new request ({@link SubmitOutcome.Submitted}) with the warnings of the moment; any other outcome as it is.
     * {@code live} is the applied version the submission already read to see whether the target was allowed.
     */
    SubmitOutcome warned(SubmitOutcome outcome, ScopeName scope, Optional<AllowlistVersion> live) {
        return outcome.match(new SubmitOutcome.Cases<>(
                submitted -> new SubmitOutcome.Submitted(submitted.request(), submitted.autoApproved(),
                        warnings(scope, live)),
                existing -> outcome, replayed -> outcome, reused -> outcome, open -> outcome, allowed -> outcome,
                invalid -> outcome, refused -> outcome));
    }

    List<CapacityWarning> warnings(ScopeName scope, Optional<AllowlistVersion> live) {
        Optional<RuleGroupCapacity> capacity = views.capacity(scope);
        if (capacity.isEmpty()) {
            return List.of();
        }
        Set<String> entries = new HashSet<>(live.map(AllowlistVersion::targets).orElse(List.of()));
        // What an entry costs depends on how the scope's group is written: global's pass rules have no drop rule, a
        // learning group adds its alert and pass rules (RuleGroupForm).
        int max = RuleGroupForm.of(scope).maxTargets(capacity.get().capacity(), capacity.get().targetTypes(),
                live.map(AllowlistVersion::mode).orElse(ScopeMode.ENFORCE));
        if (max - entries.size() > WITHIN_REACH) {
            // Approved requests wait for the firewall only until the next run (seconds), so they are few; reading
            // them (one strongly consistent read each) is left to a list that is within reach of full.
            return List.of();
        }
        for (AllowlistRequest waiting : requests.withIntent(scope)) {
            if (waiting.intent() == Intent.ADD && waiting.kind() == RequestKind.DOMAIN) {
                entries.add(waiting.target().value());
            }
        }
        return CapacityWarning.of(max, entries.size()).stream().toList();
    }
}
