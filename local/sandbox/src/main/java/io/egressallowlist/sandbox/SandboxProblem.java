package io.egressallowlist.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A sandbox route's refusal: the HTTP status, a title and a detail that says what to do, answered like the API's
 * problems ({@code title}, {@code detail}, and {@code error} for the page), with any further members.
 */
final class SandboxProblem extends RuntimeException {

    private final int status;
    private final String title;
    private final ObjectNode members;

    SandboxProblem(int status, String title, String detail) {
        this(status, title, detail, JsonNodeFactory.instance.objectNode());
    }

    SandboxProblem(int status, String title, String detail, ObjectNode members) {
        super(detail);
        this.status = status;
        this.title = title;
        this.members = members.deepCopy();
    }

    static SandboxProblem badRequest(String detail) {
        return new SandboxProblem(400, "Sandbox request refused", detail);
    }

    int status() {
        return status;
    }

    JsonNode body() {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("title", title).put("detail", getMessage())
                .put("error", getMessage());
        body.setAll(members);
        return body;
    }
}
