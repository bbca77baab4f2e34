package io.egressallowlist.shared.slack;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.events.AllowlistEvent;
import io.egressallowlist.shared.events.EventTypes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A request to switch a scope's mode is named as such on its card, in its event and to its requester. */
class ModeRequestCardTest {

    private static final AllowlistRequest SWITCH = AllowlistRequest.newModeRequest(
            new RequestId("01M7W6C380QH2S2JRJ7VNBS20D"), ScopeName.of("research"), ScopeMode.ENFORCE,
            new Requester("slack:U0RITA0001", "U0RITA0001", null), "learnt <enough> & more",
            Instant.parse("2026-11-20T10:00:00Z"), Duration.ofDays(7), null);

    @Test
    void theCardNamesTheSwitchAndWhatApprovingDoes() {
        SlackMessage card = BlockKitMessages.pendingCard(SWITCH, 2);

        String blocks = card.blocks().toString();
        assertThat(blocks).contains("Mode request: switch research to enforce")
                .contains("*Switches*\\n`research` to enforce")
                .contains("Scope research will block what its list does not hold.")
                .contains("learnt &lt;enough&gt; &amp; more")
                .doesNotContain("*Domain*");
        assertThat(card.text()).startsWith("Mode request to switch research to enforce by U0RITA0001");
    }

    @Test
    void theRequesterIsToldWhatBecameOfTheSwitch() {
        AllowlistRequest denied = new AllowlistRequest(SWITCH.id(), SWITCH.kind(), null, null, SWITCH.requester(),
                SWITCH.justification(), RequestStatus.DENIED, null, SWITCH.createdAt(), SWITCH.createdAt(),
                SWITCH.pendingUntil(), null, SWITCH.approvals(), "slack:U0RESAPP01", null, null, null, null,
                SWITCH.scope(), SWITCH.mode());

        assertThat(BlockKitMessages.requesterOutcome(denied).text()).contains("switch research to enforce was denied");
    }

    @Test
    void theEventCarriesTheModeAskedForInsteadOfATarget() {
        var detail = AllowlistEvent.RequestChanged.of(EventTypes.REQUEST_SUBMITTED, SWITCH).detail();

        assertThat(detail).containsEntry("kind", "MODE").containsEntry("mode", "enforce")
                .doesNotContainKeys("target", "rollbackTo");
    }
}
