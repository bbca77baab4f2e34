package io.egressallowlist.shared.blocked;

import io.egressallowlist.shared.api.ApproverCheck;
import io.egressallowlist.shared.domain.Approvers;
import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.BlockedAttempts;
import io.egressallowlist.shared.domain.BlockedDomain;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.StudioIdentity;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.notify.ApproverGroups;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What {@code GET /blocked} reads. A person sees only the attempts attributed to their own Studio user profile;
 * the attempts of everyone, grouped by host with the number of distinct people, are for approvers only
 * ({@link ApproverCheck}: the policy's approvers, directly or through an approver group).
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
    private final ApproverCheck approvers;

    /**
     * @param groups the approver groups' membership; empty where it cannot be read (then only approvers named in
     *               the policy are approvers)
     */
    public BlockedQueries(BlockedAttempts attempts, VersionLog versions, RequestRepository requests, Approvers approvers,
                          Optional<ApproverGroups> groups) {
        this.attempts = Objects.requireNonNull(attempts, "attempts");
        this.lines = new DomainLines(versions, requests);
        this.approvers = new ApproverCheck(approvers, groups);
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

    /** Everyone's blocked attempts since {@code since}, per host, if {@code viewer} is an approver. */
    public AllView all(Requester viewer, java.time.Instant since) {
        Optional<String> refusal = refusal(viewer);
        if (refusal.isPresent()) {
            return new AllView.NotAnApprover(refusal.get());
        }
        return new AllView.Everyone(lines.of(attempts.since(since), MAX_LINES));
    }

    private Optional<String> refusal(Requester viewer) {
        return approvers.refusal(viewer, "only approvers see everyone's blocked attempts");
    }
}
