package io.egressallowlist.shared.domain;

import com.google.common.collect.ImmutableSortedSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The allow-list's entries: sorted by target, without duplicates, immutable. This is what one
 * version of the rule group contains.
 */
public final class TargetSet implements Iterable<DomainName> {

    /** An entry that adds nothing because a wildcard already allows everything it allows. */
    public record Redundancy(DomainName entry, DomainName coveredBy) {
    }

    private static final TargetSet EMPTY = new TargetSet(ImmutableSortedSet.of());

    private final ImmutableSortedSet<DomainName> entries;
    private final Map<String, DomainName> wildcardsByBase;

    private TargetSet(ImmutableSortedSet<DomainName> entries) {
        this.entries = entries;
        this.wildcardsByBase = entries.stream()
                .filter(DomainName::isWildcard)
                .collect(Collectors.toUnmodifiableMap(DomainName::baseName, Function.identity()));
    }

    public static TargetSet empty() {
        return EMPTY;
    }

    public static TargetSet of(Collection<DomainName> entries) {
        return new TargetSet(ImmutableSortedSet.copyOf(entries));
    }

    public static TargetSet of(DomainName... entries) {
        return new TargetSet(ImmutableSortedSet.copyOf(entries));
    }

    public TargetSet with(DomainName entry) {
        return new TargetSet(ImmutableSortedSet.<DomainName>naturalOrder().addAll(entries).add(entry).build());
    }

    public TargetSet without(DomainName entry) {
        return of(entries.stream().filter(e -> !e.equals(entry)).toList());
    }

    public int size() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public boolean contains(DomainName entry) {
        return entries.contains(entry);
    }

    public SortedSet<DomainName> entries() {
        return entries;
    }

    /** The strings for the rule group's {@code RulesSourceList.Targets}, in sorted order. */
    public List<String> targets() {
        return entries.stream().map(DomainName::target).toList();
    }

    /**
     * The most specific entry that allows the name (an exact entry before a wildcard, a narrower
     * wildcard before a broader one), or empty if the firewall would drop it.
     */
    public Optional<DomainName> coveringEntry(DomainName name) {
        List<DomainName> covering = coveringEntries(name);
        return covering.isEmpty() ? Optional.empty() : Optional.of(covering.get(0));
    }

    /** Every entry that allows the name, most specific first; removing all of them revokes it. */
    public List<DomainName> coveringEntries(DomainName name) {
        List<DomainName> covering = new ArrayList<>();
        if (!name.isWildcard() && entries.contains(name)) {
            covering.add(name);
        }
        for (String base : Matching.selfAndAncestors(name.baseName())) {
            Optional.ofNullable(wildcardsByBase.get(base)).ifPresent(covering::add);
        }
        return covering;
    }

    /** Entries made redundant by a wildcard, each with the broadest wildcard that covers it. */
    public List<Redundancy> redundantEntries() {
        List<Redundancy> redundant = new ArrayList<>();
        for (DomainName entry : entries) {
            coveringEntries(entry).stream()
                    .filter(covering -> !covering.equals(entry))
                    .reduce((narrower, broader) -> broader)
                    .ifPresent(broadest -> redundant.add(new Redundancy(entry, broadest)));
        }
        return List.copyOf(redundant);
    }

    @Override
    public Iterator<DomainName> iterator() {
        return entries.iterator();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TargetSet other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return targets().toString();
    }
}
