package io.egressallowlist.functions.requestapi;

import io.egressallowlist.functions.requestapi.ApiFixture.Call;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.VersionNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The one parameter parser: every bad value is a 400 problem naming the parameter and the reason. */
class ParametersTest {

    private static final String CALLER = ApiFixture.ALICE;
    private static final String ALL = "*|*";
    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(30);

    private static Parameters parameters(Call call, Map<String, String> path) {
        return new Parameters(new ApiCall(call.event(), null), path, CALLER, new JsonBodies());
    }

    private static Parameters none() {
        return parameters(Call.get("/requests"), Map.of());
    }

    private static Parameters query(String name, String value) {
        return parameters(Call.get("/requests").query(name, value), Map.of());
    }

    private static Parameters path(String name, String value) {
        return parameters(Call.get("/versions/x"), Map.of(name, value));
    }

    private static Parameters header(String name, String value) {
        return parameters(Call.post("/requests").header(name, value), Map.of());
    }

    private static String token(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Arguments bad(String what, Parameters parameters, Function<Parameters, Object> read, String field,
                                 String reason) {
        return arguments(what, parameters, read, field, reason);
    }

    static Stream<Arguments> badParameters() {
        Function<Parameters, Object> limit = Parameters::limit;
        Function<Parameters, Object> pageToken = p -> p.pageToken(ALL);
        Function<Parameters, Object> requestId = Parameters::requestId;
        Function<Parameters, Object> number = p -> p.version("number");
        Function<Parameters, Object> since = p -> p.since(NOW, RETENTION);
        return Stream.of(
                bad("limit 0", query("limit", "0"), limit, "limit", "OUT_OF_RANGE"),
                bad("limit 101", query("limit", "101"), limit, "limit", "OUT_OF_RANGE"),
                bad("limit 1000", query("limit", "1000"), limit, "limit", "OUT_OF_RANGE"),
                bad("a negative limit", query("limit", "-1"), limit, "limit", "OUT_OF_RANGE"),
                bad("a decimal limit", query("limit", "1.5"), limit, "limit", "OUT_OF_RANGE"),
                bad("a word for a limit", query("limit", "ten"), limit, "limit", "OUT_OF_RANGE"),
                bad("an empty limit", query("limit", ""), limit, "limit", "OUT_OF_RANGE"),
                bad("a hexadecimal limit", query("limit", "0x10"), limit, "limit", "OUT_OF_RANGE"),
                bad("a limit with a space", query("limit", " 5"), limit, "limit", "OUT_OF_RANGE"),

                bad("a token that is not base64", query("pageToken", "not base64!"), pageToken, "pageToken", "INVALID"),
                bad("a token of another format", query("pageToken", token("v2\n*|*\nabc")), pageToken, "pageToken",
                        "INVALID"),
                bad("a token without the store's token", query("pageToken", token("v1\n*|*\n")), pageToken,
                        "pageToken", "INVALID"),
                bad("a token of one line", query("pageToken", token("v1")), pageToken, "pageToken", "INVALID"),
                bad("an empty token", query("pageToken", ""), pageToken, "pageToken", "INVALID"),
                bad("a token for other filters", query("pageToken", PageToken.wrap("abc", "PENDING|*")), pageToken,
                        "pageToken", "FILTERS_CHANGED"),

                bad("a request id with a dash", path("id", "not-an-id"), requestId, "id", "MALFORMED_ID"),
                bad("a request id one short", path("id", "01JD8X3Q4T5V6W7X8Y9Z0ABCD"), requestId, "id", "MALFORMED_ID"),
                bad("a request id past 128 bits", path("id", "81JD8X3Q4T5V6W7X8Y9Z0ABCDE"), requestId, "id",
                        "MALFORMED_ID"),
                bad("a request id in lower case", path("id", "01jd8x3q4t5v6w7x8y9z0abcde"), requestId, "id",
                        "MALFORMED_ID"),
                bad("a request id with an I", path("id", "01JD8X3Q4T5V6W7X8Y9Z0ABCDI"), requestId, "id",
                        "MALFORMED_ID"),

                bad("version 0", path("number", "0"), number, "number", "NOT_A_VERSION_NUMBER"),
                bad("a negative version", path("number", "-1"), number, "number", "NOT_A_VERSION_NUMBER"),
                bad("a version with a leading zero", path("number", "01"), number, "number", "NOT_A_VERSION_NUMBER"),
                bad("a version in exponent form", path("number", "1e3"), number, "number", "NOT_A_VERSION_NUMBER"),
                bad("a version past 18 digits", path("number", "1234567890123456789"), number, "number",
                        "NOT_A_VERSION_NUMBER"),
                bad("a word for the other version", path("other", "latest"), p -> p.version("other"), "other",
                        "NOT_A_VERSION_NUMBER"),
                bad("version 0 as 'before'", query("before", "0"), p -> p.versionQuery("before"), "before",
                        "NOT_A_VERSION_NUMBER"),

                bad("'since' that is neither an instant nor a duration", query("since", "yesterday"), since, "since",
                        "MALFORMED"),
                bad("'since' as a date without a time", query("since", "2026-03-09"), since, "since", "MALFORMED"),
                bad("'since' as a local time without a zone", query("since", "2026-03-09T12:00:00"), since, "since",
                        "MALFORMED"),
                bad("'since' as epoch seconds", query("since", "1773100800"), since, "since", "MALFORMED"),
                bad("an empty 'since'", query("since", ""), since, "since", "MALFORMED"),
                bad("'since' as a zero duration", query("since", "PT0S"), since, "since", "MALFORMED"),
                bad("'since' as a negative duration", query("since", "-PT6H"), since, "since", "MALFORMED"),
                bad("'since' as a negative duration inside", query("since", "PT-6H"), since, "since", "MALFORMED"),
                bad("'since' in weeks", query("since", "P1W"), since, "since", "MALFORMED"),
                bad("'since' in months", query("since", "P1M"), since, "since", "MALFORMED"),
                bad("'since' as a duration too large to hold", query("since", "PT9999999999999999999H"), since,
                        "since", "MALFORMED"),
                bad("'since' past the length limit", query("since", "P" + "1".repeat(80) + "D"), since, "since",
                        "MALFORMED"),
                bad("'since' with control characters", query("since", "PT6H\u001b[2J"), since, "since", "MALFORMED"),
                bad("'since' after now", query("since", "2026-03-10T12:00:01Z"), since, "since", "IN_THE_FUTURE"),
                bad("'since' beyond the retention as a duration", query("since", "P31D"), since, "since",
                        "OUT_OF_RANGE"),
                bad("'since' beyond the retention as an instant", query("since", "2026-02-08T11:59:59Z"), since,
                        "since", "OUT_OF_RANGE"),
                bad("an unknown scope", query("scope", "everyone"), Parameters::scope, "scope", "UNKNOWN_SCOPE"),
                bad("a scope in upper case", query("scope", "ALL"), Parameters::scope, "scope", "UNKNOWN_SCOPE"),
                bad("an empty scope", query("scope", ""), Parameters::scope, "scope", "UNKNOWN_SCOPE"),

                bad("an unknown status", query("status", "OPEN"), Parameters::status, "status", "UNKNOWN_STATUS"),
                bad("a blank requester", query("requester", " "), Parameters::requester, "requester", "INVALID"),
                bad("a requester past 2048 characters", query("requester", "a".repeat(2049)), Parameters::requester,
                        "requester", "INVALID"),
                bad("a missing domain to check", parameters(Call.get("/allowlist/check"), Map.of()),
                        p -> p.requiredQuery("domain", "Give the name to check."), "domain", "MISSING"),

                bad("an unknown query parameter", query("stauts", "PENDING"),
                        p -> p.takesQuery("status", "limit"), "stauts", "UNKNOWN_PARAMETER"),
                bad("a query parameter where none is taken", query("limit", "5"), Parameters::takesQuery, "limit",
                        "UNKNOWN_PARAMETER"),
                bad("a repeated query parameter", parameters(Call.get("/requests").query("limit", "5")
                        .query("limit", "6"), Map.of()), p -> p.takesQuery("limit"), "limit", "REPEATED_PARAMETER"),

                bad("an idempotency key with spaces", header("Idempotency-Key", "has spaces"),
                        Parameters::idempotencyKey, "Idempotency-Key", "INVALID"),
                bad("an empty idempotency key", header("Idempotency-Key", ""), Parameters::idempotencyKey,
                        "Idempotency-Key", "INVALID"),
                bad("an idempotency key past 255 characters", header("Idempotency-Key", "k".repeat(256)),
                        Parameters::idempotencyKey, "Idempotency-Key", "INVALID"),
                bad("an idempotency key that is not ASCII", header("Idempotency-Key", "cl\u00e9"),
                        Parameters::idempotencyKey, "Idempotency-Key", "INVALID"),
                bad("a repeated idempotency key", parameters(Call.post("/requests").header("Idempotency-Key", "a")
                        .header("Idempotency-Key", "b"), Map.of()), Parameters::idempotencyKey, "Idempotency-Key",
                        "REPEATED_HEADER"),

                bad("a grant of 0 days", none(), p -> Parameters.days("durationDays", 0), "durationDays",
                        "OUT_OF_RANGE"),
                bad("a grant past ten years", none(), p -> Parameters.days("durationDays", 3651),
                        "durationDays", "OUT_OF_RANGE"),
                bad("a missing body member", none(), p -> Parameters.required("justification", null, "say why."),
                        "justification", "MISSING"));
    }

    @ParameterizedTest(name = "{0} is refused")
    @MethodSource("badParameters")
    void aBadValueIsA400ProblemNamingTheParameter(String what, Parameters parameters, Function<Parameters, Object> read,
                                                  String field, String reason) {
        assertThatThrownBy(() -> read.apply(parameters)).isInstanceOfSatisfying(Problem.ProblemException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(400);
            assertThat(e.problem().type()).isEqualTo(Problem.Type.INVALID_REQUEST);
            assertThat(e.problem().extensions()).containsEntry("field", field).containsEntry("reason", reason);
            assertThat(e.problem().detail()).isNotBlank();
        });
    }

    @Test
    void goodValuesAreRead() {
        assertThat(none().limit()).isEqualTo(Parameters.DEFAULT_LIMIT);
        assertThat(query("limit", "1").limit()).isEqualTo(1);
        assertThat(query("limit", "100").limit()).isEqualTo(100);
        assertThat(query("limit", "007").limit()).isEqualTo(7);
        assertThat(query("status", "pending").status()).contains(RequestStatus.PENDING);
        assertThat(query("requester", "me").requester()).contains(CALLER);
        assertThat(query("requester", "arn:aws:iam::1:user/bob").requester()).contains("arn:aws:iam::1:user/bob");
        assertThat(query("before", "3").versionQuery("before")).contains(new VersionNumber(3));
        assertThat(path("number", "123456789012345678").version("number"))
                .isEqualTo(new VersionNumber(123_456_789_012_345_678L));
        assertThat(path("id", "01JD8X3Q4T5V6W7X8Y9Z0ABCDE").requestId())
                .isEqualTo(new RequestId("01JD8X3Q4T5V6W7X8Y9Z0ABCDE"));
        assertThat(header("Idempotency-Key", "k".repeat(255)).idempotencyKey()).isEqualTo("k".repeat(255));
        assertThat(parameters(Call.post("/requests"), Map.of()).idempotencyKey()).isNull();
        assertThat(Parameters.days("durationDays", 14)).contains(Duration.ofDays(14));
        assertThat(Parameters.days("durationDays", null)).isEqualTo(Optional.empty());
    }

    @Test
    void sinceIsAnInstantOrADurationBackFromNowWithinTheRetention() {
        assertThat(none().since(NOW, RETENTION)).isEqualTo(NOW.minus(Duration.ofHours(24)));
        assertThat(none().since(NOW, Duration.ofHours(6))).as("a retention shorter than the default")
                .isEqualTo(NOW.minus(Duration.ofHours(6)));
        assertThat(query("since", "PT6H").since(NOW, RETENTION)).isEqualTo(NOW.minus(Duration.ofHours(6)));
        assertThat(query("since", "P7D").since(NOW, RETENTION)).isEqualTo(NOW.minus(Duration.ofDays(7)));
        assertThat(query("since", "pt30m").since(NOW, RETENTION)).isEqualTo(NOW.minus(Duration.ofMinutes(30)));
        assertThat(query("since", "P30D").since(NOW, RETENTION)).isEqualTo(NOW.minus(RETENTION));
        assertThat(query("since", "2026-03-09T08:30:00Z").since(NOW, RETENTION))
                .isEqualTo(Instant.parse("2026-03-09T08:30:00Z"));
        assertThat(query("since", "2026-03-09T10:30:00+02:00").since(NOW, RETENTION))
                .isEqualTo(Instant.parse("2026-03-09T08:30:00Z"));
        assertThat(query("since", NOW.toString()).since(NOW, RETENTION)).isEqualTo(NOW);
    }

    @Test
    void theScopeIsTheCallersOwnUnlessAllIsAskedFor() {
        assertThat(none().scope()).isEqualTo(Parameters.Scope.MINE);
        assertThat(query("scope", "mine").scope()).isEqualTo(Parameters.Scope.MINE);
        assertThat(query("scope", "all").scope()).isEqualTo(Parameters.Scope.ALL);
    }

    @Test
    void aRefusedValueIsQuotedBackShortAndPrintable() {
        assertThatThrownBy(() -> query("since", "\u001b]0;pwned\u0007" + "x".repeat(200)).since(NOW, RETENTION))
                .isInstanceOfSatisfying(Problem.ProblemException.class, e -> assertThat(e.problem().detail())
                        .doesNotContain("\u001b", "\u0007").contains("?]0;pwned?").hasSizeLessThan(300));
    }

    @Test
    void aPageTokenCarriesTheStoresTokenForTheSameFilters() {
        String issued = PageToken.wrap("store-token", "PENDING|me");

        assertThat(query("pageToken", issued).pageToken("PENDING|me")).contains("store-token");
        assertThat(none().pageToken(ALL)).isEmpty();
    }

    @Test
    void aJsonBodyIsReadStrictly() {
        Parameters submit = parameters(Call.post("/requests")
                .json("{\"domain\":\"huggingface.co\",\"justification\":\"weights\",\"durationDays\":14}"), Map.of());

        assertThat(submit.body(JsonBodies.SubmitBody.class, JsonBodies.SubmitBody.FIELDS))
                .isEqualTo(new JsonBodies.SubmitBody("huggingface.co", "weights", 14));
    }
}
