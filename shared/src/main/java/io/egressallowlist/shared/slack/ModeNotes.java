package io.egressallowlist.shared.slack;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What switching a scope to enforce would block, on its mode request's card: the domains the scope's learning recorded
 * that its list does not hold, counted, the first few listed. They are names workloads sent: escaped.
 */
final class ModeNotes {

    /** Names listed on the card; the count covers them all. */
    static final int LISTED = 10;

    private ModeNotes() {
    }

    /** The note as one paragraph (mrkdwn). */
    static String text(List<String> wouldBlock) {
        if (wouldBlock.isEmpty()) {
            return ":white_check_mark: *Would block 0 domains*: nothing the scope's learning recorded is missing from"
                    + " its list.";
        }
        String listed = wouldBlock.stream().limit(LISTED).map(name -> "`" + BlockKitMessages.escape(name) + "`")
                .collect(Collectors.joining(", "));
        int more = wouldBlock.size() - Math.min(LISTED, wouldBlock.size());
        return ":mag: *Would block " + wouldBlock.size() + (wouldBlock.size() == 1 ? " domain" : " domains")
                + "* the scope's learning recorded and its list does not hold: " + listed
                + (more > 0 ? " and " + more + " more" : "") + ".";
    }

    /** The card with the note below its facts (before its buttons, which stay last). */
    static SlackMessage on(SlackMessage card, List<String> wouldBlock) {
        return Blocks.withNoteBeforeButtons(card, text(wouldBlock));
    }
}
