package io.egressallowlist.shared.slack;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * A modal view to open ({@code views.open}) or to show in place of a submitted one ({@code response_action}
 * {@code update}); https://docs.slack.dev/reference/views/modal-views. Immutable: the JSON is copied in and out.
 */
public final class SlackView {

    private final ObjectNode json;

    SlackView(ObjectNode json) {
        this.json = Objects.requireNonNull(json, "json").deepCopy();
    }

    /** The view's {@code callback_id}: which of our modals it is. */
    public String callbackId() {
        return json.path("callback_id").asText("");
    }

    ObjectNode toJson() {
        return json.deepCopy();
    }

    @Override
    public String toString() {
        return "SlackView[" + callbackId() + ", " + json.path("blocks").size() + " blocks]";
    }
}
