package io.egressallowlist.shared.blocked;

import io.egressallowlist.shared.domain.BlockedHost;
import io.egressallowlist.shared.domain.DomainName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * What is suggested for a blocked host, judged beside the other hosts refused with it: the exact canonical host, the
 * wildcard over a registrable name under which several hosts were refused, never a wildcard at or above a public
 * suffix (Public Suffix List, private section included), and nothing for what is not a requestable name.
 */
class SuggestionsTest {

    private static final String NONE = "(no suggestion)";

    static Stream<Arguments> cases() {
        return Stream.of(
                // the exact host, canonical
                arguments(List.of("cdn-lfs.hf.co"), "cdn-lfs.hf.co", "cdn-lfs.hf.co"),
                arguments(List.of("CDN-LFS.HF.CO."), "CDN-LFS.HF.CO.", "cdn-lfs.hf.co"),
                arguments(List.of("pypi.org"), "pypi.org", "pypi.org"),
                // several hosts under one registrable name: the wildcard over it, for each of them
                arguments(List.of("cdn-lfs.hf.co", "xethub.hf.co"), "cdn-lfs.hf.co", ".hf.co"),
                arguments(List.of("cdn-lfs.hf.co", "xethub.hf.co"), "xethub.hf.co", ".hf.co"),
                arguments(List.of("example.co.uk", "www.example.co.uk"), "example.co.uk", ".example.co.uk"),
                arguments(List.of("a.example.co.uk", "b.example.co.uk"), "a.example.co.uk", ".example.co.uk"),
                // the same host asked for twice is one host
                arguments(List.of("files.pythonhosted.org", "FILES.pythonhosted.org"), "files.pythonhosted.org",
                        "files.pythonhosted.org"),
                // hosts under different registrable names stay exact
                arguments(List.of("a.example.com", "a.example.org"), "a.example.com", "a.example.com"),
                // under a platform's public suffix each tenant is its own registrable name: exact, never the platform
                arguments(List.of("bucket-a.s3.amazonaws.com", "bucket-b.s3.amazonaws.com"), "bucket-a.s3.amazonaws.com",
                        "bucket-a.s3.amazonaws.com"),
                arguments(List.of("alice.github.io", "bob.github.io"), "alice.github.io", "alice.github.io"),
                // a registrable name with public suffixes below it: the wildcard would cover them, so exact
                arguments(List.of("sts.amazonaws.com", "ec2.amazonaws.com"), "sts.amazonaws.com", "sts.amazonaws.com"),
                // a host that is itself a public suffix is answered by the firewall but never requested
                arguments(List.of("s3.eu-west-1.amazonaws.com", "s3.us-east-1.amazonaws.com"),
                        "s3.eu-west-1.amazonaws.com", NONE),
                arguments(List.of("co.uk", "example.co.uk"), "co.uk", NONE),
                arguments(List.of("github.io"), "github.io", NONE),
                // IP literals, markup, names that are not host names
                arguments(List.of("10.20.1.23"), "10.20.1.23", NONE),
                arguments(List.of("2001:db8::1"), "2001:db8::1", NONE),
                arguments(List.of("[2001:db8::1]"), "[2001:db8::1]", NONE),
                arguments(List.of("<script>alert(1)</script>"), "<script>alert(1)</script>", NONE),
                arguments(List.of("<!channel>"), "<!channel>", NONE),
                arguments(List.of("*.example.com"), "*.example.com", NONE),
                arguments(List.of("exa mple.com"), "exa mple.com", NONE),
                arguments(List.of("a".repeat(64) + ".example.com"), "a".repeat(64) + ".example.com", NONE),
                arguments(List.of("localhost"), "localhost", NONE),
                arguments(List.of("build.internal"), "build.internal", NONE),
                // internationalised names: A-labels, whichever form the client sent
                arguments(List.of("bücher.example.com"), "bücher.example.com", "xn--bcher-kva.example.com"),
                arguments(List.of("xn--bcher-kva.example.com"), "xn--bcher-kva.example.com", "xn--bcher-kva.example.com"),
                arguments(List.of("bücher.example.com", "xn--bcher-kva.example.com"), "bücher.example.com",
                        "xn--bcher-kva.example.com"),
                arguments(List.of("bücher.example.com", "www.example.com"), "www.example.com", ".example.com"),
                arguments(List.of("www.bücher.de", "shop.xn--bcher-kva.de"), "www.bücher.de", ".xn--bcher-kva.de"),
                // an IP literal or markup beside a name does not make a wildcard
                arguments(List.of("api.example.net", "10.0.0.7", "<b>example.net</b>"), "api.example.net",
                        "api.example.net"));
    }

    @ParameterizedTest(name = "{1} refused among {0}: {2}")
    @MethodSource("cases")
    void eachBlockedHostGetsTheSuggestionItsNeighboursAndThePublicSuffixGuardAllow(List<String> refused, String host,
                                                                                  String expected) {
        Suggestions suggestions = Suggestions.among(refused.stream().map(text -> BlockedHost.of(text).orElseThrow())
                .toList());

        String suggestion = suggestions.forHost(BlockedHost.of(host).orElseThrow()).map(DomainName::target).orElse(NONE);

        assertThat(suggestion).isEqualTo(expected);
    }
}
