package io.egressallowlist.shared.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * A message to send: the notification text (also the fallback for clients that cannot show blocks, and
 * what screen readers read) and its Block Kit blocks (aws-api-notes §5). Immutable: the blocks are copied
 * in and out.
 */
public final class SlackMessage {

    private final String text;
    private final ArrayNode blocks;

    public SlackMessage(String text, ArrayNode blocks) {
        this.text = Objects.requireNonNull(text, "text");
        this.blocks = blocks == null ? JsonNodeFactory.instance.arrayNode() : blocks.deepCopy();
    }

    public static SlackMessage text(String text) {
        return new SlackMessage(text, null);
    }

    public String text() {
        return text;
    }

    public ArrayNode blocks() {
        return blocks.deepCopy();
    }

    /** The same message without its {@code actions} blocks: a card to show, not to act on. */
    public SlackMessage withoutButtons() {
        ArrayNode kept = JsonNodeFactory.instance.arrayNode();
        blocks.forEach(block -> {
            if (!"actions".equals(block.path("type").asText())) {
                kept.add(block.deepCopy());
            }
        });
        return new SlackMessage(text, kept);
    }

    /**
     * The message as the body of a reply to Slack: shown only to the user (a slash command's answer is
     * displayed as is; for a button click Slack ignores the body, and the reply goes through the
     * {@code response_url}).
     */
    public String toEphemeralResponse() {
        return toEphemeralJson().toString();
    }

    ObjectNode toEphemeralJson() {
        ObjectNode json = toJson();
        json.put("response_type", "ephemeral").put("replace_original", false);
        return json;
    }

    /** The fields common to {@code chat.postMessage}, {@code chat.update} and {@code response_url} bodies. */
    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("text", text);
        json.set("blocks", blocks.deepCopy());
        return json;
    }

    @Override
    public String toString() {
        return "SlackMessage[" + text + ", " + blocks.size() + " blocks]";
    }
}
