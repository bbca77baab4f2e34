package io.egressallowlist.shared.blocked;

import io.egressallowlist.shared.api.ApproverCheck;
import io.egressallowlist.shared.domain.Approvers;
import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.BlockedAttempts;
import io.egressallowlist.shared.domain.BlockedDomain;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.Scopes;
import io.egressallowlist.shared.domain.StudioIdentity;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.notify.ApproverGroups;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What {@code GET /blocked} reads. A person sees only the attempts attributed to their own Studio user profile;
 * the attempts of everyone, grouped by host with the number of distinct people, are for approvers only
 * ({@link ApproverCheck}: the policy's approvers, directly or through an approver group), and with scopes only those
 * of the scopes they approve: an approver of one team does not see another team's people. Attempts in no known scope
 * (a source no Studio domain was found for) are shown to the approvers of {@code global} and {@code default}, the
 * platform's lists.
 */
public final class BlockedQueries {

    /** The most lines one answer holds; the most recently seen hosts first. */
    public static final int MAX_LINES = 500;

    /** The outcome of {@link #all}. */
    public sealed interface AllView {
        /** One function per case, so that a new case fails compilation wherever it is not handled. */
        record Cases<R>(Function<? super Everyone, ? extends R> everyone,
                Function<? super NotAnApprover, ? extends R> notAnApprover) { }

        <R> R match(Cases<R> cases);

        /** Every attempt, per host. */
        record Everyone(List<BlockedDomain> lines) implements AllView {
            public Everyone {
                lines = List.copyOf(lines);
            }

            @Override public <R> R match(Cases<R> cases) { return cases.everyone().apply(this); }
        }

        /** The viewer may not see others' attempts; {@code reason} says why, for the answer. */
        record NotAnApprover(String reason) implements AllView {
            @Override public <R> R match(Cases<R> cases) { return cases.notAnApprover().apply(this); }
        }
    }

    private final BlockedAttempts attempts;
    private final DomainLines lines;
    /** Each scope's approvers; with a single list, one check under {@link ScopeName#DEFAULT}. */
    private final Map<ScopeName, ApproverCheck> approvers;

    /**
     * @param groups the approver groups' membership; empty where it cannot be read (then only approvers named in
     *               the policy are approvers)
     */
    public BlockedQueries(BlockedAttempts attempts, VersionLog versions, RequestRepository requests, Approvers approvers,
                          Optional<ApproverGroups> groups) {
        this.attempts = Objects.requireNonNull(attempts, "attempts");
        this.lines = new DomainLines(versions, requests);
        this.approvers = Map.of(ScopeName.DEFAULT, new ApproverCheck(approvers, groups));
    }

    /** Over every scope of {@code scopes}, each shown to its own approvers and judged on its own log. */
    public BlockedQueries(BlockedAttempts attempts, Function<ScopeName, VersionLog> logs, RequestRepository requests,
                          Scopes scopes, Optional<ApproverGroups> groups) {
        this.attempts = Objects.requireNonNull(attempts, "attempts");
        this.lines = new DomainLines(scope -> scopes.find(scope).map(known -> logs.apply(known.name())), requests);
        Map<ScopeName, ApproverCheck> checks = new LinkedHashMap<>();
        scopes.all().forEach(scope -> checks.put(scope.name(), new ApproverCheck(scope.policy().approvers(), groups)));
        this.approvers = Map.copyOf(checks);
    }

    /** The caller's own blocked attempts since {@code since}, per host; none when the caller is no Studio profile. */
    public List<BlockedDomain> mine(StudioIdentity caller, java.time.Instant since) {
        return caller.match(new StudioIdentity.Cases<List<BlockedDomain>>(notStudio -> List.of(),
                profile -> mine(new Attribution.UserProfile(profile.domainId(), profile.userProfileName(),
                        Attribution.Evidence.API_CALLER_SOURCE), since),
                ambiguous -> List.of(), unavailable -> List.of()));
    }

    /** The blocked attempts attributed to {@code profile} since {@code since}, per host. */
    public List<BlockedDomain> mine(Attribution.UserProfile profile, java.time.Instant since) {
        return lines.of(attempts.ofSubject(profile.subjectKey(), since), MAX_LINES);
    }

    /**
     * The blocked attempts attributed to any of the Studio user profiles {@code userProfileNames}, in any Studio
     * domain, since {@code since}, per host: a person's own, found through the profiles linked to them.
     */
    public List<BlockedDomain> ofProfiles(Set<String> userProfileNames, java.time.Instant since) {
        if (userProfileNames.isEmpty()) {
            return List.of();
        }
        return lines.of(attempts.since(since).stream().filter(attempt -> attempt.attribution().match(
                new Attribution.Cases<>(profile -> userProfileNames.contains(profile.userProfileName()),
                        space -> false, domain -> false, nobody -> false))).toList(), MAX_LINES);
    }

    /** Everyone's blocked attempts since {@code since}, per host, in the scopes {@code viewer} approves. */
    public AllView all(Requester viewer, java.time.Instant since) {
        return all(viewer, since, Optional.empty());
    }

    /**
     * Everyone's blocked attempts since {@code since}, per host: in scope {@code only} if {@code viewer} approves it,
     * else (no scope named) in every scope {@code viewer} approves; refused when there is none.
     */
    public AllView all(Requester viewer, java.time.Instant since, Optional<ScopeName> only) {
        Set<ScopeName> approved = new HashSet<>();
        String refusal = null;
        for (Map.Entry<ScopeName, ApproverCheck> scope : approvers.entrySet()) {
            if (only.isEmpty() || only.get().equals(scope.getKey())) {
                Optional<String> refused = scope.getValue().refusal(viewer, only.isPresent()
                        ? "only approvers of " + only.get() + " see its blocked attempts"
                        : "only approvers see everyone's blocked attempts");
                if (refused.isEmpty()) {
                    approved.add(scope.getKey());
                } else if (refusal == null) {
                    refusal = refused.get();
                }
            }
        }
        if (approved.isEmpty()) {
            return new AllView.NotAnApprover(refusal != null ? refusal : "there is no scope " + only.orElseThrow());
        }
        boolean single = approvers.size() == 1;
        boolean platform = approved.contains(ScopeName.GLOBAL) || approved.contains(ScopeName.DEFAULT);
        // One list: its approvers see every attempt, whatever scope an attempt was attributed to.
        return new AllView.Everyone(lines.of(attempts.since(since).stream().filter(attempt -> single || attempt.scope()
                .map(approved::contains).orElse(only.isEmpty() && platform)).toList(), MAX_LINES));
    }
}
