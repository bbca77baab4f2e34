package io.egressallowlist.emulators.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * A message as the stand-in holds it, after every update so far.
 *
 * @param channel        the channel id ({@code C…}), or the direct-message channel ({@code D…}) for a DM
 * @param ts             Slack's message timestamp, the message's id within the channel
 * @param threadTs       the parent message's ts when posted in a thread, else null
 * @param text           the notification / fallback text
 * @param blocks         the Block Kit blocks (an empty array when none)
 * @param edits          how many times it was updated ({@code chat.update} or {@code response_url})
 * @param ephemeralUser  for an ephemeral message (sent through a {@code response_url}), the only user who sees it
 * @param dmUser         for a direct message, the user it was sent to
 */
public record RecordedMessage(String channel, String ts, String threadTs, String text, JsonNode blocks, int edits,
                              String ephemeralUser, String dmUser) {

    public RecordedMessage {
        blocks = blocks == null ? JsonNodeFactory.instance.arrayNode() : blocks.deepCopy();
    }

    /** The same message after an edit ({@code chat.update} or {@code replace_original}): one more edit. */
    RecordedMessage edited(String newText, JsonNode newBlocks) {
        return new RecordedMessage(channel, ts, threadTs, newText, newBlocks, edits + 1, ephemeralUser, dmUser);
    }

    /** A copy whose blocks the holder may change without changing this one. */
    RecordedMessage copy() {
        return new RecordedMessage(channel, ts, threadTs, text, blocks, edits, ephemeralUser, dmUser);
    }

    public boolean isEphemeral() {
        return ephemeralUser != null;
    }

    /** A button of an {@code actions} block or a section accessory. */
    public record Button(String actionId, String value, String text, String style) { }

    public List<Button> buttons() {
        List<Button> buttons = new ArrayList<>();
        for (JsonNode block : blocks) {
            if (block.path("type").asText().equals("actions")) {
                block.path("elements").forEach(element -> addButton(buttons, element));
            }
            addButton(buttons, block.path("accessory"));
        }
        return buttons;
    }

    private static void addButton(List<Button> buttons, JsonNode element) {
        if (element.path("type").asText().equals("button")) {
            buttons.add(new Button(element.path("action_id").asText(), element.path("value").asText(null),
                    element.path("text").path("text").asText(), element.path("style").asText(null)));
        }
    }

    public boolean hasButton(String actionId, String value) {
        return buttons().stream().anyMatch(b -> b.actionId().equals(actionId) && value.equals(b.value()));
    }

    /** The text and every text of every block, one per line: what a reader of the message sees, for assertions. */
    public String allText() {
        StringBuilder all = new StringBuilder(text == null ? "" : text);
        collectText(blocks, all);
        return all.toString();
    }

    private static void collectText(JsonNode node, StringBuilder all) {
        if (node.isObject()) {
            JsonNode text = node.get("text");
            if (text != null && text.isTextual()) {
                all.append('\n').append(text.asText());
            }
            node.fields().forEachRemaining(field -> {
                if (!field.getKey().equals("text") || !field.getValue().isTextual()) {
                    collectText(field.getValue(), all);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectText(child, all));
        }
    }
}
