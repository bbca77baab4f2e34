package io.egressallowlist.shared.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.RequestKind;
import io.egressallowlist.shared.domain.RequestStatus;

import static io.egressallowlist.shared.slack.BlockKitMessages.escape;
import static io.egressallowlist.shared.slack.BlockKitMessages.person;
import static io.egressallowlist.shared.slack.BlockKitMessages.when;
import static io.egressallowlist.shared.slack.Blocks.blocksOf;
import static io.egressallowlist.shared.slack.Blocks.button;
import static io.egressallowlist.shared.slack.Blocks.confirm;
import static io.egressallowlist.shared.slack.Blocks.context;
import static io.egressallowlist.shared.slack.Blocks.plain;
import static io.egressallowlist.shared.slack.Blocks.section;

/**
 * What a decided card offers while its grant can still change: Revoke on an approved or active grant, Renew on an
 * active one. Once the grant has expired or was revoked the card is redrawn without them, so an old button is
 * gone; a click on one that is still shown somewhere (a reminder) is refused by the request's status.
 */
final class GrantActions {

    private GrantActions() {
    }

    /** Adds the Renew and Revoke buttons the request's status allows, if any. */
    static void addTo(ArrayNode blocks, AllowlistRequest request) {
        if (request.kind() != RequestKind.DOMAIN) {
            return;
        }
        boolean active = request.status() == RequestStatus.ACTIVE;
        boolean approved = request.status() == RequestStatus.APPROVED || request.status() == RequestStatus.APPLYING;
        if (!active && !approved) {
            return;
        }
        ArrayNode buttons = blocks.addObject().put("type", "actions").put("block_id", "grant").putArray("elements");
        String id = request.id().value();
        if (active) {
            buttons.add(button("Renew", ActionIds.RENEW, id, "primary"));
        }
        buttons.add(button("Revoke", ActionIds.REVOKE, id, "danger")
                .set("confirm", confirm(active ? "Revoke this grant?" : "Cancel this approved request?",
                        active ? "The firewall will stop allowing " + request.target() + " with the next version."
                                : request.target() + " will not be added to the firewall.",
                        "Revoke", "danger")));
    }

    /** Whether an approver revoked the request (not a version that removed its target). */
    static boolean revokedByApprover(AllowlistRequest request) {
        return request.status() == RequestStatus.REVOKED && !request.removedByVersion();
    }

    /** The card's status line of a revoked request. */
    static String revokedStatus(AllowlistRequest request) {
        return revokedByApprover(request)
                ? ":no_entry_sign: Revoked by " + person(request.decidedBy()) + " " + when(request.updatedAt())
                : ":rewind: Revoked by a rollback " + when(request.updatedAt());
    }

    /** What the requester is told of a revoked request. */
    static String revokedOutcome(AllowlistRequest request, String subject) {
        return revokedByApprover(request)
                ? "Your grant for " + subject + " was revoked by " + person(request.decidedBy())
                + (request.decisionNote() == null ? "." : ": " + escape(request.decisionNote()))
                + " It is removed from the firewall with the next version."
                : "Your grant for " + subject + " was removed by a rollback.";
    }

    /** A renewal reminder once the grant can no longer be renewed: the button goes, the status says why. */
    static SlackMessage renewalClosed(AllowlistRequest request) {
        String text = ":hourglass: The grant for `" + escape(request.target().value()) + "` can no longer be renewed: "
                + BlockKitMessages.statusLine(request, 1) + ". Request it again if it is still needed.";
        return new SlackMessage(plain(text), blocksOf(section(text), context("Request `" + request.id() + "`")));
    }
}
