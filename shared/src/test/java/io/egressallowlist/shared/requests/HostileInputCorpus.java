package io.egressallowlist.shared.requests;

import io.egressallowlist.shared.domain.DomainName.Reason;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static io.egressallowlist.shared.domain.DomainName.Reason.*;

/**
 * Hostile things people (or attackers) type into the domain field, by category, each with the refusal
 * reasons that are acceptable for it. Built from lists so every category holds many variants.
 */
final class HostileInputCorpus {

    /** One hostile input and the reasons that correctly describe it. */
    record Case(String category, String input, Set<Reason> acceptable) {
        @Override
        public String toString() {
            return category + ": " + printable(input);
        }
    }

    private static final List<String> HOSTS = List.of("example.com", "files.pythonhosted.org", "api.github.com");

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        ipLiterals(cases);
        schemesPathsQueries(cases);
        portsAndUserinfo(cases);
        percentEncoding(cases);
        injection(cases);
        invisibleAndBidi(cases);
        nonAsciiDotsAndFullWidth(cases);
        homographs(cases);
        lengths(cases);
        publicSuffixWildcards(cases);
        emojiAndSymbols(cases);
        emptyAndWhitespace(cases);
        misplacedWildcards(cases);
        return cases;
    }

    private static void ipLiterals(List<Case> cases) {
        Set<Reason> ip = EnumSet.of(IP_ADDRESS, PORT, FORBIDDEN_CHARACTER, SINGLE_LABEL, NO_PUBLIC_SUFFIX,
                PERCENT_ENCODING);
        for (String literal : List.of("127.0.0.1", "10.0.0.1", "169.254.169.254", "192.168.1.1", "0.0.0.0",
                "255.255.255.255", "3232235777", "2130706433", "0x7f000001", "0x7f.0x0.0x0.0x1", "0177.0.0.1",
                "127.1", "10.1", "1.2.3", "017700000001", "0x0A.0x00.0x00.0x01", "::1", "[::1]", "::ffff:127.0.0.1",
                "[::ffff:169.254.169.254]", "fe80::1", "[fe80::1%25eth0]", "2001:db8::1", "[2001:db8::1]:443",
                "127.0.0.1:80", "8.8.8.8", "1.1.1.1", "100.64.0.1", "example.123", "0")) {
            cases.add(new Case("ip literal", literal, ip));
        }
    }

    private static void schemesPathsQueries(List<Case> cases) {
        for (String scheme : List.of("http://", "https://", "ftp://", "ws://", "wss://", "file://", "git+ssh://",
                "s3://", "HTTPS://", "hxxp://")) {
            for (String host : HOSTS) {
                cases.add(new Case("scheme", scheme + host, EnumSet.of(URL_SCHEME, FORBIDDEN_CHARACTER, PATH)));
            }
        }
        for (String host : HOSTS) {
            cases.add(new Case("path", host + "/", EnumSet.of(PATH)));
            cases.add(new Case("path", host + "/simple/", EnumSet.of(PATH)));
            cases.add(new Case("path", host + "/../../etc/passwd", EnumSet.of(PATH)));
            cases.add(new Case("query", host + "?x=1", EnumSet.of(QUERY)));
            cases.add(new Case("fragment", host + "#frag", EnumSet.of(FRAGMENT)));
            cases.add(new Case("path", host + "\\evil", EnumSet.of(PATH, FORBIDDEN_CHARACTER)));
        }
    }

    private static void portsAndUserinfo(List<Case> cases) {
        for (String host : HOSTS) {
            for (String port : List.of(":443", ":80", ":0", ":65536", ":")) {
                cases.add(new Case("port", host + port, EnumSet.of(PORT, FORBIDDEN_CHARACTER)));
            }
            cases.add(new Case("userinfo", "user@" + host, EnumSet.of(USERINFO)));
            cases.add(new Case("userinfo", "user:pass@" + host, EnumSet.of(USERINFO, PORT)));
            cases.add(new Case("userinfo", host + "@evil.com", EnumSet.of(USERINFO)));
        }
    }

    private static void percentEncoding(List<Case> cases) {
        for (String input : List.of("example%2ecom", "example%2Ecom", "%65xample.com", "exa%00mple.com",
                "example.com%0d%0a", "%2e%2e.example.com", "ex%41mple.com", "example.com%2f", "%2a.example.com",
                "example%252ecom")) {
            cases.add(new Case("percent-encoding", input, EnumSet.of(PERCENT_ENCODING)));
        }
    }

    private static void injection(List<Case> cases) {
        Set<Reason> control = EnumSet.of(CONTROL_CHARACTER, WHITESPACE);
        for (String host : HOSTS) {
            cases.add(new Case("crlf", host + "\r\nX-Injected: 1", control));
            cases.add(new Case("crlf", host + "\nSet-Cookie: a=b", control));
            cases.add(new Case("crlf", host + "\r", control));
            cases.add(new Case("nul", host + "\u0000", control));
            cases.add(new Case("nul", "\u0000" + host, control));
            cases.add(new Case("tab", host + "\t", control));
            cases.add(new Case("escape", "\u001b[31m" + host, control));
            cases.add(new Case("delete", host + "\u007f", EnumSet.of(CONTROL_CHARACTER, FORBIDDEN_CHARACTER)));
        }
        for (String input : List.of("example.com;rm -rf /", "example.com|id", "example.com`id`", "$(id).example.com",
                "example.com\"", "'example.com'", "<script>.com", "example.com&x=1", "{example}.com")) {
            cases.add(new Case("shell/markup", input, EnumSet.of(FORBIDDEN_CHARACTER, WHITESPACE, QUERY)));
        }
    }

    private static void invisibleAndBidi(List<Case> cases) {
        for (char c : new char[] {'\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c',
                '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\ufeff', '\u00ad', '\u2060'}) {
            cases.add(new Case("invisible/bidi", "exam" + c + "ple.com", EnumSet.of(INVISIBLE_CHARACTER, CONTROL_CHARACTER)));
            cases.add(new Case("invisible/bidi", c + "example.com", EnumSet.of(INVISIBLE_CHARACTER, CONTROL_CHARACTER)));
        }
    }

    private static void nonAsciiDotsAndFullWidth(List<Case> cases) {
        for (char dot : new char[] {'\u3002', '\uff0e', '\uff61', '\u2024', '\ufe52'}) {
            for (String host : HOSTS) {
                cases.add(new Case("non-ascii dot", host.replace('.', dot),
                        EnumSet.of(NON_ASCII_DOT, COMPATIBILITY_CHARACTER, SYMBOL)));
            }
        }
        for (String input : List.of("\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com", "example.\uff43\uff4f\uff4d",
                "\uff21\uff30\uff29.github.com", "ｅｘａｍｐｌｅ．ｃｏｍ", "ﬁles.pythonhosted.org")) {
            cases.add(new Case("full-width/compatibility", input, EnumSet.of(COMPATIBILITY_CHARACTER, NON_ASCII_DOT)));
        }
    }

    private static void homographs(List<Case> cases) {
        Set<Reason> confusable = EnumSet.of(MIXED_SCRIPT, CONFUSABLE_SCRIPT);
        for (String input : List.of("p\u0430ypal.com", "\u0430pple.com", "\u0430\u0440\u0440\u04cf\u0435.com",
                "g\u043e\u043egle.com", "micr\u043esoft.com", "\u0435xample.com", "exampl\u0435.com",
                "github.c\u043em", "\u03bfpenai.com", "amaz\u03bfn.com", "fac\u0435book.com", "\u0455lack.com",
                "d\u043ecker.io", "\u0440ypi.org", "hugging\u0066\u0430ce.co", "xn--pypal-4ve.com",
                "xn--80ak6aa92e.com", "bаnk.co.uk", "аmazonaws.com", "ѕ3.amazonaws.com")) {
            cases.add(new Case("homograph", input, confusable));
        }
    }

    private static void lengths(List<Case> cases) {
        Set<Reason> tooLong = EnumSet.of(LABEL_TOO_LONG, NAME_TOO_LONG);
        cases.add(new Case("overlong label", "a".repeat(64) + ".com", tooLong));
        cases.add(new Case("overlong label", "b".repeat(100) + ".example.com", tooLong));
        cases.add(new Case("overlong label", "x." + "c".repeat(64) + ".org", tooLong));
        cases.add(new Case("overlong label", "ü".repeat(70) + ".de", tooLong));
        String label = "a".repeat(63);
        cases.add(new Case("overlong name", String.join(".", label, label, label, label) + ".com", tooLong));
        cases.add(new Case("overlong name", "a.".repeat(130) + "com", tooLong));
        cases.add(new Case("overlong name", ("abcdefghi.").repeat(26) + "com", tooLong));
        cases.add(new Case("overlong input", "a".repeat(5_000) + ".com", tooLong));
        cases.add(new Case("overlong input", ("a.").repeat(2_000) + "com", tooLong));
        cases.add(new Case("overlong input", "x".repeat(70_000), EnumSet.of(LABEL_TOO_LONG, NAME_TOO_LONG, SINGLE_LABEL)));
    }

    private static void publicSuffixWildcards(List<Case> cases) {
        Set<Reason> suffix = EnumSet.of(PUBLIC_SUFFIX, WILDCARD_OVER_PUBLIC_SUFFIX);
        for (String suffixName : List.of("com", "org", "net", "io", "co.uk", "uk", "de", "github.io", "s3.amazonaws.com",
                "amazonaws.com", "herokuapp.com", "blogspot.com", "appspot.com", "azurewebsites.net",
                "cloudfront.net", "pages.dev", "vercel.app", "netlify.app", "ngrok.io", "com.au", "gov.uk",
                "ac.uk", "co.jp", "googleapis.com", "web.app")) {
            cases.add(new Case("wildcard over public suffix", "." + suffixName, suffix));
            cases.add(new Case("wildcard over public suffix", "*." + suffixName, suffix));
        }
    }

    private static void emojiAndSymbols(List<Case> cases) {
        for (String input : List.of("\ud83d\ude00.com", "i\u2764\ufe0f.com", "example\ud83d\udd25.com",
                "\u2603.net", "\u2708.example.org", "\u00a9example.com", "exa\u2122mple.com", "\u221e.io",
                "\ud83c\udf4e.ws", "xn--ls8h.la")) {
            cases.add(new Case("emoji/symbol", input, EnumSet.of(SYMBOL, INVALID_IDN, COMPATIBILITY_CHARACTER,
                    FORBIDDEN_CHARACTER, INVISIBLE_CHARACTER)));
        }
    }

    private static void emptyAndWhitespace(List<Case> cases) {
        Set<Reason> empty = EnumSet.of(EMPTY, WHITESPACE, CONTROL_CHARACTER, EMPTY_LABEL, INVISIBLE_CHARACTER);
        for (String input : List.of("", " ", "   ", "\t", "\n", "\r\n", "\u00a0", "\u3000", ".", "..",
                "exa mple.com", "example .com", "example.com extra", "*", "*.")) {
            cases.add(new Case("empty/whitespace", input, withWildcard(empty)));
        }
    }

    private static void misplacedWildcards(List<Case> cases) {
        for (String input : List.of("a.*.com", "*example.com", "**.example.com", "example.*", "ex*ample.com",
                "*.*.example.com", "example.com.*", ".*.example.com", "*-api.example.com", "?.example.com")) {
            cases.add(new Case("misplaced wildcard", input, EnumSet.of(WILDCARD_POSITION, FORBIDDEN_CHARACTER,
                    EMPTY_LABEL, QUERY)));
        }
    }

    private static Set<Reason> withWildcard(Set<Reason> reasons) {
        Set<Reason> all = EnumSet.copyOf(reasons);
        all.add(WILDCARD_POSITION);
        return all;
    }

    static String printable(String input) {
        StringBuilder out = new StringBuilder();
        int shown = 0;
        for (char c : input.toCharArray()) {
            if (shown++ > 60) {
                out.append("…(").append(input.length()).append(" chars)");
                break;
            }
            out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
