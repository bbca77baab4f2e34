package io.egressallowlist.shared.slack;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.CapacityWarning;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.VersionDiff;
import io.egressallowlist.shared.logging.JsonLog;
import io.egressallowlist.shared.notify.MessageRef;
import io.egressallowlist.shared.notify.MessageRefs;
import io.egressallowlist.shared.notify.Notifier;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Tells people through Slack: request cards in the approvals channel ({@code SLACK_CHANNEL_ID}),
 * updated in place as requests are decided and applied (their location is kept by
 * {@link MessageRefs}), and direct messages to requesters who have a Slack identity
 * ({@code chat.postMessage} with the user id as the channel).
 *
 * <p>As the {@link Notifier} contract requires, a delivery problem never escapes: it is logged (method and
 * Slack error code, never a token) and the decision it reports stands. Each step is delivered on its own,
 * so a failed card update does not keep the requester from being told.
 */
public final class SlackNotifier implements Notifier {

    private final SlackClient slack;
    private final MessageRefs cards;
    private final String channelId;
    private final int quorum;
    private final JsonLog log;

    /**
     * @param channelId the approvals channel
     * @param quorum    the policy's quorum, shown on pending cards
     */
    public SlackNotifier(SlackClient slack, MessageRefs cards, String channelId, int quorum, JsonLog log) {
        this.slack = slack;
        this.cards = cards;
        this.channelId = Objects.requireNonNull(channelId, "the Slack channel (SLACK_CHANNEL_ID) is required");
        this.quorum = quorum;
        this.log = log;
    }

    @Override
    public void requestSubmitted(AllowlistRequest request) {
        requestSubmitted(request, List.of());
    }

    /** The new request's card, with the allow-list's capacity warnings when it is full or nearly so. */
    @Override
    public void requestSubmitted(AllowlistRequest request, List<CapacityWarning> warnings) {
        deliver("request card", request.id(), () -> showCard(request, null, warnings));
    }

    /** The mode request's card, with what enforcing would block ({@link ModeNotes}). */
    @Override
    public void modeRequested(AllowlistRequest request, List<String> wouldBlock) {
        deliver("request card", request.id(), () -> showCard(request, null,
                ModeNotes.on(BlockKitMessages.card(request, quorum), wouldBlock)));
    }

    @Override
    public void requestDecided(AllowlistRequest request) {
        requestDecided(request, null);
    }

    /**
     * Updates the card (the recorded one, else {@code shownAt}: the message whose button was clicked) and
     * tells the requester.
     */
    public void requestDecided(AllowlistRequest request, MessageRef shownAt) {
        deliver("request card", request.id(), () -> showCard(request, shownAt));
        tellRequester(request, BlockKitMessages.requesterOutcome(request));
        closeReminder(request);
    }

    /** An approval was counted but more are needed: the card shows who has approved so far. */
    public void approvalRecorded(AllowlistRequest request, MessageRef shownAt) {
        deliver("request card", request.id(), () -> showCard(request, shownAt));
    }

    /** Brings a card up to date without telling anyone (e.g. after a click on an out-of-date card). */
    public void refreshCard(AllowlistRequest request, MessageRef shownAt) {
        deliver("request card", request.id(), () -> showCard(request, shownAt));
    }

    /** A grant was renewed: the reminder (if known) says so, the card shows the new expiry, the requester is told. */
    public void grantRenewed(AllowlistRequest request, String renewedBy, MessageRef clicked) {
        MessageRef reminder = clicked != null && cards.card(request.id()).filter(clicked::equals).isEmpty() ? clicked
                : cards.reminder(request.id()).orElse(null);
        if (reminder != null) {
            deliver("renewal reminder", request.id(),
                    () -> slack.update(reminder, BlockKitMessages.renewed(request, renewedBy)));
        }
        deliver("request card", request.id(), () -> showCard(request, null));
        tellRequester(request, BlockKitMessages.renewalNotice(request, renewedBy));
    }

    /**
     * A Renew button was clicked on a grant that can no longer be renewed: the message it was on loses it (the
     * card is redrawn as the request stands; a reminder says the grant can no longer be renewed).
     */
    public void renewalClosed(AllowlistRequest request, MessageRef clicked) {
        boolean isCard = cards.card(request.id()).filter(clicked::equals).isPresent();
        deliver("renewal reminder", request.id(), () -> slack.update(clicked, isCard
                ? BlockKitMessages.card(request, quorum) : BlockKitMessages.renewalClosed(request)));
    }

    @Override
    public void versionApplied(AllowlistVersion version, VersionDiff change, List<AllowlistRequest> activated,
                               List<AllowlistRequest> revoked) {
        deliver("version applied", null, () -> slack.postMessage(channelId,
                BlockKitMessages.versionApplied(version, change, activated, revoked)));
        for (AllowlistRequest request : activated) {
            deliver("request card", request.id(), () -> updateCardIfKnown(request));
            tellRequester(request, BlockKitMessages.requesterOutcome(request));
        }
        for (AllowlistRequest request : revoked) {
            deliver("request card", request.id(), () -> updateCardIfKnown(request));
            tellRequester(request, BlockKitMessages.requesterOutcome(request));
            closeReminder(request);
        }
    }

    @Override
    public void driftDetected(VersionDiff drift, String mode) {
        deliver("drift", null, () -> slack.postMessage(channelId, BlockKitMessages.driftDetected(drift, mode)));
    }

    @Override
    public void grantExpiringSoon(AllowlistRequest request) {
        deliver("renewal reminder", request.id(), () -> {
            Optional<MessageRef> card = cards.card(request.id()).filter(ref -> ref.channel().equals(channelId));
            MessageRef posted = slack.postMessage(channelId, BlockKitMessages.renewReminder(request),
                    card.map(MessageRef::ts).orElse(null));
            cards.saveReminder(request.id(), posted);
        });
        tellRequester(request, BlockKitMessages.expiryNotice(request));
    }

    @Override
    public void staleEntries(List<String> targets, boolean removed) {
        deliver("stale entries", null, () -> slack.postMessage(channelId, BlockKitMessages.staleEntries(targets, removed)));
    }

    @Override
    public void studioDomainNoncompliant(String domainId, String reason) {
        deliver("studio domain noncompliant", null,
                () -> slack.postMessage(channelId, BlockKitMessages.studioDomainNoncompliant(domainId, reason)));
    }

    @Override
    public void networkPostureNoncompliant(String resourceId, String reason) {
        deliver("network posture noncompliant", null,
                () -> slack.postMessage(channelId, BlockKitMessages.networkPostureNoncompliant(resourceId, reason)));
    }

    @Override
    public void reconcileFailed(String message) {
        deliver("reconcile failed", null, () -> slack.postMessage(channelId, BlockKitMessages.reconcileFailed(message)));
    }

    // ---- steps --------------------------------------------------------------------------------------

    /** Updates the request's card, or posts one (and records where) when it has none yet. */
    private void showCard(AllowlistRequest request, MessageRef shownAt) {
        showCard(request, shownAt, List.of());
    }

    private void showCard(AllowlistRequest request, MessageRef shownAt, List<CapacityWarning> warnings) {
        showCard(request, shownAt, CapacityNotes.on(BlockKitMessages.card(request, quorum), warnings));
    }

    private void showCard(AllowlistRequest request, MessageRef shownAt, SlackMessage card) {
        Optional<MessageRef> known = cards.card(request.id()).or(() -> Optional.ofNullable(shownAt));
        if (known.isPresent()) {
            slack.update(known.get(), card);
            return;
        }
        MessageRef posted = slack.postMessage(channelId, card);
        if (!cards.saveCard(request.id(), posted)) {
            // Another delivery posted a card meanwhile; keep the first one and bring it up to date.
            cards.card(request.id()).ifPresent(first -> slack.update(first, card));
        }
    }

    /** A grant that ended (expired, revoked): its latest renewal reminder, if any, loses its Renew button. */
    private void closeReminder(AllowlistRequest request) {
        if (request.status() != RequestStatus.EXPIRED && request.status() != RequestStatus.REVOKED) {
            return;
        }
        deliver("renewal reminder", request.id(), () -> cards.reminder(request.id())
                .ifPresent(reminder -> slack.update(reminder, BlockKitMessages.renewalClosed(request))));
    }

    private void updateCardIfKnown(AllowlistRequest request) {
        cards.card(request.id()).ifPresent(ref -> slack.update(ref, BlockKitMessages.card(request, quorum)));
    }

    private void tellRequester(AllowlistRequest request, SlackMessage message) {
        Optional<String> user = request.requester().slack();
        if (user.isEmpty()) {
            log.info("Requester has no Slack identity; not told in Slack", "requestId", request.id());
            return;
        }
        deliver("requester message", request.id(), () -> slack.postMessage(user.get(), message));
    }

    private void deliver(String what, RequestId requestId, Runnable step) {
        try {
            step.run();
        } catch (SlackException e) {
            log.warn("Slack notification not delivered", "what", what, "requestId", requestId, "method", e.method(),
                    "error", e.error());
        } catch (RuntimeException e) {
            log.warn("Slack notification not delivered", "what", what, "requestId", requestId,
                    "exception", e.getClass().getSimpleName());
        }
    }
}
