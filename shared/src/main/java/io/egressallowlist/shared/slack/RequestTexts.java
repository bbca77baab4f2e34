package io.egressallowlist.shared.slack;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.ScopeMode;

import java.util.List;

import static io.egressallowlist.shared.slack.BlockKitMessages.escape;

/** How a request's card names what it asks for, one form per kind: a domain, a rollback, a switch of mode. */
final class RequestTexts {

    private RequestTexts() {
    }

    /** In a sentence ("Your request for … was approved"), escaped for mrkdwn. */
    static String subject(AllowlistRequest request) {
        return switch (request.kind()) {
            case DOMAIN -> "`" + escape(request.target().value()) + "`";
            case ROLLBACK -> "rollback to version " + request.rollbackTo();
            case MODE -> escape(request.subject());
        };
    }

    /** The card's header (plain text). */
    static String title(AllowlistRequest request) {
        return switch (request.kind()) {
            case DOMAIN -> "Egress request: " + request.target();
            case ROLLBACK -> "Rollback request: back to version " + request.rollbackTo();
            case MODE -> "Mode request: " + request.subject();
        };
    }

    /** The start of the card's notification text, before "by <requester>". */
    static String fallback(AllowlistRequest request) {
        return switch (request.kind()) {
            case DOMAIN -> "Egress request for " + request.target();
            case ROLLBACK -> "Rollback to version " + request.rollbackTo();
            case MODE -> "Mode request to " + request.subject();
        };
    }

    /** The card's fields about what is asked (mrkdwn). */
    static List<String> facts(AllowlistRequest request) {
        return switch (request.kind()) {
            case DOMAIN -> List.of("*Domain*\n`" + escape(request.target().value()) + "`",
                    "*Duration*\n" + BlockKitMessages.duration(request.grantDuration()));
            case ROLLBACK -> List.of("*Restores*\nversion " + request.rollbackTo());
            case MODE -> List.of("*Switches*\n`" + escape(request.scope().value()) + "` to " + request.mode().label());
        };
    }

    /** What approving does, for the Approve button's confirmation. */
    static String approvalEffect(AllowlistRequest request) {
        return switch (request.kind()) {
            case DOMAIN -> "The firewall will allow " + request.target() + ".";
            case ROLLBACK -> "The allow-list will be restored to version " + request.rollbackTo() + ".";
            case MODE -> request.mode() == ScopeMode.ENFORCE
                    ? "Scope " + request.scope() + " will block what its list does not hold."
                    : "Scope " + request.scope() + " will pass and record what its list does not hold.";
        };
    }
}
