package io.egressallowlist.shared.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Network Firewall domain-list matching, aws-api-notes §1.4. */
class CoverageTest {

    @ParameterizedTest(name = "{0} covers {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # entry           | name                 | covered
            .example.com      | example.com          | true
            .example.com      | a.example.com        | true
            .example.com      | a.b.example.com      | true
            .example.com      | .example.com         | true
            .example.com      | .a.example.com       | true
            .example.com      | badexample.com       | false
            .example.com      | example.com.evil.org | false
            .example.com      | example.org          | false
            .a.example.com    | example.com          | false
            .a.example.com    | .example.com         | false
            .a.example.com    | b.a.example.com      | true
            abc.example.com   | abc.example.com      | true
            abc.example.com   | x.abc.example.com    | false
            abc.example.com   | .abc.example.com     | false
            abc.example.com   | example.com          | false
            example.com       | www.example.com      | false
            example.com       | .example.com         | false
            """)
    void coverageFollowsNetworkFirewallMatching(String entry, String name, boolean covered) {
        assertThat(DomainName.covers(DomainName.of(entry), DomainName.of(name))).isEqualTo(covered);
    }

    @ParameterizedTest(name = "{0} overlaps {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            # deny pattern    | requested            | overlaps
            .pastebin.com     | pastebin.com         | true
            .pastebin.com     | api.pastebin.com     | true
            .pastebin.com     | .pastebin.com        | true
            pastebin.com      | .pastebin.com        | true
            evil.example.com  | .example.com         | true
            evil.example.com  | www.example.com      | false
            .zip              | example.zip          | true
            .ngrok.io         | my-tunnel.ngrok.io   | true
            .ngrok.io         | ngrok.com            | false
            """)
    void denyPatternOverlapsAnyRequestThatWouldAllowADeniedName(String pattern, String requested, boolean overlaps) {
        assertThat(DomainPattern.of(pattern).overlaps(DomainName.of(requested))).isEqualTo(overlaps);
    }
}
