package io.egressallowlist.shared.slack;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** What a mode request's card says enforcing would block. */
class ModeNotesTest {

    @Test
    void nothingToBlockIsSaidPlainly() {
        assertThat(ModeNotes.text(List.of())).contains("Would block 0 domains");
    }

    @Test
    void oneDomainIsCountedInTheSingular() {
        assertThat(ModeNotes.text(List.of("a.example.org"))).contains("Would block 1 domain*", "`a.example.org`");
    }

    @Test
    void manyDomainsAreCountedAndTheFirstTenListed() {
        List<String> names = IntStream.rangeClosed(1, 13).mapToObj(i -> "host" + i + ".example.org").toList();

        String text = ModeNotes.text(names);

        assertThat(text).contains("Would block 13 domains", "`host10.example.org`", "and 3 more")
                .doesNotContain("host11.example.org");
    }

    @Test
    void namesWorkloadsSentAreEscaped() {
        assertThat(ModeNotes.text(List.of("<@U0ADMIN0001>&<!here>"))).contains("`&lt;@U0ADMIN0001&gt;&amp;&lt;!here&gt;`")
                .doesNotContain("<@U0ADMIN", "<!here>");
    }
}
