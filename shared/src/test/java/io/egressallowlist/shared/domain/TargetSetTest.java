package io.egressallowlist.shared.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressallowlist.shared.domain.TargetSet.Redundancy;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetSetTest {

    private static final TargetSet ALLOW_LIST = set(
            ".example.com", "example.com", ".a.example.com", "b.a.example.com",
            "files.pythonhosted.org", ".pypi.org", "pypi.org", "api.github.com");

    @Test
    void entriesAreSortedAndDeduplicated() {
        TargetSet set = set("b.example.org", "*.example.com", ".example.com", "a.example.org", "B.EXAMPLE.ORG.");
        assertThat(set.targets()).containsExactly(".example.com", "a.example.org", "b.example.org");
    }

    @Test
    void entriesCannotBeModified() {
        TargetSet set = set("a.example.org");
        assertThat(set.with(DomainName.of("b.example.org")).size()).isEqualTo(2);
        assertThat(set.size()).isEqualTo(1);
        assertThat(set.targets()).isUnmodifiable();
    }

    @ParameterizedTest(name = "{0} is allowed by {1}")
    @CsvSource(delimiter = '|', nullValues = "none", textBlock = """
            # name                  | covering entry
            example.com             | example.com
            www.example.com         | .example.com
            c.b.a.example.com       | .a.example.com
            b.a.example.com         | b.a.example.com
            .a.example.com          | .a.example.com
            .x.a.example.com        | .a.example.com
            badexample.com          | none
            pythonhosted.org        | none
            files.pythonhosted.org  | files.pythonhosted.org
            .files.pythonhosted.org | none
            upload.pypi.org         | .pypi.org
            github.com              | none
            """)
    void coveringEntryIsTheMostSpecificEntryThatAllowsTheName(String name, String entry) {
        assertThat(ALLOW_LIST.coveringEntry(DomainName.of(name)).map(DomainName::target).orElse(null))
                .isEqualTo(entry);
    }

    @Test
    void coveringEntriesListsEveryEntryToRemoveToRevokeAName() {
        assertThat(ALLOW_LIST.coveringEntries(DomainName.of("b.a.example.com")))
                .extracting(DomainName::target)
                .containsExactly("b.a.example.com", ".a.example.com", ".example.com");
    }

    @Test
    void redundantEntriesAreReportedWithTheBroadestWildcardCoveringThem() {
        assertThat(ALLOW_LIST.redundantEntries()).containsExactly(
                redundancy(".a.example.com", ".example.com"),
                redundancy("b.a.example.com", ".example.com"),
                redundancy("example.com", ".example.com"),
                redundancy("pypi.org", ".pypi.org"));
    }

    @Test
    void setWithoutWildcardsHasNoRedundantEntries() {
        assertThat(set("a.example.com", "example.com", "b.example.com").redundantEntries()).isEmpty();
    }

    @Test
    void removingTheOnlyCoveringWildcardRevokesTheName() {
        TargetSet without = ALLOW_LIST.without(DomainName.of(".pypi.org"));
        assertThat(without.coveringEntry(DomainName.of("upload.pypi.org"))).isEmpty();
        assertThat(without.contains(DomainName.of("pypi.org"))).isTrue();
    }

    private static Redundancy redundancy(String entry, String coveredBy) {
        return new Redundancy(DomainName.of(entry), DomainName.of(coveredBy));
    }

    private static TargetSet set(String... targets) {
        return TargetSet.of(Arrays.stream(targets).map(DomainName::of).toList());
    }

    @Test
    void emptySetAllowsNothing() {
        assertThat(TargetSet.empty().coveringEntry(DomainName.of("example.com"))).isEmpty();
        assertThat(TargetSet.of(List.of())).isEqualTo(TargetSet.empty());
    }
}
