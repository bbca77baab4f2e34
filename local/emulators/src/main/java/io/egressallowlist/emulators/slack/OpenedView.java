package io.egressallowlist.emulators.slack;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;

/**
 * A modal the app opened with {@code views.open}, as the stand-in holds it.
 *
 * @param id        Slack's view id ({@code V…})
 * @param userId    the user whose interaction's trigger opened it: the only one who can submit it
 * @param triggerId the trigger exchanged for it
 * @param view      the view as Slack answers it (the app's fields plus {@code id}, {@code hash}, {@code state}…)
 * @param openedAt  when, by the stand-in's clock
 */
public record OpenedView(String id, String userId, String triggerId, JsonNode view, Instant openedAt) {

    public OpenedView {
        view = view.deepCopy();
    }

    @Override
    public JsonNode view() {
        return view.deepCopy();
    }

    public String callbackId() {
        return view.path("callback_id").asText("");
    }

    /** The {@code initial_value} of the text input in the input block {@code blockId}; {@code ""} when none. */
    public String initialValue(String blockId) {
        for (JsonNode block : view.path("blocks")) {
            if (block.path("type").asText().equals("input") && block.path("block_id").asText().equals(blockId)) {
                return block.path("element").path("initial_value").asText("");
            }
        }
        return "";
    }
}
