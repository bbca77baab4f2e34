package io.egressallowlist.shared.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class FirewallTargetTest {

    @ParameterizedTest
    @ValueSource(strings = {"example.com", ".example.com", "www.example.co.uk", "xn--bcher-kva.example",
            "a.b", "1password.com", "s3.eu-west-1.amazonaws.com", "localhost"})
    void aCanonicalTargetIsAccepted(String value) {
        assertThat(new FirewallTarget(value).value()).isEqualTo(value);
    }

    static Stream<Arguments> notCanonical() {
        String label64 = "a".repeat(64);
        String name254 = ("a".repeat(62) + ".").repeat(4) + "ab"; // 4 × 63 + 2 = 254 characters
        return Stream.of(
                Arguments.of("", "of 1 to 253 characters"),
                Arguments.of(".", "of 1 to 253 characters"),
                Arguments.of(name254, "of 1 to 253 characters"),
                Arguments.of("Example.com", "canonical form"),
                Arguments.of("example.com.", "canonical form"),
                Arguments.of("*.example.com", "canonical form"),
                Arguments.of("..example.com", "canonical form"),
                Arguments.of("a..example.com", "canonical form"),
                Arguments.of("-a.example.com", "canonical form"),
                Arguments.of("a-.example.com", "canonical form"),
                Arguments.of("under_score.example.com", "canonical form"),
                Arguments.of("bücher.example", "canonical form"),
                Arguments.of("example.com:443", "canonical form"),
                Arguments.of(" example.com", "canonical form"),
                Arguments.of("example.com\n", "canonical form"),
                Arguments.of(label64 + ".example.com", "each label has 1 to 63 characters"));
    }

    @ParameterizedTest
    @MethodSource("notCanonical")
    void anythingElseIsRefusedNamingTheValue(String value, String expected) {
        assertThatThrownBy(() -> new FirewallTarget(value)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a firewall target").hasMessageContaining(expected);
    }

    @Test
    void aNullValueIsRefused() {
        assertThatThrownBy(() -> new FirewallTarget(null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"huggingface.co", "*.example.com", "*.Example.COM", "Bücher.de", "ÉCOLE.fr"})
    void everyParsedDomainNameGivesTheSameTargetString(String input) {
        DomainName name = DomainName.of(input);
        FirewallTarget target = FirewallTarget.of(name);
        assertThat(target.value()).isEqualTo(name.target());
        assertThat(target.isWildcard()).isEqualTo(name.isWildcard());
        assertThat(target).hasToString(name.target());
    }

    @Test
    void targetsOrderAsTheirStringsDo() {
        assertThat(new FirewallTarget(".example.com")).isLessThan(new FirewallTarget("a.example.com"));
        assertThat(new FirewallTarget("b.example.com")).isGreaterThan(new FirewallTarget("a.example.com"));
    }
}
