package io.egressallowlist.shared.slack;

/**
 * Where a Slack secret (the signing secret, the bot token) is read from: Secrets Manager in the functions
 * ({@code config.Secrets}), anything that can be re-read in tests. {@link #refresh()} forgets a cached value
 * so the next {@link #value()} reads it again, e.g. after Slack rejected it because it was rotated.
 */
public interface SecretSource {

    String value();

    void refresh();

    /** A fixed value (tests, the sandbox); refreshing it changes nothing. */
    static SecretSource fixed(String value) {
        return new SecretSource() {
            @Override
            public String value() {
                return value;
            }

            @Override
            public void refresh() {
                // Nothing to re-read.
            }

            @Override
            public String toString() {
                return "SecretSource[fixed, value redacted]";
            }
        };
    }
}
