package io.egressallowlist.functions.requestapi;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The {@code since} query parameter of {@code GET /blocked}: an ISO-8601 instant ({@code 2026-01-31T09:00:00Z})
 * or a positive ISO-8601 duration back from now ({@code PT6H}, {@code P7D}). Absent, it is {@link #DEFAULT} back.
 * It may reach back at most the retention (what the store keeps: asking for more would silently show less) and
 * not past now. Anything else is a 400 naming {@code since}.
 */
final class Since {

    /** What is shown when {@code since} is absent. */
    static final Duration DEFAULT = Duration.ofHours(24);
    /** Longer than any instant or duration a client means. */
    static final int MAX_LENGTH = 64;

    private Since() {
    }

    static Instant read(Optional<String> given, Instant now, Duration retention) {
        Instant oldest = now.minus(retention);
        if (given.isEmpty()) {
            Instant fallback = now.minus(DEFAULT);
            return fallback.isBefore(oldest) ? oldest : fallback;
        }
        Instant since = point("since", given.get(), now);
        if (since.isAfter(now)) {
            throw Problem.invalid("since", "IN_THE_FUTURE", "'since' must not be after now (" + now + ").")
                    .exception();
        }
        if (since.isBefore(oldest)) {
            throw Problem.invalid("since", "OUT_OF_RANGE", "'since' can go back at most "
                    + Representations.duration(retention) + ": blocked attempts are kept that long.").exception();
        }
        return since;
    }

    /**
     * An instant in query parameter {@code name}: ISO-8601 ({@code 2026-01-31T09:00:00Z}), or a positive ISO-8601
     * duration back from {@code now} ({@code PT6H}); anything else is a 400 naming {@code name}.
     */
    static Instant point(String name, String value, Instant now) {
        return value.startsWith("P") || value.startsWith("p") ? now.minus(duration(name, value)) : instant(name, value);
    }

    /** Days, hours, minutes or seconds ({@code P7D}, {@code PT6H}); weeks, months and years are not exact. */
    private static Duration duration(String name, String value) {
        try {
            Duration duration = value.length() <= MAX_LENGTH ? Duration.parse(value) : Duration.ZERO;
            if (!duration.isNegative() && !duration.isZero()) {
                return duration;
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // refused below, like a zero or negative duration
        }
        throw malformed(name, value);
    }

    private static Instant instant(String name, String value) {
        try {
            if (value.length() <= MAX_LENGTH) {
                return Instant.parse(value);
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw malformed(name, value);
    }

    private static Problem.ProblemException malformed(String name, String value) {
        return Problem.invalid(name, "MALFORMED", "'" + name + "' must be an ISO-8601 instant such as"
                + " 2026-01-31T09:00:00Z or a positive duration such as PT6H or P7D, got '" + shown(value) + "'.")
                .exception();
    }

    /** A query value quoted back in a problem: cut short, printable ASCII only. */
    static String shown(String value) {
        String cut = value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) + "..." : value;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return out.toString();
    }
}
