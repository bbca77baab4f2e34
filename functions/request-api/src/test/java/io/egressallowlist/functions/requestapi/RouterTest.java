package io.egressallowlist.functions.requestapi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RouterTest {

    private final Router router = new Router();

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "POST, /requests, SUBMIT_REQUEST",
            "GET, /requests, LIST_REQUESTS",
            "GET, /requests/, LIST_REQUESTS",
            "GET, /requests/01JD8X3Q4T5V6W7X8Y9Z0ABCDE, GET_REQUEST",
            "DELETE, /requests/01JD8X3Q4T5V6W7X8Y9Z0ABCDE, WITHDRAW_REQUEST",
            "GET, /allowlist, GET_ALLOWLIST",
            "GET, /allowlist/check, CHECK_DOMAIN",
            "GET, /versions, LIST_VERSIONS",
            "GET, /versions/3, GET_VERSION",
            "GET, /versions/3/diff/5, DIFF_VERSIONS",
            "POST, /versions/3/rollback, REQUEST_ROLLBACK",
            "get, /openapi.yaml, GET_OPENAPI"})
    void aPathAloneFindsItsRoute(String method, String path, Route expected) {
        assertThat(router.route(method, null, path, null)).isInstanceOfSatisfying(Router.Result.Matched.class,
                matched -> assertThat(matched.route()).isEqualTo(expected));
    }

    @Test
    void pathParametersAreTakenFromThePathWhenApiGatewayGaveNone() {
        Router.Result result = router.route("GET", null, "/versions/3/diff/5", null);

        assertThat(((Router.Result.Matched) result).pathParameters()).isEqualTo(Map.of("number", "3", "other", "5"));
    }

    @Test
    void apiGatewaysResourceAndPathParametersAreUsedAsGiven() {
        Router.Result result = router.route("DELETE", "/requests/{id}", "/requests/ABC", Map.of("id", "ABC"));

        assertThat(result).isEqualTo(new Router.Result.Matched(Route.WITHDRAW_REQUEST, Map.of("id", "ABC")));
    }

    @Test
    void aKnownPathWithAnUnknownMethodListsTheAllowedOnes() {
        assertThat(router.route("PATCH", null, "/requests/ABC", null))
                .isEqualTo(new Router.Result.MethodNotAllowed(Set.of("DELETE", "GET")));
    }

    @ParameterizedTest
    @CsvSource({"GET, /", "GET, /requests/a/b", "GET, /versions//diff/2", "GET, /allowlist/check/x", "GET, /REQUESTS"})
    void anythingElseIsNotFound(String method, String path) {
        assertThat(router.route(method, null, path, null)).isInstanceOf(Router.Result.NotFound.class);
    }

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({"GET, /versions/3, matched", "PATCH, /requests/ABC, methodNotAllowed", "GET, /REQUESTS, notFound"})
    void matchCallsTheFunctionOfTheResultAtHand(String method, String path, String expected) {
        String dispatched = router.route(method, null, path, null)
                .match(new Router.Result.Cases<>(matched -> "matched", notAllowed -> "methodNotAllowed",
                        notFound -> "notFound"));
        assertThat(dispatched).isEqualTo(expected);
    }
}
