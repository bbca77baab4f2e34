package io.egressallowlist.shared.notify;

import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.BlockedDomain;
import io.egressallowlist.shared.domain.SlackUserId;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A digest of blocked attempts for one recipient: a person (their own attempts, in a direct message) or the
 * approvals channel (attempts nobody could be named for, and those of people without a Slack link). Every host in
 * it is data from a log record and must be escaped for Slack where it is shown.
 *
 * @param lines one per host, most recently seen first
 * @param since the attempts are those last seen after this (the previous digest, or the start of the window)
 */
public record BlockedDigest(Recipient recipient, List<BlockedDomain> lines, Instant since, Instant until) {

    public BlockedDigest {
        Objects.requireNonNull(recipient, "recipient");
        lines = List.copyOf(lines);
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a digest has at least one line");
        }
    }

    /** Who a digest goes to. */
    public sealed interface Recipient {
        /** One function per case, so that a new case fails compilation wherever it is not handled. */
        record Cases<R>(Function<? super Person, ? extends R> person,
                Function<? super ApprovalsChannel, ? extends R> approvalsChannel) { }

        <R> R match(Cases<R> cases);

        /** The key under which the last digest sent to this recipient is recorded. */
        String key();
    }

    /** A Studio user with a Slack link: their own attempts. */
    public record Person(Attribution.UserProfile profile, SlackUserId slackUser) implements Recipient {
        public Person {
            Objects.requireNonNull(profile, "profile");
            Objects.requireNonNull(slackUser, "slackUser");
        }

        @Override public <R> R match(Cases<R> cases) { return cases.person().apply(this); }

        @Override public String key() { return profile.subjectKey(); }
    }

    /** The approvals channel: everything no person could be told about, as one periodic digest. */
    public record ApprovalsChannel() implements Recipient {
        @Override public <R> R match(Cases<R> cases) { return cases.approvalsChannel().apply(this); }

        @Override public String key() { return "channel#approvals"; }
    }
}
