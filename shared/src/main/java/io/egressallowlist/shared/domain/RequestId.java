package io.egressallowlist.shared.domain;

import java.time.Clock;
import java.time.Instant;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * A request id in ULID form: 26 Crockford base-32 characters, a 48-bit millisecond timestamp then 80
 * random bits. Ids sort by creation time (to the millisecond; ids from the same millisecond sort
 * randomly), which keeps DynamoDB ranges and listings in request order.
 */
public record RequestId(String value) implements Comparable<RequestId> {

    private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    // The first character may only be 0-7: 26 characters hold 130 bits, the ULID only 128.
    private static final Pattern FORMAT = Pattern.compile("[0-7][0-9A-HJKMNP-TV-Z]{25}");
    private static final int TIME_CHARS = 10;
    private static final int RANDOM_CHARS = 16;

    public RequestId {
        Quoting.requireFormat(FORMAT, value, "is not a request id. A request id has "
                + "26 characters from 0-9 and A-Z without I, L, O and U, such as 01JD8X3Q4T5V6W7X8Y9Z0ABCDE.");
    }

    /** A new id for the clock's current instant; the random source should be a secure one in production. */
    public static RequestId generate(Clock clock, RandomGenerator random) {
        long millis = clock.millis();
        if (millis < 0 || millis >= 1L << 48) {
            throw new IllegalArgumentException("The clock's time cannot be encoded in a request id: " + millis);
        }
        StringBuilder id = new StringBuilder(TIME_CHARS + RANDOM_CHARS);
        for (int shift = 5 * (TIME_CHARS - 1); shift >= 0; shift -= 5) {
            id.append(ALPHABET.charAt((int) (millis >>> shift) & 31));
        }
        for (int i = 0; i < RANDOM_CHARS; i++) {
            id.append(ALPHABET.charAt(random.nextInt(32)));
        }
        return new RequestId(id.toString());
    }

    /** The instant the id was generated, to the millisecond. */
    public Instant timestamp() {
        long millis = 0;
        for (int i = 0; i < TIME_CHARS; i++) {
            millis = (millis << 5) | ALPHABET.indexOf(value.charAt(i));
        }
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public int compareTo(RequestId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
