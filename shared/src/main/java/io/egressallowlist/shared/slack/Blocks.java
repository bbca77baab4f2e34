package io.egressallowlist.shared.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The Block Kit elements our messages are made of (sections, context, buttons…), and Slack's text limits. */
final class Blocks {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Blocks() {
    }

    static ObjectNode section(String mrkdwn) {
        ObjectNode section = NODES.objectNode().put("type", "section");
        section.set("text", mrkdwn(mrkdwn));
        return section;
    }

    static ObjectNode context(String mrkdwn) {
        ObjectNode context = NODES.objectNode().put("type", "context");
        context.putArray("elements").add(mrkdwn(mrkdwn));
        return context;
    }

    static ObjectNode mrkdwn(String text) {
        return NODES.objectNode().put("type", "mrkdwn").put("text", text);
    }

    static ObjectNode plainText(String text) {
        return NODES.objectNode().put("type", "plain_text").put("text", text).put("emoji", true);
    }

    static ObjectNode button(String label, String actionId, String value, String style) {
        ObjectNode button = NODES.objectNode().put("type", "button").put("action_id", actionId).put("value", value);
        button.set("text", plainText(label));
        button.put("style", style);
        return button;
    }

    static ObjectNode confirm(String title, String text, String confirm, String style) {
        ObjectNode dialog = NODES.objectNode();
        dialog.set("title", plainText(truncate(title, 100)));
        dialog.set("text", plainText(truncate(text, 300)));
        dialog.set("confirm", plainText(confirm));
        dialog.set("deny", plainText("Cancel"));
        dialog.put("style", style);
        return dialog;
    }

    /** {@code card} with a section of {@code mrkdwn} below its facts, before its buttons (which stay last). */
    static SlackMessage withNoteBeforeButtons(SlackMessage card, String mrkdwn) {
        ArrayNode blocks = card.blocks();
        int beforeButtons = blocks.size();
        for (int i = 0; i < blocks.size(); i++) {
            if (blocks.get(i).path("type").asText().equals("actions")) {
                beforeButtons = i;
                break;
            }
        }
        blocks.insert(beforeButtons, section(mrkdwn));
        return new SlackMessage(card.text(), blocks);
    }

    static ArrayNode blocksOf(ObjectNode... blocks) {
        ArrayNode array = NODES.arrayNode();
        for (ObjectNode block : blocks) {
            array.add(block);
        }
        return array;
    }

    static String truncate(String text, int limit) {
        return text.length() <= limit ? text : text.substring(0, limit - 1) + "…";
    }

    /** The fallback text: the mrkdwn with dates as their UTC fallback, for notifications and screen readers. */
    static String plain(String mrkdwn) {
        return mrkdwn.replaceAll("<!date\\^[0-9]+\\^[^|>]*\\|([^>]*)>", "$1");
    }

    /** Escapes {@code text} and cuts it, between whole characters and entities, to at most {@code limit}. */
    static String escapeWithin(String text, int limit) {
        String escaped = BlockKitMessages.escape(text);
        if (escaped.length() <= limit) {
            return escaped;
        }
        int cut = limit - 1;
        int amp = escaped.lastIndexOf('&', cut);
        if (amp >= 0 && escaped.indexOf(';', amp) >= cut) {
            cut = amp;
        }
        return escaped.substring(0, cut) + "…";
    }
}
