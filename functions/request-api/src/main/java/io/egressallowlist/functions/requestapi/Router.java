package io.egressallowlist.functions.requestapi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Finds the {@link Route} of a call. API Gateway names the matched resource ({@code resource =
 * /requests/{id}}) and fills {@code pathParameters}; the local HTTP front may send only {@code path}, which
 * is then matched against the templates of {@link Route}.
 */
final class Router {

    /** The outcome of {@link #route}. */
    sealed interface Result {
        /** One function per case, so that a new case fails compilation wherever it is not handled. */
        record Cases<R>(Function<? super Matched, ? extends R> matched,
                Function<? super MethodNotAllowed, ? extends R> methodNotAllowed,
                Function<? super NotFound, ? extends R> notFound) { }

        <R> R match(Cases<R> cases);

        record Matched(Route route, Map<String, String> pathParameters) implements Result {
            @Override public <R> R match(Cases<R> cases) { return cases.matched().apply(this); }
        }

        /** The path exists, the method does not: 405 with {@code Allow}. */
        record MethodNotAllowed(Set<String> allowed) implements Result {
            @Override public <R> R match(Cases<R> cases) { return cases.methodNotAllowed().apply(this); }
        }

        record NotFound() implements Result {
            @Override public <R> R match(Cases<R> cases) { return cases.notFound().apply(this); }
        }
    }

    Result route(String method, String resource, String path, Map<String, String> pathParameters) {
        if (resource != null && !resource.isEmpty()) {
            List<Route> byResource = Arrays.stream(Route.values()).filter(r -> r.template().equals(resource)).toList();
            if (!byResource.isEmpty()) {
                Map<String, String> parameters = pathParameters != null && !pathParameters.isEmpty()
                        ? pathParameters : byResource.get(0).match(segments(path == null ? resource : path));
                return choose(method, byResource, parameters == null ? Map.of() : parameters);
            }
        }
        if (path == null) {
            return new Result.NotFound();
        }
        List<String> segments = segments(path);
        List<Route> byPath = new ArrayList<>();
        Map<String, String> parameters = null;
        for (Route route : Route.values()) {
            Map<String, String> matched = route.match(segments);
            if (matched != null) {
                byPath.add(route);
                parameters = matched;
            }
        }
        return byPath.isEmpty() ? new Result.NotFound() : choose(method, byPath, parameters);
    }

    private static Result choose(String method, List<Route> candidates, Map<String, String> parameters) {
        for (Route route : candidates) {
            if (route.method().equalsIgnoreCase(method)) {
                return new Result.Matched(route, new LinkedHashMap<>(parameters));
            }
        }
        Set<String> allowed = new TreeSet<>();
        candidates.forEach(route -> allowed.add(route.method()));
        return new Result.MethodNotAllowed(allowed);
    }

    /** {@code /requests/01J…/} → [requests, 01J…]; one trailing slash is ignored. */
    private static List<String> segments(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return List.of(trimmed.split("/", -1));
    }
}
