package io.egressallowlist.shared.slack;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.shared.domain.Attribution;
import io.egressallowlist.shared.domain.BlockedDomain;
import io.egressallowlist.shared.domain.BlockedHost;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.SlackUserId;
import io.egressallowlist.shared.notify.BlockedDigest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The digests of blocked attempts: exact text, escaping of whatever a log record carried, and Slack's limits. */
class BlockedDigestMessagesTest {

    private static final Instant SINCE = Instant.parse("2026-11-20T09:00:00Z");
    private static final Instant LAST = Instant.parse("2026-11-20T09:30:00Z");
    private static final String LAST_SHOWN = "<!date^1795167000^{date_short_pretty} {time}|2026-11-20 09:30 UTC>";
    private static final BlockedDigest.Recipient ALICE = new BlockedDigest.Person(
            new Attribution.UserProfile("d-abc123", "alice", Attribution.Evidence.INTERFACE_TAGS),
            new SlackUserId("U0ALICE0001"));

    private static BlockedDomain line(String host, long count) {
        BlockedHost blocked = BlockedHost.of(host).orElseThrow();
        return new BlockedDomain(blocked, blocked.name().map(name -> DomainName.of(name.target())), count, SINCE, LAST,
                false, Optional.empty(), 1);
    }

    private static BlockedDigest digest(BlockedDigest.Recipient to, BlockedDomain... lines) {
        return new BlockedDigest(to, List.of(lines), SINCE, LAST);
    }

    private static JsonNode lineBlock(SlackMessage message, int index) {
        return message.blocks().get(2 + index);
    }

    @Test
    void aPersonSeesEachHostWithItsCountLastSeenAndARequestButtonForTheSuggestion() {
        BlockedHost host = BlockedHost.of("cdn-lfs.hf.co").orElseThrow();
        BlockedDomain line = new BlockedDomain(host, Optional.of(DomainName.of(".hf.co")), 3, SINCE, LAST, false,
                Optional.empty(), 1);

        SlackMessage message = BlockedDigestMessages.of(digest(ALICE, line));

        assertThat(message.blocks().get(0).path("text").path("text").asText()).isEqualTo("Blocked by the egress firewall");
        JsonNode block = lineBlock(message, 0);
        assertThat(block.path("text").path("text").asText())
                .isEqualTo("`cdn-lfs.hf.co` · 3 attempts · last seen " + LAST_SHOWN + "\nSuggested entry: `.hf.co`");
        assertThat(block.path("accessory").path("action_id").asText()).isEqualTo(ActionIds.REQUEST_BLOCKED);
        assertThat(block.path("accessory").path("value").asText()).isEqualTo(".hf.co");
        assertThat(block.path("accessory").path("text").path("text").asText()).isEqualTo("Request");
        assertThat(message.text()).isEqualTo("The egress firewall refused 1 host for your Studio apps: cdn-lfs.hf.co.");
    }

    @Test
    void theAnswerToEgressBlockedHasTheDigestsLinesAndRequestButtonsAndEveryonesHasNoButton() {
        BlockedDomain line = line("cdn-lfs.hf.co", 3);
        BlockedDomain markup = line("<!channel>", 1);

        SlackMessage mine = BlockedDigestMessages.forCommand(List.of(line, markup), SINCE, false);
        SlackMessage everyone = BlockedDigestMessages.forCommand(List.of(line, markup), SINCE, true);

        assertThat(mine.blocks().get(1).path("text").path("text").asText()).isEqualTo(BlockedDigestMessages.personLine(line));
        assertThat(mine.blocks().get(1).path("accessory").path("action_id").asText()).isEqualTo(ActionIds.REQUEST_BLOCKED);
        assertThat(mine.blocks().get(1).path("accessory").path("value").asText()).isEqualTo("cdn-lfs.hf.co");
        assertThat(mine.blocks().toString() + mine.text()).doesNotContain("<!channel>");
        assertThat(everyone.blocks().get(1).path("text").path("text").asText())
                .isEqualTo(BlockedDigestMessages.approverLine(line));
        assertThat(everyone.blocks().toString()).doesNotContain("accessory", "<!channel>");
        assertThat(BlockedDigestMessages.forCommand(List.of(), SINCE, false).text())
                .isEqualTo("Blocked by the egress firewall: 0 hosts.");
    }

    @Test
    void aHostAllowedNowOrAlreadyRequestedHasNoButton() {
        BlockedHost host = BlockedHost.of("pypi.org").orElseThrow();
        BlockedDomain allowed = new BlockedDomain(host, Optional.of(DomainName.of("pypi.org")), 1, SINCE, LAST, true,
                Optional.empty(), 1);
        BlockedDomain open = new BlockedDomain(host, Optional.of(DomainName.of("pypi.org")), 2, SINCE, LAST, false,
                Optional.of(new RequestId("01JD8X3Q4T5V6W7X8Y9Z0ABCDE")), 1);

        SlackMessage message = BlockedDigestMessages.of(digest(ALICE, allowed, open));

        assertThat(lineBlock(message, 0).path("text").path("text").asText())
                .isEqualTo("`pypi.org` · 1 attempt · last seen " + LAST_SHOWN + "\n:white_check_mark: Allowed now; try again.");
        assertThat(lineBlock(message, 1).path("text").path("text").asText()).isEqualTo("`pypi.org` · 2 attempts · last seen "
                + LAST_SHOWN + "\n:hourglass_flowing_sand: Request `01JD8X3Q4T5V6W7X8Y9Z0ABCDE` is open.");
        assertThat(lineBlock(message, 0).has("accessory")).isFalse();
        assertThat(lineBlock(message, 1).has("accessory")).isFalse();
    }

    static Stream<Arguments> markup() {
        return Stream.of(
                Arguments.of("<!channel>", "`&lt;!channel&gt;`"),
                Arguments.of("*x*", "`*x*`"),
                Arguments.of("<script>alert(1)</script>", "`&lt;script&gt;alert(1)&lt;/script&gt;`"),
                Arguments.of("a&b.example", "`a&amp;b.example`"),
                Arguments.of("<@U0BOB000001>", "`&lt;@U0BOB000001&gt;`"),
                Arguments.of("<https://evil.example|click>", "`&lt;https://evil.example|click&gt;`"),
                Arguments.of("x`<!here>`y", "`x'&lt;!here&gt;'y`"),
                Arguments.of("bücher\u202e.example", "`b?cher?.example`"));
    }

    @ParameterizedTest
    @MethodSource("markup")
    void whateverTheLogRecordNamedIsShownEscapedAsTextWithNothingToRequest(String sni, String shown) {
        SlackMessage message = BlockedDigestMessages.of(digest(ALICE, line(sni, 1)));

        assertThat(lineBlock(message, 0).path("text").path("text").asText())
                .isEqualTo(shown + " · 1 attempt · last seen " + LAST_SHOWN + "\nNot a name that can be requested.");
        assertThat(lineBlock(message, 0).has("accessory")).isFalse();
        String all = message.blocks().toString() + message.text();
        assertThat(all).doesNotContain("<!channel>", "<!here>", "<@U0BOB", "<script>", "<https://evil");
    }

    @Test
    void aNonAsciiNameIsShownWithQuestionMarksAndItsPunycodeFormCanBeRequested() {
        SlackMessage message = BlockedDigestMessages.of(digest(ALICE, line("Bücher.Example", 2),
                line("xn--bcher-kva.de", 1)));

        assertThat(lineBlock(message, 0).path("text").path("text").asText())
                .isEqualTo("`B?cher.Example` · 2 attempts · last seen " + LAST_SHOWN + "\nNot a name that can be requested.");
        assertThat(lineBlock(message, 0).has("accessory")).isFalse();
        assertThat(lineBlock(message, 1).path("text").path("text").asText())
                .isEqualTo("`xn--bcher-kva.de` · 1 attempt · last seen " + LAST_SHOWN);
        assertThat(lineBlock(message, 1).path("accessory").path("value").asText()).isEqualTo("xn--bcher-kva.de");
    }

    @Test
    void aVeryLongHostIsCutBetweenEntitiesWithinItsCodeSpan() {
        SlackMessage message = BlockedDigestMessages.of(digest(ALICE, line("&".repeat(400), 1)));

        assertThat(lineBlock(message, 0).path("text").path("text").asText()).isEqualTo("`" + "&amp;".repeat(59) + "…`"
                + " · 1 attempt · last seen " + LAST_SHOWN + "\nNot a name that can be requested.");
    }

    @Test
    void atMostTwentyHostsAreListedThenHowManyMoreWithinSlacksLimits() {
        List<BlockedDomain> lines = new ArrayList<>();
        IntStream.range(0, 500).forEach(i -> lines.add(line("host-" + i + "-" + "a".repeat(60) + ".example.com", i + 1)));
        lines.add(line("&<>".repeat(86), 1));

        for (BlockedDigest.Recipient to : List.of(ALICE, new BlockedDigest.ApprovalsChannel())) {
            SlackMessage message = BlockedDigestMessages.of(new BlockedDigest(to, lines, SINCE, LAST));

            JsonNode blocks = message.blocks();
            assertThat(blocks.size()).isEqualTo(1 + 1 + BlockedDigestMessages.SHOWN + 1).isLessThanOrEqualTo(50);
            assertThat(blocks.get(blocks.size() - 1).path("elements").get(0).path("text").asText())
                    .isEqualTo("…and 481 more; `egress blocked` lists them all.");
            assertThat(blocks.get(0).path("text").path("text").asText().length()).isLessThanOrEqualTo(150);
            for (JsonNode block : blocks) {
                assertThat(block.path("text").path("text").asText().length()).isLessThanOrEqualTo(3_000);
                assertThat(block.path("accessory").path("value").asText().length()).isLessThanOrEqualTo(2_000);
            }
            assertThat(message.text().length()).isLessThan(400);
        }
    }

    @Test
    void theApprovalsChannelGetsTheCountOfPeopleTheSuggestionAndNoButton() {
        BlockedHost host = BlockedHost.of("objects.githubusercontent.com").orElseThrow();
        BlockedDomain line = new BlockedDomain(host, Optional.of(DomainName.of("objects.githubusercontent.com")), 12,
                SINCE, LAST, false, Optional.empty(), 3);

        SlackMessage message = BlockedDigestMessages.of(digest(new BlockedDigest.ApprovalsChannel(), line,
                line("<!channel>", 1)));

        assertThat(message.blocks().get(0).path("text").path("text").asText())
                .isEqualTo("Blocked attempts nobody was told about");
        assertThat(lineBlock(message, 0).path("text").path("text").asText()).isEqualTo("`objects.githubusercontent.com`"
                + " · 12 attempts · last seen " + LAST_SHOWN + " · 3 people\nSuggested entry: `objects.githubusercontent.com`");
        assertThat(new SlackMessage(message.text(), message.blocks()).withoutButtons().blocks())
                .isEqualTo(message.blocks());
        assertThat(message.blocks().toString()).doesNotContain("\"accessory\"", ActionIds.REQUEST_BLOCKED);
        assertThat(message.text()).isEqualTo("Blocked attempts nobody was told about: objects.githubusercontent.com,"
                + " &lt;!channel&gt;.");
    }
}
