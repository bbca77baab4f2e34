package io.egressallowlist.shared.blocked;

import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.BlockedAttempt;
import io.egressallowlist.shared.domain.BlockedAttempts;
import io.egressallowlist.shared.domain.BlockedDomain;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.notify.BlockedDigest;
import io.egressallowlist.shared.notify.BlockedDigests;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The digest schedule's run: each person with new blocked attempts gets at most one digest per interval, with all
 * of them in it; attempts no person can be told about (a space, a whole domain, nobody, a profile without a Slack
 * link) go to the approvals channel as one digest per interval, never one message per flow. The time of the last
 * digest of each recipient is claimed with a conditional write before sending, so two runs at once send it once.
 */
public final class DigestRun {

    /** What one run did. */
    public record Report(int due, int sent, int alreadySent, int failed) { }

    /** A digest that is due, with the last-sent time its claim expects. */
    public record Due(BlockedDigest digest, Optional<Instant> previous) { }

    private final BlockedAttempts attempts;
    private final DomainLines lines;
    private final BlockedDigests sender;
    private final Map<String, String> identityLinks;
    private final Duration interval;
    private final Duration retention;
    private final Clock clock;

    /**
     * @param identityLinks Studio user profile name (or principal) → Slack user id ({@code IDENTITY_LINKS})
     * @param interval      at most one digest per recipient per interval ({@code DIGEST_INTERVAL})
     */
    public DigestRun(BlockedAttempts attempts, VersionLog versions, RequestRepository requests, BlockedDigests sender,
                     Map<String, String> identityLinks, Duration interval, Duration retention, Clock clock) {
        this.attempts = Objects.requireNonNull(attempts, "attempts");
        this.lines = new DomainLines(versions, requests);
        this.sender = Objects.requireNonNull(sender, "sender");
        this.identityLinks = Map.copyOf(identityLinks);
        this.interval = Objects.requireNonNull(interval, "interval");
        this.retention = Objects.requireNonNull(retention, "retention");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Sends every digest that is due now. A digest that fails to send is released for the next run. */
    public Report sendDue() {
        Instant now = clock.instant();
        List<Due> due = due(now);
        int sent = 0;
        int alreadySent = 0;
        int failed = 0;
        for (Due digest : due) {
            String key = digest.digest().recipient().key();
            if (!attempts.claimDigest(key, digest.previous(), now, now.plus(retention))) {
                alreadySent++;
                continue;
            }
            try {
                sender.send(digest.digest());
                sent++;
            } catch (RuntimeException e) {
                attempts.releaseDigest(key, now, digest.previous());
                failed++;
            }
        }
        return new Report(due.size(), sent, alreadySent, failed);
    }

    /** The digests due at {@code now}, without sending or claiming anything. */
    public List<Due> due(Instant now) {
        Instant windowStart = now.minus(interval.multipliedBy(2));
        Map<String, BlockedDigest.Recipient> recipients = new LinkedHashMap<>();
        Map<String, List<BlockedAttempt>> byRecipient = new LinkedHashMap<>();
        for (BlockedAttempt attempt : attempts.since(windowStart)) {
            if (attempt.learning()) {
                continue; // a learning scope's flows passed: nothing to tell anyone as refused
            }
            BlockedDigest.Recipient recipient = recipient(attempt.attribution());
            recipients.putIfAbsent(recipient.key(), recipient);
            byRecipient.computeIfAbsent(recipient.key(), r -> new ArrayList<>()).add(attempt);
        }
        List<Due> due = new ArrayList<>();
        byRecipient.forEach((key, theirs) -> {
            BlockedDigest.Recipient recipient = recipients.get(key);
            Optional<Instant> previous = attempts.lastDigest(recipient.key());
            if (previous.isPresent() && previous.get().isAfter(now.minus(interval))) {
                return;
            }
            Instant since = previous.filter(p -> p.isAfter(windowStart)).orElse(windowStart);
            List<BlockedAttempt> fresh = theirs.stream().filter(a -> a.lastSeen().isAfter(since)).toList();
            List<BlockedDomain> digestLines = lines.of(fresh, BlockedQueries.MAX_LINES);
            if (!digestLines.isEmpty()) {
                due.add(new Due(new BlockedDigest(recipient, digestLines, since, now), previous));
            }
        });
        return due;
    }

    private BlockedDigest.Recipient recipient(Attribution attribution) {
        return attribution.match(new Attribution.Cases<BlockedDigest.Recipient>(
                profile -> slackUser(profile.userProfileName())
                        .<BlockedDigest.Recipient>map(user -> new BlockedDigest.Person(profile, user))
                        .orElseGet(BlockedDigest.ApprovalsChannel::new),
                space -> new BlockedDigest.ApprovalsChannel(),
                domain -> new BlockedDigest.ApprovalsChannel(),
                nobody -> new BlockedDigest.ApprovalsChannel()));
    }

    private Optional<SlackUserId> slackUser(String userProfileName) {
        String linked = identityLinks.get(userProfileName);
        if (linked == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new SlackUserId(linked));
        } catch (IllegalArgumentException notASlackUser) {
            return Optional.empty();
        }
    }
}
