package io.egressallowlist.shared.api;

import io.egressallowlist.shared.domain.AuditChain;
import io.egressallowlist.shared.domain.AuditChain.Head;
import io.egressallowlist.shared.domain.AuditChain.Link;
import io.egressallowlist.shared.domain.ChainProblem;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Verifies the audit trail's hash chain ({@link AuditChain}) a page at a time, from a place onwards, and names the
 * first problem: a record whose content no longer matches its hash ({@code EDITED}), an empty place
 * ({@code DELETED}), a record that was not written in turn ({@code INSERTED}: a place claimed twice, a broken link,
 * a place past the head, or, on the first page, a record written since the chain began that carries no place).
 *
 * <p>One page checks at most {@link #MAX_LIMIT} records, so one API call stays well within API Gateway's 29 s;
 * a caller walks the chain by passing each answer's {@code next} as the following {@code after}. Each page starts
 * from the hash of the record at {@code after}, which the previous page verified.
 */
public final class AuditVerification {

    public static final int DEFAULT_LIMIT = 2_000;
    public static final int MAX_LIMIT = 5_000;
    /** How far past the head the last page looks for records claiming a place the head never gave. */
    private static final long PAST_HEAD = 1_000;

    /** The last record verified: its place and hash. */
    public record Through(long seq, String hash) { }

    /**
     * One page's answer.
     *
     * @param checked     records verified by this page
     * @param headSeq     the place of the newest record
     * @param through     the last record verified; empty when none was
     * @param problem     the first problem found; empty when the page is intact
     * @param next        the {@code after} of the next page; empty at the end of the chain or at a problem
     * @param beforeChain on the first page: the records written before the chain began, which it does not cover
     */
    public record Report(long checked, long headSeq, Optional<Through> through, Optional<ChainProblem> problem,
                         OptionalLong next, OptionalLong beforeChain) {
        public boolean intact() {
            return problem.isEmpty();
        }
    }

    private final AuditChain chain;
    private final Duration settle;
    private final Consumer<Duration> sleep;

    /** Reads a page again after a second when it shows an empty place. */
    public AuditVerification(AuditChain chain) {
        this(chain, Duration.ofSeconds(1), AuditVerification::sleep);
    }

    /**
     * @param settle how long to wait before reading a page again when it shows an empty place: the index the chain
     *               is read through may lag a moment behind the latest writes
     * @param sleep  waits (tests pass their own)
     */
    public AuditVerification(AuditChain chain, Duration settle, Consumer<Duration> sleep) {
        this.chain = Objects.requireNonNull(chain, "chain");
        this.settle = Objects.requireNonNull(settle, "settle");
        this.sleep = Objects.requireNonNull(sleep, "sleep");
    }

    /**
     * Verifies the records after place {@code after}, at most {@code limit} of them.
     *
     * @throws IllegalArgumentException when {@code after} is negative or past the head, or {@code limit} is outside
     *                                  1..{@link #MAX_LIMIT}; nothing is read then
     */
    public Report verify(long after, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        if (after < 0) {
            throw new IllegalArgumentException("after must be a place in the chain (0 or more), not " + after);
        }
        Report report = check(after, limit);
        if (report.problem().filter(p -> p.kind() == ChainProblem.Kind.DELETED).isEmpty()) {
            return report;
        }
        sleep.accept(settle);
        return check(after, limit);
    }

    private Report check(long after, int limit) {
        Optional<Head> found = chain.head();
        if (found.isEmpty()) {
            if (after > 0) {
                throw new IllegalArgumentException("after (" + after + ") is past the chain's head: it has no records");
            }
            long before = chain.unchained(Instant.MAX).beforeGenesis();
            return new Report(0, 0, Optional.empty(), Optional.empty(), OptionalLong.empty(), OptionalLong.of(before));
        }
        Head head = found.get();
        if (after > head.seq()) {
            throw new IllegalArgumentException("after (" + after + ") is past the chain's head (" + head.seq() + ")");
        }
        long to = Math.min(head.seq(), after + limit);
        boolean last = to == head.seq();
        Page page = new Page(head, places(head, Math.max(1, after), to, last));
        Walk walk = page.walk(after, to);
        Optional<ChainProblem> problem = walk.problem();
        if (problem.isEmpty() && last) {
            problem = page.atTheHead(walk.through());
        }
        OptionalLong beforeChain = OptionalLong.empty();
        if (after == 0) {
            AuditChain.Unchained unchained = chain.unchained(head.genesis());
            beforeChain = OptionalLong.of(unchained.beforeGenesis());
            if (problem.isEmpty() && !unchained.afterGenesis().isEmpty()) {
                problem = Optional.of(unchainedSinceGenesis(unchained.afterGenesis().get(0), head.genesis()));
            }
        }
        OptionalLong next = problem.isEmpty() && !last ? OptionalLong.of(to) : OptionalLong.empty();
        return new Report(walk.checked(), head.seq(), walk.through(), problem, next, beforeChain);
    }

    /** The records at places {@code [from, to]} (on the last page, past the head too), by place. */
    private TreeMap<Long, List<Link>> places(Head head, long from, long to, boolean last) {
        List<Link> links = new ArrayList<>(chain.links(from, last ? head.seq() + PAST_HEAD : to));
        head.pending().stream().filter(pending -> pending.seq() >= from && pending.seq() <= to)
                .filter(pending -> links.stream().noneMatch(link -> link.seq() == pending.seq()))
                .forEach(links::add);
        return links.stream().sorted(Comparator.comparing(Link::subject).thenComparing(Link::eventId))
                .collect(Collectors.groupingBy(Link::seq, TreeMap::new, Collectors.toList()));
    }

    /** Where a walk stopped: what it verified, and the problem that stopped it. */
    private record Walk(long checked, Optional<Through> through, Optional<ChainProblem> problem) { }

    /** The records of one page, by place. */
    private record Page(Head head, TreeMap<Long, List<Link>> places) {

        Walk walk(long after, long to) {
            String prevHash = AuditChain.GENESIS_HASH;
            Link prev = null;
            if (after > 0) {
                List<Link> start = places.getOrDefault(after, List.of());
                if (start.isEmpty()) {
                    return new Walk(0, Optional.empty(), Optional.of(deleted(after, null)));
                }
                prev = genuine(start, null, after);
                prevHash = prev.hash();
            }
            long checked = 0;
            for (long seq = after + 1; seq <= to; seq++) {
                List<Link> here = places.getOrDefault(seq, List.of());
                if (here.isEmpty()) {
                    return new Walk(checked, through(prev), Optional.of(deleted(seq, prev)));
                }
                Link link = genuine(here, prevHash, seq);
                Optional<ChainProblem> problem = problemAt(link, here, prevHash, prev);
                if (problem.isPresent()) {
                    return new Walk(checked, through(prev), problem);
                }
                prev = link;
                prevHash = link.hash();
                checked++;
            }
            return new Walk(checked, through(prev), Optional.empty());
        }

        /** The last record verified, {@code prev}; empty when none was. */
        private static Optional<Through> through(Link prev) {
            return Optional.ofNullable(prev).map(p -> new Through(p.seq(), p.hash()));
        }

        /** The head must hold the last record's hash, and no record may claim a place past it. */
        Optional<ChainProblem> atTheHead(Optional<Through> through) {
            String lastHash = through.map(Through::hash).orElse(null);
            if (lastHash != null && through.get().seq() == head.seq() && !lastHash.equals(head.hash())) {
                Link last = genuine(places.get(head.seq()), null, head.seq());
                return Optional.of(new ChainProblem(ChainProblem.Kind.EDITED, last.seq(), last.eventId(),
                        last.subject(), "record " + name(last) + " is not the one the chain's head holds (hash "
                        + last.hash() + ", the head's " + head.hash() + "): it was rewritten with a new hash"));
            }
            return Optional.ofNullable(places.higherEntry(head.seq())).map(past -> {
                Link link = past.getValue().get(0);
                return new ChainProblem(ChainProblem.Kind.INSERTED, link.seq(), link.eventId(), link.subject(),
                        "record " + name(link) + " claims place " + link.seq() + ", past the chain's head ("
                                + head.seq() + "): the chain never gave it");
            });
        }

        /**
         * Of the records claiming one place, the one the chain holds: the most of matching its hash, linking to
         * its predecessor, and being what its successor (or the head) links to.
         */
        private Link genuine(List<Link> here, String prevHash, long seq) {
            Set<String> successorLinks = seq == head.seq() ? Set.of(head.hash())
                    : places.getOrDefault(seq + 1, List.of()).stream().map(Link::prevHash).filter(Objects::nonNull)
                    .collect(Collectors.toSet());
            return here.stream().max(Comparator.comparingInt(link -> (link.hashMatches() ? 1 : 0)
                    + (link.prevHash() != null && link.prevHash().equals(prevHash) ? 1 : 0)
                    + (successorLinks.contains(link.hash()) ? 1 : 0))).orElseThrow();
        }

        private Optional<ChainProblem> problemAt(Link link, List<Link> here, String prevHash, Link prev) {
            if (!link.hashMatches()) {
                return Optional.of(new ChainProblem(ChainProblem.Kind.EDITED, link.seq(), link.eventId(),
                        link.subject(), "record " + name(link) + " no longer matches its"
                        + " hash: its content was changed after it was written"));
            }
            if (!prevHash.equals(link.prevHash())) {
                return Optional.of(new ChainProblem(ChainProblem.Kind.INSERTED, link.seq(), link.eventId(),
                        link.subject(), "record " + name(link) + " does not link to "
                        + (prev == null ? "the start of the chain" : "record " + name(prev) + " before it")
                        + ": it was put in place of the record written there, or its predecessor was rewritten"));
            }
            return here.stream().filter(other -> other != link).findFirst().map(other -> new ChainProblem(
                    ChainProblem.Kind.INSERTED, other.seq(), other.eventId(), other.subject(), "record " + name(other)
                    + " claims place " + other.seq() + ", which record " + name(link) + " holds"));
        }

        private ChainProblem deleted(long seq, Link prev) {
            Map.Entry<Long, List<Link>> following = places.higherEntry(seq);
            String before = prev == null ? (seq == 1 ? "the start of the chain" : "place " + (seq - 1))
                    : "record " + name(prev);
            String after = following == null || following.getKey() > head.seq()
                    ? "the chain's head (place " + head.seq() + ")"
                    : "record " + name(following.getValue().get(0));
            return new ChainProblem(ChainProblem.Kind.DELETED, seq, null, null, "place " + seq + " is empty: the"
                    + " record between " + before + " and " + after + " was deleted");
        }
    }

    private static ChainProblem unchainedSinceGenesis(AuditChain.Key key, Instant genesis) {
        return new ChainProblem(ChainProblem.Kind.INSERTED, 0, key.eventId(), key.subject(), "record "
                + key.subject() + "/" + key.eventId() + " (at " + key.at() + ") carries no place in the chain, though"
                + " it is dated after the chain began (" + genesis + "): it was written around the chain");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static String name(Link link) {
        return link.subject() + "/" + link.eventId() + " (place " + link.seq() + ")";
    }
}
