package io.egressallowlist.shared.slack;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.slack.SlackRequests.BlockAction;
import io.egressallowlist.shared.slack.SlackRequests.ViewSubmission;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static io.egressallowlist.shared.slack.Blocks.plainText;
import static io.egressallowlist.shared.slack.Blocks.section;

/**
 * The request form behind a digest's {@link ActionIds#REQUEST_BLOCKED} button: a modal with the domain, pre-filled
 * with the suggested entry and still editable, and the justification, both required. What a submission asks for
 * is read from the inputs the submitter filled in and goes through the same request use case as
 * {@code /egress request}; the button's value and the view's {@code private_metadata} only pre-fill the form.
 *
 * <p>Slack's limits (https://docs.slack.dev/reference/views/modal-views, .../block-kit/block-elements/
 * plain-text-input-element): a modal's title, submit and close labels at most 24 characters, at most 100 blocks,
 * {@code private_metadata} at most 3,000 characters; a text input's {@code max_length} at most 3,000.
 *
 * @param slack  opens the modal ({@code views.open})
 * @param clicks the ephemeral replies to a click when the form cannot be opened
 */
public record RequestForm(SlackClient slack, ClickReplies clicks, String approvalsChannel, JsonLog log) {

    public static final String CALLBACK_ID = "egress-request";
    public static final String DOMAIN_BLOCK = "domain";
    public static final String JUSTIFICATION_BLOCK = "justification";
    static final String DOMAIN_INPUT = "domain-input";
    static final String JUSTIFICATION_INPUT = "justification-input";
    /** The longest entry there is: a wildcard ({@code .}) over a 253-character name. */
    public static final int MAX_DOMAIN = 254;
    /** The request use case refuses a longer justification; the form stops the typing there. */
    public static final int MAX_JUSTIFICATION = 1_000;
    /** An error shown under an input; longer messages are cut. */
    private static final int ERROR_LIMIT = 300;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * Opens the form for the domain the clicked button names. The trigger is Slack's from this click and expires
     * 3 seconds after it, so the form is opened before the click is answered.
     */
    public SlackReply open(BlockAction click) {
        Optional<DomainName> suggested = requestable(click.value());
        if (suggested.isEmpty()) {
            return clicks.noDomainToRequest(click);
        }
        try {
            String viewId = slack.openView(click.triggerId(), view(suggested.get()));
            log.info("Request form opened", "user", click.user().value(), "viewId", viewId);
            return SlackReply.of("Opening the request form for `" + BlockKitMessages.escape(suggested.get().target())
                    + "`.");
        } catch (SlackException e) {
            log.warn("Request form not opened", "user", click.user().value(), "error", e.error());
            return clicks.formNotOpened(click, e.error());
        }
    }

    /** The modal, pre-filled with {@code suggested}. */
    public SlackView view(DomainName suggested) {
        ObjectNode view = NODES.objectNode().put("type", "modal").put("callback_id", CALLBACK_ID);
        view.set("title", plainText("Request egress"));
        view.set("submit", plainText("Submit request"));
        view.set("close", plainText("Cancel"));
        view.put("private_metadata", NODES.objectNode().put("suggested", suggested.target()).toString());
        ArrayNode blocks = view.putArray("blocks");
        blocks.add(section("The egress firewall refused connections to `" + BlockKitMessages.escape(suggested.target())
                + "`. Say why you need it; approvers in <#" + approvalsChannel + "> decide, and you get a direct"
                + " message with the outcome."));
        blocks.add(input(DOMAIN_BLOCK, "Domain", textInput(DOMAIN_INPUT, MAX_DOMAIN, false)
                .put("initial_value", suggested.target()), "A name such as pypi.org, or .example.com for it and"
                + " every subdomain."));
        blocks.add(input(JUSTIFICATION_BLOCK, "Why do you need it?", textInput(JUSTIFICATION_INPUT, MAX_JUSTIFICATION,
                true), "Shown to the approvers."));
        return new SlackView(view);
    }

    /**
     * The submission's own mistakes, before anything is asked of the use case: another modal's callback, or a domain
     * longer than any entry can be. Empty when it may go on.
     */
    public Optional<ViewReply> malformed(ViewSubmission submission) {
        if (!CALLBACK_ID.equals(submission.callbackId())) {
            return Optional.of(ViewReply.close());
        }
        if (submission.input(DOMAIN_BLOCK).strip().length() > MAX_DOMAIN) {
            return Optional.of(error(DOMAIN_BLOCK, "A domain has at most " + MAX_DOMAIN + " characters."));
        }
        return Optional.empty();
    }

    /** The error for an invalid field of the request: {@code justification} under its input, anything else the domain's. */
    public ViewReply invalid(String field, String message) {
        return error(JUSTIFICATION_BLOCK.equals(field) ? JUSTIFICATION_BLOCK : DOMAIN_BLOCK, message);
    }

    /** A policy rule refuses the domain; {@code message} names the rule and says why. */
    public ViewReply refusedByPolicy(String message) {
        return error(DOMAIN_BLOCK, "Not submitted: " + message);
    }

    /** The modal replaced by what became of the submission, and the messages that follow it. */
    public ViewReply shown(SlackReply outcome) {
        ObjectNode view = NODES.objectNode().put("type", "modal").put("callback_id", CALLBACK_ID + "-done");
        view.set("title", plainText("Request egress"));
        view.set("close", plainText("Done"));
        ArrayNode blocks = view.putArray("blocks");
        outcome.message().blocks().forEach(blocks::add);
        return ViewReply.update(new SlackView(view), outcome.followUps());
    }

    private static ViewReply error(String blockId, String message) {
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put(blockId, Blocks.truncate(message, ERROR_LIMIT));
        return ViewReply.errors(errors);
    }

    private static ObjectNode input(String blockId, String label, ObjectNode element, String hint) {
        ObjectNode input = NODES.objectNode().put("type", "input").put("block_id", blockId).put("optional", false);
        input.set("label", plainText(label));
        input.set("element", element);
        input.set("hint", plainText(hint));
        return input;
    }

    private static ObjectNode textInput(String actionId, int maxLength, boolean multiline) {
        return NODES.objectNode().put("type", "plain_text_input").put("action_id", actionId).put("multiline", multiline)
                .put("min_length", 1).put("max_length", maxLength);
    }

    /** The button's value as a name one can request; a value longer than any entry is not even parsed. */
    private static Optional<DomainName> requestable(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_DOMAIN) {
            return Optional.empty();
        }
        return DomainName.parse(value).match(new DomainName.ParseResult.Cases<>(
                valid -> Optional.of(valid.domainName()), invalid -> Optional.empty()));
    }
}
