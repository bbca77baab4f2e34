package io.egressallowlist.shared.slack;

import io.egressallowlist.emulators.junit.MutableClock;
import io.egressallowlist.shared.slack.SlackSignatureVerifier.Reason;
import io.egressallowlist.shared.slack.SlackSignatureVerifier.Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class SlackSignatureVerifierTest {

    /** Slack's documented test vector (aws-api-notes §5). */
    private static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    private static final String TIMESTAMP = "1531420618";
    private static final String BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
            + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
            + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
            + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
            + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    private static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    private static final Instant SIGNED_AT = Instant.ofEpochSecond(1531420618);

    private static SlackSignatureVerifier verifierAt(Instant now) {
        return new SlackSignatureVerifier(SecretSource.fixed(SECRET), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static byte[] body() {
        return BODY.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void slacksPublishedTestVectorIsSignedAsDocumented() {
        assertThat(SlackSignatureVerifier.sign(SECRET, TIMESTAMP, body())).isEqualTo(SIGNATURE);
    }

    @Test
    void slacksPublishedTestVectorVerifies() {
        assertThat(verifierAt(SIGNED_AT.plusSeconds(3)).verify(TIMESTAMP, SIGNATURE, body()))
                .isEqualTo(new Result.Verified(SIGNED_AT));
    }

    @ParameterizedTest(name = "{0} seconds from the signing time is accepted")
    @CsvSource({"-300", "-240", "0", "240", "300"})
    void aTimestampWithinFiveMinutesEitherWayIsAccepted(long offsetSeconds) {
        assertThat(verifierAt(SIGNED_AT.plusSeconds(offsetSeconds)).verify(TIMESTAMP, SIGNATURE, body()))
                .isInstanceOf(Result.Verified.class);
    }

    @ParameterizedTest(name = "{0} seconds from the signing time is refused")
    @CsvSource({"-360", "-301", "301", "360", "86400"})
    void aTimestampMoreThanFiveMinutesAwayIsRefusedEvenWithAValidSignature(long offsetSeconds) {
        Result result = verifierAt(SIGNED_AT.plusSeconds(offsetSeconds)).verify(TIMESTAMP, SIGNATURE, body());

        assertThat(result).isInstanceOf(Result.Rejected.class);
        assertThat(((Result.Rejected) result).reason()).isEqualTo(Reason.STALE_TIMESTAMP);
    }

    @ParameterizedTest(name = "timestamp [{0}] signature [{1}] is refused as {2}")
    @CsvSource(nullValues = "NULL", value = {
            "NULL,       " + SIGNATURE + ", MISSING_TIMESTAMP",
            "'',         " + SIGNATURE + ", MISSING_TIMESTAMP",
            "1531420618, NULL,                MISSING_SIGNATURE",
            "1531420618, '',                  MISSING_SIGNATURE",
            "-1531420618, " + SIGNATURE + ", MALFORMED_TIMESTAMP",
            "1531420618.5, " + SIGNATURE + ", MALFORMED_TIMESTAMP",
            "'1531420618 ', " + SIGNATURE + ", MALFORMED_TIMESTAMP",
            "99999999999999, " + SIGNATURE + ", MALFORMED_TIMESTAMP",
            "1531420618, a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503, MALFORMED_SIGNATURE",
            "1531420618, v1=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503, MALFORMED_SIGNATURE",
            "1531420618, v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b5, MALFORMED_SIGNATURE",
            "1531420618, v0=zz114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503, MALFORMED_SIGNATURE",
            "1531420618, v0=b2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503, SIGNATURE_MISMATCH",
            "1531420619, " + SIGNATURE + ", SIGNATURE_MISMATCH",
    })
    void malformedOrMismatchedHeadersAreRefusedWithTheirReason(String timestamp, String signature, Reason reason) {
        Result result = verifierAt(SIGNED_AT).verify(timestamp, signature, body());

        assertThat(result).isInstanceOf(Result.Rejected.class);
        assertThat(((Result.Rejected) result).reason()).isEqualTo(reason);
    }

    @Test
    void aBodyChangedAfterSigningIsRefused() {
        byte[] tampered = BODY.replace("text=", "text=approve").getBytes(StandardCharsets.UTF_8);

        Result result = verifierAt(SIGNED_AT).verify(TIMESTAMP, SIGNATURE, tampered);

        assertThat(((Result.Rejected) result).reason()).isEqualTo(Reason.SIGNATURE_MISMATCH);
    }

    @Test
    void theBodyIsVerifiedStillUrlEncodedNotDecoded() {
        byte[] decoded = BODY.replace("%2F", "/").replace("%3A", ":").getBytes(StandardCharsets.UTF_8);

        assertThat(verifierAt(SIGNED_AT).verify(TIMESTAMP, SIGNATURE, decoded)).isInstanceOf(Result.Rejected.class);
    }

    @Test
    void anUpperCaseHexSignatureIsTheSameSignature() {
        String upper = "v0=" + SIGNATURE.substring(3).toUpperCase(java.util.Locale.ROOT);

        assertThat(verifierAt(SIGNED_AT).verify(TIMESTAMP, upper, body())).isInstanceOf(Result.Verified.class);
    }

    @Test
    void aWrongSecretIsRefused() {
        SlackSignatureVerifier verifier = new SlackSignatureVerifier(SecretSource.fixed("another-secret"),
                Clock.fixed(SIGNED_AT, ZoneOffset.UTC));

        assertThat(verifier.verify(TIMESTAMP, SIGNATURE, body())).isInstanceOf(Result.Rejected.class);
    }

    @Test
    void aRotatedSigningSecretIsReReadOnceOnAMismatch() {
        RotatingSecret secret = new RotatingSecret("old-secret");
        SlackSignatureVerifier verifier = new SlackSignatureVerifier(secret, Clock.fixed(SIGNED_AT, ZoneOffset.UTC));
        secret.storeNewValue(SECRET);

        assertThat(verifier.verify(TIMESTAMP, SIGNATURE, body())).isInstanceOf(Result.Verified.class);
        assertThat(secret.refreshes.get()).isEqualTo(1);
    }

    @Test
    void forgedRequestsReReadTheSecretAtMostOnceAMinute() {
        RotatingSecret secret = new RotatingSecret(SECRET);
        MutableClock clock = new MutableClock(SIGNED_AT);
        SlackSignatureVerifier verifier = new SlackSignatureVerifier(secret, clock);
        String forged = "v0=" + "0".repeat(64);

        for (int i = 0; i < 50; i++) {
            verifier.verify(TIMESTAMP, forged, body());
        }
        assertThat(secret.refreshes.get()).isEqualTo(1);

        clock.set(SIGNED_AT.plus(Duration.ofSeconds(61)));
        verifier.verify(Long.toString(clock.instant().getEpochSecond()), forged, body());
        assertThat(secret.refreshes.get()).isEqualTo(2);
    }

    /** A secret whose stored value can change, as after a rotation; the cached value changes only on refresh. */
    static final class RotatingSecret implements SecretSource {
        private String stored;
        private String cached;
        final AtomicInteger refreshes = new AtomicInteger();

        RotatingSecret(String initial) {
            this.stored = initial;
            this.cached = initial;
        }

        void storeNewValue(String value) {
            stored = value;
        }

        @Override
        public String value() {
            return cached;
        }

        @Override
        public void refresh() {
            refreshes.incrementAndGet();
            cached = stored;
        }
    }
}
