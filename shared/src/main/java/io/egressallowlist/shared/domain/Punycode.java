package io.egressallowlist.shared.domain;

/**
 * RFC 3492 §6.3 Punycode encoding, used only to measure an A-label before {@link java.net.IDN}
 * encodes it: java.net.IDN refuses a label over 63 octets with the same exception as any other
 * invalid input, so it cannot tell a person that the label is too long.
 */
final class Punycode {

    private static final int BASE = 36;
    private static final int T_MIN = 1;
    private static final int T_MAX = 26;
    private static final int SKEW = 38;
    private static final int DAMP = 700;
    private static final int INITIAL_BIAS = 72;
    private static final int INITIAL_N = 0x80;

    private Punycode() {
    }

    /** The Punycode of a lower-case, normalised label, without the {@code xn--} prefix. */
    static String encode(String label) {
        int[] input = label.codePoints().toArray();
        StringBuilder output = new StringBuilder();
        for (int cp : input) {
            if (cp < INITIAL_N) {
                output.append((char) cp);
            }
        }
        int basic = output.length();
        int handled = basic;
        if (basic > 0) {
            output.append('-');
        }
        int n = INITIAL_N;
        long delta = 0;
        int bias = INITIAL_BIAS;
        while (handled < input.length) {
            int next = smallestAtLeast(input, n);
            delta += (long) (next - n) * (handled + 1);
            n = next;
            for (int cp : input) {
                if (cp < n) {
                    delta++;
                } else if (cp == n) {
                    appendVariableLengthInteger(output, delta, bias);
                    bias = adapt(delta, handled + 1, handled == basic);
                    delta = 0;
                    handled++;
                }
            }
            delta++;
            n++;
        }
        return output.toString();
    }

    private static int smallestAtLeast(int[] input, int n) {
        int smallest = Integer.MAX_VALUE;
        for (int cp : input) {
            if (cp >= n && cp < smallest) {
                smallest = cp;
            }
        }
        return smallest;
    }

    private static void appendVariableLengthInteger(StringBuilder output, long value, int bias) {
        long q = value;
        for (int k = BASE; ; k += BASE) {
            int t = k <= bias ? T_MIN : Math.min(k - bias, T_MAX);
            if (q < t) {
                output.append(digit((int) q));
                return;
            }
            output.append(digit((int) (t + (q - t) % (BASE - t))));
            q = (q - t) / (BASE - t);
        }
    }

    private static int adapt(long delta, int numPoints, boolean firstTime) {
        long d = firstTime ? delta / DAMP : delta / 2;
        d += d / numPoints;
        int k = 0;
        while (d > ((BASE - T_MIN) * T_MAX) / 2) {
            d /= BASE - T_MIN;
            k += BASE;
        }
        return (int) (k + (BASE - T_MIN + 1) * d / (d + SKEW));
    }

    private static char digit(int d) {
        return (char) (d < 26 ? 'a' + d : '0' + d - 26);
    }
}
