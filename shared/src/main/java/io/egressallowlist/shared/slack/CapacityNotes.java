package io.egressallowlist.shared.slack;

import io.egressallowlist.shared.domain.CapacityWarning;

import java.util.List;
import java.util.stream.Collectors;

/** The allow-list's capacity warnings as Slack shows them: on a new request's card and in the reply to it. */
final class CapacityNotes {

    private CapacityNotes() {
    }

    /** The warnings as one line each, or the empty string when there are none. */
    static String text(List<CapacityWarning> warnings) {
        return warnings.stream().map(warning -> ":warning: *" + label(warning) + "*: "
                + BlockKitMessages.escape(warning.message())).collect(Collectors.joining("\n"));
    }

    /** The card with the warnings below its facts (before its buttons, which stay last). */
    static SlackMessage on(SlackMessage card, List<CapacityWarning> warnings) {
        if (warnings.isEmpty()) {
            return card;
        }
        return Blocks.withNoteBeforeButtons(card, text(warnings));
    }

    private static String label(CapacityWarning warning) {
        return warning.code() == CapacityWarning.Code.LIST_FULL ? "Allow-list full" : "Allow-list nearly full";
    }
}
