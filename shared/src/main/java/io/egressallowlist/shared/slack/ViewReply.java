package io.egressallowlist.shared.slack;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.shared.slack.SlackReply.FollowUp;

import java.util.List;
import java.util.Map;

/**
 * The answer to a {@code view_submission}, which Slack reads from the body of the HTTP answer within 3 seconds
 * (https://docs.slack.dev/surfaces/modals): {@code {"response_action":"errors","errors":{block_id: message}}} keeps
 * the modal open with the messages under those input blocks; {@code {"response_action":"update","view":…}} replaces
 * it; an empty body closes it. The Slack messages that follow (a request's card) run like those of a click.
 *
 * @param body the JSON Slack reads, or {@code ""} to close the modal
 */
public record ViewReply(String body, List<FollowUp> followUps) {

    public ViewReply {
        followUps = List.copyOf(followUps);
    }

    /** Keeps the modal open and shows each message under its input block; nothing follows. */
    public static ViewReply errors(Map<String, String> messagesByBlockId) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("response_action", "errors");
        ObjectNode errors = body.putObject("errors");
        messagesByBlockId.forEach(errors::put);
        return new ViewReply(body.toString(), List.of());
    }

    /** Replaces the modal with {@code view}; {@code followUps} run after the answer. */
    public static ViewReply update(SlackView view, List<FollowUp> followUps) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("response_action", "update");
        body.set("view", view.toJson());
        return new ViewReply(body.toString(), followUps);
    }

    /** Closes the modal. */
    public static ViewReply close() {
        return new ViewReply("", List.of());
    }
}
