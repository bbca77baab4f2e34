package io.egressallowlist.shared.domain;

import static io.egressallowlist.shared.domain.DomainName.Reason.COMPATIBILITY_CHARACTER;
import static io.egressallowlist.shared.domain.DomainName.Reason.CONFUSABLE_SCRIPT;
import static io.egressallowlist.shared.domain.DomainName.Reason.CONTROL_CHARACTER;
import static io.egressallowlist.shared.domain.DomainName.Reason.EMPTY;
import static io.egressallowlist.shared.domain.DomainName.Reason.EMPTY_LABEL;
import static io.egressallowlist.shared.domain.DomainName.Reason.FORBIDDEN_CHARACTER;
import static io.egressallowlist.shared.domain.DomainName.Reason.FRAGMENT;
import static io.egressallowlist.shared.domain.DomainName.Reason.HYPHEN_POSITION;
import static io.egressallowlist.shared.domain.DomainName.Reason.IDNA_DEVIATION;
import static io.egressallowlist.shared.domain.DomainName.Reason.INVALID_IDN;
import static io.egressallowlist.shared.domain.DomainName.Reason.INVALID_PUNYCODE;
import static io.egressallowlist.shared.domain.DomainName.Reason.INVISIBLE_CHARACTER;
import static io.egressallowlist.shared.domain.DomainName.Reason.IP_ADDRESS;
import static io.egressallowlist.shared.domain.DomainName.Reason.LABEL_TOO_LONG;
import static io.egressallowlist.shared.domain.DomainName.Reason.MIXED_SCRIPT;
import static io.egressallowlist.shared.domain.DomainName.Reason.NAME_TOO_LONG;
import static io.egressallowlist.shared.domain.DomainName.Reason.NON_ASCII_DOT;
import static io.egressallowlist.shared.domain.DomainName.Reason.NO_PUBLIC_SUFFIX;
import static io.egressallowlist.shared.domain.DomainName.Reason.PATH;
import static io.egressallowlist.shared.domain.DomainName.Reason.PERCENT_ENCODING;
import static io.egressallowlist.shared.domain.DomainName.Reason.PORT;
import static io.egressallowlist.shared.domain.DomainName.Reason.PUBLIC_SUFFIX;
import static io.egressallowlist.shared.domain.DomainName.Reason.QUERY;
import static io.egressallowlist.shared.domain.DomainName.Reason.SINGLE_LABEL;
import static io.egressallowlist.shared.domain.DomainName.Reason.SYMBOL;
import static io.egressallowlist.shared.domain.DomainName.Reason.UNDERSCORE;
import static io.egressallowlist.shared.domain.DomainName.Reason.URL_SCHEME;
import static io.egressallowlist.shared.domain.DomainName.Reason.USERINFO;
import static io.egressallowlist.shared.domain.DomainName.Reason.WHITESPACE;
import static io.egressallowlist.shared.domain.DomainName.Reason.WILDCARD_OVER_PUBLIC_SUFFIX;
import static io.egressallowlist.shared.domain.DomainName.Reason.WILDCARD_POSITION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.egressallowlist.shared.domain.DomainName.Invalid;
import io.egressallowlist.shared.domain.DomainName.Reason;
import io.egressallowlist.shared.domain.DomainName.Valid;
import java.net.IDN;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Non-ASCII inputs are written as \\u escapes so that every homograph is visible in review. */
class DomainNameTest {

    private static final String LABEL_63 = "a".repeat(63);
    // 22 Han characters whose A-label is 69 octets.
    private static final String HAN_22 = "\u4e2d\u534e\u4eba\u6c11\u5171\u548c\u56fd\u56fd\u52a1\u9662\u65b0\u95fb\u529e\u516c\u5ba4\u7f51\u7ad9\u9996\u9875\u6b22\u8fce\u60a8";
    // 63 + 1 + 63 + 1 + 63 + 1 + 57 + 1 + 3 = 253 octets, the longest name.
    private static final String NAME_253 = "a".repeat(63) + "." + "b".repeat(63) + "." + "c".repeat(63) + "."
            + "d".repeat(57) + ".com";

    static Stream<Arguments> acceptedNames() {
        return Stream.of(
                // input                              canonical target
                arguments("example.com",                   "example.com"),
                arguments("EXAMPLE.COM",                   "example.com"),
                arguments("Example.Com.",                  "example.com"),
                arguments("  example.com  ",               "example.com"),
                arguments("www.example.com",               "www.example.com"),
                arguments("a.b.c.example.com",             "a.b.c.example.com"),
                arguments("a.com",                         "a.com"),
                arguments("a-b.example.com",               "a-b.example.com"),
                arguments("1password.com",                 "1password.com"),
                arguments("123.example.com",               "123.example.com"),
                arguments("0x7f.example.com",              "0x7f.example.com"),
                arguments("*.example.com",                 ".example.com"),
                arguments(".example.com",                  ".example.com"),
                arguments("*.EXAMPLE.com.",                ".example.com"),
                arguments(".example.com.",                 ".example.com"),
                arguments("files.pythonhosted.org",        "files.pythonhosted.org"),
                arguments(".pypi.org",                     ".pypi.org"),
                arguments("api.github.com",                "api.github.com"),
                arguments(".huggingface.co",               ".huggingface.co"),
                arguments("example.co.uk",                 "example.co.uk"),
                arguments(".example.co.uk",                ".example.co.uk"),
                arguments("www.gov.uk",                    "www.gov.uk"),
                arguments("my-bucket.s3.amazonaws.com",    "my-bucket.s3.amazonaws.com"),
                arguments("amazonaws.com",                 "amazonaws.com"),
                arguments("octocat.github.io",             "octocat.github.io"),
                arguments(".octocat.github.io",            ".octocat.github.io"),
                arguments("storage.googleapis.com",        "storage.googleapis.com"),
                arguments("example.bank",                  "example.bank"),
                arguments("xn--bcher-kva.de",              "xn--bcher-kva.de"),
                arguments("XN--BCHER-KVA.DE",              "xn--bcher-kva.de"),
                arguments("b\u00fccher.de",                "xn--bcher-kva.de"),
                arguments("B\u00dcCHER.de",                "xn--bcher-kva.de"),
                arguments("*.b\u00fccher.de",              ".xn--bcher-kva.de"),
                arguments("m\u00fcnchen.de",               "xn--mnchen-3ya.de"),
                arguments("ma\u00f1ana.com",               "xn--maana-pta.com"),
                arguments("\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444", "xn--e1afmkfd.xn--p1ai"),
                arguments("xn--e1afmkfd.xn--p1ai",         "xn--e1afmkfd.xn--p1ai"),
                arguments("\u043f\u0440\u0438\u043c\u0435\u0440.com", "xn--e1afmkfd.com"),
                arguments("\u03b5\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac.gr", "xn--hxargifdar.gr"),
                arguments("\u65e5\u672c\u8a9e\u30c9\u30e1\u30a4\u30f3.jp", "xn--eckwd4c7c5976acvb2w6i.jp"),
                arguments("\ud55c\uad6d\uc5b4.kr",         "xn--3e0bk47br7k.kr"),
                arguments(LABEL_63 + ".com",               LABEL_63 + ".com"),
                arguments(NAME_253,                        NAME_253),
                arguments("*." + NAME_253,                 "." + NAME_253));
    }

    static Stream<Arguments> refusedNames() {
        return Stream.of(
                // empty
                arguments("",                              EMPTY),
                arguments("   ",                           EMPTY),
                arguments(null,                            EMPTY),
                arguments(".",                             EMPTY),
                arguments("*.",                            EMPTY),
                // control characters: never trimmed, wherever they are
                arguments("exa\tmple.com",                 CONTROL_CHARACTER),
                arguments("example.com\n",                 CONTROL_CHARACTER),
                arguments("example.com\r\nHost: evil.com", CONTROL_CHARACTER),
                arguments("example\u0000.com",             CONTROL_CHARACTER),
                arguments("\u0007example.com",             CONTROL_CHARACTER),
                arguments("example.com\u007f",             CONTROL_CHARACTER),
                arguments("example.com\u0085",             CONTROL_CHARACTER),
                // whitespace inside the name
                arguments("exa mple.com",                  WHITESPACE),
                arguments("example.com evil.com",          WHITESPACE),
                arguments("example\u00a0.com",             WHITESPACE),
                arguments("example\u3000com",              WHITESPACE),
                arguments("\u2003example.com",             WHITESPACE),
                // zero-width, bidi and other invisible format characters
                arguments("exa\u200bmple.com",             INVISIBLE_CHARACTER),
                arguments("exa\u200cmple.com",             INVISIBLE_CHARACTER),
                arguments("exa\u200dmple.com",             INVISIBLE_CHARACTER),
                arguments("\u200eexample.com",             INVISIBLE_CHARACTER),
                arguments("example.com\u200f",             INVISIBLE_CHARACTER),
                arguments("ex\u202aample.com",             INVISIBLE_CHARACTER),
                arguments("\u202emoc.elpmaxe",             INVISIBLE_CHARACTER),
                arguments("\u2066example.com\u2069",       INVISIBLE_CHARACTER),
                arguments("\ufeffexample.com",             INVISIBLE_CHARACTER),
                arguments("exam\u00adple.com",             INVISIBLE_CHARACTER),
                // URLs instead of host names
                arguments("https://example.com",           URL_SCHEME),
                arguments("http://example.com/",           URL_SCHEME),
                arguments("HTTPS://EXAMPLE.COM",           URL_SCHEME),
                arguments("ftp://files.example.com",       URL_SCHEME),
                arguments("s3://my-bucket",                URL_SCHEME),
                arguments("//example.com",                 URL_SCHEME),
                arguments("user@example.com",              USERINFO),
                arguments("user:secret@example.com",       USERINFO),
                arguments("@example.com",                  USERINFO),
                arguments("example.com/",                  PATH),
                arguments("example.com/simple/pandas",     PATH),
                arguments("example.com/../etc",            PATH),
                arguments("example.com?x=1",               QUERY),
                arguments("example.com#top",               FRAGMENT),
                arguments("example%2ecom",                 PERCENT_ENCODING),
                arguments("ex%41mple.com",                 PERCENT_ENCODING),
                arguments("example.com%00",                PERCENT_ENCODING),
                arguments("example.com:443",               PORT),
                arguments("example.com:8080",              PORT),
                arguments("example.com:",                  PORT),
                // IP literals in every notation
                arguments("127.0.0.1",                     IP_ADDRESS),
                arguments("10.0.0.1",                      IP_ADDRESS),
                arguments("192.168.1.1.",                  IP_ADDRESS),
                arguments("3232235777",                    IP_ADDRESS),
                arguments("0x7f000001",                    IP_ADDRESS),
                arguments("0X7F000001",                    IP_ADDRESS),
                arguments("127.1",                         IP_ADDRESS),
                arguments("0177.0.0.1",                    IP_ADDRESS),
                arguments("0x7f.0.0.1",                    IP_ADDRESS),
                arguments("1.2.3.4.5",                     IP_ADDRESS),
                arguments("example.123",                   IP_ADDRESS),
                arguments("*.10.0.0.1",                    IP_ADDRESS),
                arguments("::1",                           IP_ADDRESS),
                arguments("2001:db8::1",                   IP_ADDRESS),
                arguments("::ffff:127.0.0.1",              IP_ADDRESS),
                arguments("[::1]",                         IP_ADDRESS),
                arguments("[2001:db8::1]:443",             IP_ADDRESS),
                // Unicode dots and compatibility forms are refused, not converted
                arguments("example\u3002com",              NON_ASCII_DOT),
                arguments("example\uff0ecom",              NON_ASCII_DOT),
                arguments("example\uff61com",              NON_ASCII_DOT),
                arguments("\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com", COMPATIBILITY_CHARACTER),
                arguments("example.\uff43\uff4f\uff4d",    COMPATIBILITY_CHARACTER),
                arguments("\ufb01les.example.com",         COMPATIBILITY_CHARACTER),
                arguments("\u2170.example.com",            COMPATIBILITY_CHARACTER),
                arguments("bu\u0308cher.de",               COMPATIBILITY_CHARACTER),
                // emoji and symbols, typed or encoded
                arguments("\u2603.com",                    SYMBOL),
                arguments("\ud83d\ude00.com",              SYMBOL),
                arguments("i\u2764.example.com",           SYMBOL),
                arguments("example\u2122.com",             SYMBOL),
                arguments("pay\u20acpal.com",              SYMBOL),
                arguments("xn--n3h.com",                   SYMBOL),
                arguments("xn--ls8h.la",                   SYMBOL),
                // wildcards anywhere but a leading "*." or "."
                arguments("a.*.com",                       WILDCARD_POSITION),
                arguments("*example.com",                  WILDCARD_POSITION),
                arguments("**.x.com",                      WILDCARD_POSITION),
                arguments("*",                             WILDCARD_POSITION),
                arguments("example.*",                     WILDCARD_POSITION),
                arguments("*.*.example.com",               WILDCARD_POSITION),
                arguments(".*.example.com",                WILDCARD_POSITION),
                arguments("ex*ample.com",                  WILDCARD_POSITION),
                // empty labels
                arguments("a..com",                        EMPTY_LABEL),
                arguments("..example.com",                 EMPTY_LABEL),
                arguments("example.com..",                 EMPTY_LABEL),
                arguments("*..example.com",                EMPTY_LABEL),
                // characters host names may not contain
                arguments("_dmarc.example.com",            UNDERSCORE),
                arguments("foo_bar.example.com",           UNDERSCORE),
                arguments("*._tcp.example.com",            UNDERSCORE),
                arguments("exa!mple.com",                  FORBIDDEN_CHARACTER),
                arguments("example,com",                   FORBIDDEN_CHARACTER),
                arguments("example;com",                   FORBIDDEN_CHARACTER),
                arguments("exa\"mple.com",                 FORBIDDEN_CHARACTER),
                arguments("exa'mple.com",                  FORBIDDEN_CHARACTER),
                arguments("<script>.com",                  FORBIDDEN_CHARACTER),
                arguments("example.com\\evil.com",         FORBIDDEN_CHARACTER),
                arguments("ex(ample).com",                 FORBIDDEN_CHARACTER),
                arguments("exam+ple.com",                  FORBIDDEN_CHARACTER),
                arguments("ex&ample.com",                  FORBIDDEN_CHARACTER),
                arguments("ex|ample.com",                  FORBIDDEN_CHARACTER),
                arguments("ex$ample.com",                  FORBIDDEN_CHARACTER),
                arguments("example].com",                  FORBIDDEN_CHARACTER),
                arguments("\u00bfexample.com",             FORBIDDEN_CHARACTER),
                // hyphen placement
                arguments("-example.com",                  HYPHEN_POSITION),
                arguments("example-.com",                  HYPHEN_POSITION),
                arguments("a.-b.com",                      HYPHEN_POSITION),
                arguments("*.-foo.com",                    HYPHEN_POSITION),
                arguments("ab--cd.example.com",            HYPHEN_POSITION),
                arguments("xy--z.com",                     HYPHEN_POSITION),
                // xn-- labels must be valid, canonical punycode
                arguments("xn--0.com",                     INVALID_PUNYCODE),
                arguments("xn--bcher-kva9.de",             INVALID_PUNYCODE),
                arguments("xn--abc.com",                   INVALID_PUNYCODE),
                arguments("xn--zz.example.com",            INVALID_PUNYCODE),
                arguments("xn--example.com",               INVALID_PUNYCODE),
                // IDNA problems
                arguments("\u0221.com",                    INVALID_IDN),
                arguments("fa\u00df.de",                   IDNA_DEVIATION),
                arguments("stra\u00dfe.de",                IDNA_DEVIATION),
                arguments("\u03c3\u03bf\u03c6\u03cc\u03c2.gr", IDNA_DEVIATION),
                // homographs: mixed scripts in one label
                arguments("p\u0430ypal.com",               MIXED_SCRIPT),
                arguments("\u0430pple.com",                MIXED_SCRIPT),
                arguments("g\u03bfogle.com",               MIXED_SCRIPT),
                arguments("micr\u043esoft.com",            MIXED_SCRIPT),
                arguments("\u043f\u0440\u0438\u043c\u0435\u0440-test.\u0440\u0444", MIXED_SCRIPT),
                arguments("exa\u0561mple.com",             MIXED_SCRIPT),
                arguments("xn--pypal-4ve.com",             MIXED_SCRIPT),
                // homographs: a whole label of Latin look-alikes under a Latin top-level domain
                arguments("\u0430\u0440\u0440\u04cf\u0435.com", CONFUSABLE_SCRIPT),
                arguments("xn--80ak6aa92e.com",            CONFUSABLE_SCRIPT),
                arguments("\u0441\u043e\u0441\u043e.com",  CONFUSABLE_SCRIPT),
                arguments("\u0440\u0430\u0443\u0440\u0430\u04cf.com", CONFUSABLE_SCRIPT),
                arguments("www.\u0435\u0445\u0430\u0441\u0435.org", CONFUSABLE_SCRIPT),
                arguments("\u03bf\u03bd\u03bf.com",        CONFUSABLE_SCRIPT),
                // lengths, measured on the A-label
                arguments("a".repeat(64) + ".com",         LABEL_TOO_LONG),
                arguments("www." + "b".repeat(64) + ".example.com", LABEL_TOO_LONG),
                arguments(HAN_22 + ".cn",                  LABEL_TOO_LONG),
                arguments(NAME_253.replace("d.com", "dd.com"), NAME_TOO_LONG),
                arguments((LABEL_63 + ".").repeat(4) + "com", NAME_TOO_LONG),
                arguments("a.".repeat(600) + "com",        NAME_TOO_LONG),
                // public suffixes, ICANN and private
                arguments("com",                           PUBLIC_SUFFIX),
                arguments("COM.",                          PUBLIC_SUFFIX),
                arguments("uk",                            PUBLIC_SUFFIX),
                arguments("co.uk",                         PUBLIC_SUFFIX),
                arguments("gov.uk",                        PUBLIC_SUFFIX),
                arguments("github.io",                     PUBLIC_SUFFIX),
                arguments("s3.amazonaws.com",              PUBLIC_SUFFIX),
                arguments("googleapis.com",                PUBLIC_SUFFIX),
                arguments("\u0440\u0444",                  PUBLIC_SUFFIX),
                arguments("xn--p1ai",                      PUBLIC_SUFFIX),
                arguments(".com",                          WILDCARD_OVER_PUBLIC_SUFFIX),
                arguments("*.com",                         WILDCARD_OVER_PUBLIC_SUFFIX),
                arguments(".uk",                           WILDCARD_OVER_PUBLIC_SUFFIX),
                arguments(".co.uk",                        WILDCARD_OVER_PUBLIC_SUFFIX),
                arguments("*.co.uk",                       WILDCARD_OVER_PUBLIC_SUFFIX),
                arguments(".github.io",                    WILDCARD_OVER_PUBLIC_SUFFIX),
                arguments("*.github.io",                   WILDCARD_OVER_PUBLIC_SUFFIX),
                arguments(".s3.amazonaws.com",             WILDCARD_OVER_PUBLIC_SUFFIX),
                arguments(".googleapis.com",               WILDCARD_OVER_PUBLIC_SUFFIX),
                arguments(".cloudfront.net",               WILDCARD_OVER_PUBLIC_SUFFIX),
                arguments(".\u0440\u0444",                 WILDCARD_OVER_PUBLIC_SUFFIX),
                // wildcards one level above a public suffix reach over it too
                arguments(".amazonaws.com",                WILDCARD_OVER_PUBLIC_SUFFIX),
                arguments("*.compute.amazonaws.com",       WILDCARD_OVER_PUBLIC_SUFFIX),
                // internal names
                arguments("localhost",                     SINGLE_LABEL),
                arguments("LOCALHOST.",                    SINGLE_LABEL),
                arguments("intranet",                      SINGLE_LABEL),
                arguments("*.localhost",                   SINGLE_LABEL),
                arguments(".intranet",                     SINGLE_LABEL),
                arguments("xn--bcher-kva",                 SINGLE_LABEL),
                arguments("foo.local",                     NO_PUBLIC_SUFFIX),
                arguments("host.internal",                 NO_PUBLIC_SUFFIX),
                arguments("printer.lan",                   NO_PUBLIC_SUFFIX),
                arguments("git.corp",                      NO_PUBLIC_SUFFIX),
                arguments("svc.cluster.local",             NO_PUBLIC_SUFFIX),
                arguments("*.intranet.local",              NO_PUBLIC_SUFFIX),
                arguments("example.1com",                  NO_PUBLIC_SUFFIX));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("acceptedNames")
    void acceptedNameHasItsCanonicalTarget(String input, String target) {
        assertThat(DomainName.parse(input))
                .isInstanceOfSatisfying(Valid.class, valid -> assertThat(valid.domainName().target()).isEqualTo(target));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("refusedNames")
    void refusedNameReportsItsReason(String input, Reason reason) {
        assertThat(DomainName.parse(input))
                .isInstanceOfSatisfying(Invalid.class, invalid -> assertThat(invalid.reason()).isEqualTo(reason));
    }

    @Test
    void everyReasonIsExercisedByTheTable() {
        Set<Reason> tested = refusedNames().map(arguments -> (Reason) arguments.get()[1])
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Reason.class)));
        assertThat(tested).containsExactlyInAnyOrderElementsOf(Arrays.asList(Reason.values()));
    }

    @ParameterizedTest
    @MethodSource("refusedNames")
    void refusalMessageIsPrintableSingleLineText(String input, Reason reason) {
        Invalid invalid = (Invalid) DomainName.parse(input);
        assertThat(invalid.message()).isNotBlank().doesNotContain("\n", "\r", "\u202e", "\u200b");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"s3.amazonaws.com", "s3.eu-west-1.amazonaws.com", "github.io", "co.uk"})
    void aHostOnThePublicSuffixListCanBeCheckedButNotRequested(String host) {
        assertThat(DomainName.parse(host)).isInstanceOfSatisfying(DomainName.Invalid.class,
                invalid -> assertThat(invalid.reason()).isEqualTo(Reason.PUBLIC_SUFFIX));
        assertThat(DomainName.parseHost(host)).isInstanceOfSatisfying(DomainName.Valid.class,
                valid -> assertThat(valid.domainName().target()).isEqualTo(host));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("refusedAsChecksToo")
    void aCheckStillRefusesWhatNamesNoHost(String input, Reason reason) {
        assertThat(DomainName.parseHost(input)).isInstanceOfSatisfying(DomainName.Invalid.class,
                invalid -> assertThat(invalid.reason()).isEqualTo(reason));
    }

    static Stream<Arguments> refusedAsChecksToo() {
        return Stream.of(
                arguments("com", PUBLIC_SUFFIX),
                arguments(".s3.amazonaws.com", WILDCARD_OVER_PUBLIC_SUFFIX),
                arguments("localhost", Reason.SINGLE_LABEL),
                arguments("build.corp", Reason.NO_PUBLIC_SUFFIX),
                arguments("https://github.com/", Reason.URL_SCHEME));
    }

    @Test
    void wildcardIsMarkedAndAlsoAllowsTheBareName() {
        DomainName wildcard = DomainName.of("*.example.com");
        assertThat(wildcard.isWildcard()).isTrue();
        assertThat(wildcard.target()).isEqualTo(".example.com");
        assertThat(wildcard.baseName()).isEqualTo("example.com");
        assertThat(wildcard.covers(DomainName.of("example.com"))).isTrue();
    }

    @Test
    void bothWildcardSpellingsAreTheSameEntry() {
        assertThat(DomainName.of("*.example.com")).isEqualTo(DomainName.of(".example.com"))
                .hasSameHashCodeAs(DomainName.of(".EXAMPLE.com."));
    }

    @Test
    void exactNameIsNotAWildcard() {
        DomainName exact = DomainName.of("www.example.com");
        assertThat(exact.isWildcard()).isFalse();
        assertThat(exact.target()).isEqualTo(exact.baseName()).isEqualTo("www.example.com");
    }

    @Test
    void unicodeFormIsForDisplayAndTargetIsTheALabel() {
        DomainName idn = DomainName.of("*.B\u00dcCHER.de");
        assertThat(idn.target()).isEqualTo(".xn--bcher-kva.de");
        assertThat(idn.unicodeForm()).isEqualTo(".b\u00fccher.de");
        assertThat(DomainName.of("xn--e1afmkfd.xn--p1ai").unicodeForm()).isEqualTo("\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444");
    }

    @Test
    void registrableDomainIsTheNameUnderItsPublicSuffix() {
        assertThat(DomainName.of(".a.b.example.co.uk").registrableDomain()).isEqualTo("example.co.uk");
        assertThat(DomainName.of("octocat.github.io").registrableDomain()).isEqualTo("octocat.github.io");
    }

    @Test
    void wildcardOverPrivateSuffixExplainsThatItAllowsEveryTenant() {
        Invalid invalid = (Invalid) DomainName.parse(".github.io");
        assertThat(invalid.message()).contains("'github.io' is a public suffix", "every site and tenant");
    }

    @Test
    void wildcardAboveAPublicSuffixNamesTheSuffixItCovers() {
        Invalid invalid = (Invalid) DomainName.parse(".amazonaws.com");
        assertThat(invalid.message()).contains("covers the public suffix 's3.amazonaws.com'");
    }

    @Test
    void mixedScriptMessageEscapesTheHomographAndNamesTheScripts() {
        Invalid invalid = (Invalid) DomainName.parse("p\u0430ypal.com");
        assertThat(invalid.message()).contains("'p\\u0430ypal'", "Latin and Cyrillic", "homograph");
    }

    @Test
    void wholeScriptHomographMessageShowsWhatItImitates() {
        Invalid invalid = (Invalid) DomainName.parse("xn--80ak6aa92e.com");
        assertThat(invalid.message()).contains("Cyrillic", "reads as 'apple'");
    }

    @Test
    void controlCharacterMessageNamesTheCharacterAndPosition() {
        Invalid invalid = (Invalid) DomainName.parse("example.com\r\nHost: evil.com");
        assertThat(invalid.message()).contains("U+000D CARRIAGE RETURN (CR)", "position 12");
    }

    @Test
    void ideographicFullStopAsksForAnAsciiDot() {
        Invalid invalid = (Invalid) DomainName.parse("example\u3002com");
        assertThat(invalid.message()).contains("U+3002 IDEOGRAPHIC FULL STOP", "ASCII dot");
    }

    @Test
    void labelLengthIsMeasuredOnTheALabel() {
        assertThat(HAN_22).hasSizeLessThan(DomainSyntax.MAX_LABEL_OCTETS);
        Invalid invalid = (Invalid) DomainName.parse(HAN_22 + ".cn");
        assertThat(invalid.message()).contains("is 69 characters long in its DNS form; the limit is 63");
    }

    @Test
    void portMessageExplainsThatEntriesMatchEveryPort() {
        Invalid invalid = (Invalid) DomainName.parse("example.com:443");
        assertThat(invalid.message()).contains("every port", "aws-api-notes §1.4");
    }

    @Test
    void throwingFactoryCarriesTheReason() {
        assertThatThrownBy(() -> DomainName.of("https://example.com"))
                .isInstanceOfSatisfying(InvalidDomainNameException.class,
                        e -> assertThat(e.reason()).isEqualTo(URL_SCHEME));
    }

    @ParameterizedTest
    @ValueSource(strings = {"b\u00fccher", "\u043f\u0440\u0438\u043c\u0435\u0440", "ma\u00f1ana",
            "\u03b5\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac", "\u65e5\u672c\u8a9e\u30c9\u30e1\u30a4\u30f3",
            "\ud55c\uad6d\uc5b4", "\u00fc\u00fc\u00fc\u00fc\u00fc\u00fc\u00fc\u00fc\u00fc\u00fc\u00fc\u00fc\u00fc\u00fc\u00fc\u00fc\u00fc\u00fc\u00fc\u00fc", "ab-\u00fc-cd"})
    void punycodeEncoderAgreesWithJavaNetIdn(String label) {
        assertThat("xn--" + Punycode.encode(label)).isEqualTo(IDN.toASCII(label));
    }

    @ParameterizedTest
    @MethodSource("acceptedNames")
    void canonicalTargetParsesToItself(String input, String target) {
        assertThat(DomainName.of(target).target()).isEqualTo(target);
    }
}
