package io.egressallowlist.emulators.networkfirewall;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The Suricata rule forms the emulator decides flows with (aws-api-notes §1.4's generated rules). */
class SuricataRuleTest {

    private static final String TLS_WILDCARD = "pass tls $HOME_NET any -> $EXTERNAL_NET any (ssl_state:client_hello; tls.sni; "
            + "dotprefix; content:\".example.com\"; nocase; endswith; msg:\"matching TLS allowlisted FQDNs\"; priority:1; "
            + "flow:to_server, established; sid:7; rev:1;)";
    private static final String HTTP_EXACT = "pass http $HOME_NET any -> $EXTERNAL_NET any (http.host; content:\"example.com\"; "
            + "startswith; endswith; msg:\"matching HTTP allowlisted FQDNs\"; priority:1; flow:to_server, established; sid:8; rev:1;)";
    private static final String HTTP_EXACT_CAPITALS = HTTP_EXACT.replace("\"example.com\"", "\"Example.com\"");

    @ParameterizedTest(name = "{0} / {1} over {2}: {3}")
    @CsvSource({
            "TLS_WILDCARD, example.com, TLS, true",
            "TLS_WILDCARD, a.b.example.com, TLS, true",
            "TLS_WILDCARD, A.Example.COM, TLS, true",
            "TLS_WILDCARD, badexample.com, TLS, false",
            "TLS_WILDCARD, example.com.evil.org, TLS, false",
            "TLS_WILDCARD, example.com, HTTP, false",
            "HTTP_EXACT, example.com, HTTP, true",
            "HTTP_EXACT, EXAMPLE.com, HTTP, true",
            "HTTP_EXACT, www.example.com, HTTP, false",
            "HTTP_EXACT, example.com, TLS, false",
            "HTTP_EXACT_CAPITALS, example.com, HTTP, false"})
    void aNameRuleMatchesAsSuricataWould(String ruleName, String host, Flow.Protocol protocol, boolean matches) {
        String text = switch (ruleName) {
            case "TLS_WILDCARD" -> TLS_WILDCARD;
            case "HTTP_EXACT" -> HTTP_EXACT;
            default -> HTTP_EXACT_CAPITALS;
        };
        SuricataRule rule = SuricataRule.parse(text).orElseThrow();

        assertThat(rule.matches(new Flow("10.0.0.1", host, protocol, 1), source -> true)).isEqualTo(matches);
    }

    @Test
    void aRuleKeepsItsMessageSidAndSeverityAndLooksOnlyAtItsSources() {
        SuricataRule rule = SuricataRule.parse("alert tls $HOME_NET any -> $EXTERNAL_NET any (msg:\"learn: a \\\"quoted\\\"; "
                + "word\"; ssl_state:client_hello; flow:to_server, established; sid:42; rev:1;)").orElseThrow();

        assertThat(rule.action()).isEqualTo(RuleHit.Action.ALERT);
        assertThat(rule.msg()).isEqualTo("learn: a \"quoted\"; word");
        assertThat(rule.sid()).isEqualTo(42);
        assertThat(rule.severity()).isEqualTo(3);
        assertThat(rule.hit("g").logged()).isTrue();
        assertThat(rule.matches(new Flow("10.0.0.1", "anything.example", Flow.Protocol.TLS, 1), source -> true)).isTrue();
        assertThat(rule.matches(new Flow("10.0.0.1", "anything.example", Flow.Protocol.TLS, 1), source -> false)).isFalse();
        assertThat(SuricataRule.parse(TLS_WILDCARD.replace("$HOME_NET", "10.0.1.0/24")).orElseThrow()
                .matches(new Flow("10.0.2.1", "example.com", Flow.Protocol.TLS, 1), source -> true)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "drop udp $HOME_NET any -> $EXTERNAL_NET 443 (msg:\"quic\"; sid:1; rev:1;)",
            "log tls $HOME_NET any -> $EXTERNAL_NET any (msg:\"x\"; sid:1;)",
            "pass tls $HOME_NET any -> $EXTERNAL_NET any",
            "pass tls $HOME_NET any $EXTERNAL_NET any (sid:1;)",
            "garbage"})
    void aRuleInAnotherFormHasNoSay(String text) {
        assertThat(SuricataRule.parse(text)).isEmpty();
    }
}
