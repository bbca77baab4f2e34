package io.egressallowlist.shared.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What {@link AuditTrail#query} promises, run by {@link AuditTrailContract} against every trail: filters, the time
 * range, oldest first, and paging that never skips or repeats a record, however many share a second or a time key.
 */
public abstract class AuditQueryContract {

    private static final Instant NOW = Instant.parse("2026-11-20T23:59:00Z");

    /** The trail under test, fresh for each test. */
    protected abstract AuditTrail trail();

    private static RequestId request(int n) {
        return new RequestId(String.format("01TEST%020d", n));
    }

    private static AuditEvent event(String id, Instant at, String actor, String action, RequestId requestId) {
        return new AuditEvent(id, at, actor, action, Channel.API, null, requestId, null, Map.of("n", id));
    }

    /** Every page of {@code query}, followed to the end, at most 1,000 pages. */
    private List<AuditEvent> all(AuditQuery query) {
        List<AuditEvent> events = new ArrayList<>();
        AuditPage page = trail().query(query);
        for (int pages = 1; ; pages++) {
            assertThat(page.items().size()).isLessThanOrEqualTo(query.limit());
            events.addAll(page.events());
            if (page.nextCursor().isEmpty()) {
                return events;
            }
            assertThat(pages).as("pages").isLessThan(1000);
            page = trail().query(query.after(page.nextCursor().get()));
        }
    }

    private static Function<AuditEvent, String> key() {
        return event -> (event.requestId() == null ? "system" : event.requestId().value()) + "/" + event.eventId();
    }

    @Test
    void pagingNeverSkipsOrRepeatsARecordEvenWhenManyShareASecondOrATimeKey() {
        Set<String> recorded = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            AuditEvent sameKey = event("CREATED", NOW, "a", "REQUEST_CREATED", request(i));
            AuditEvent sameSecond = event("fraction-" + i, NOW.plusMillis(i * 7L), "a", "TEST", request(100 + i));
            AuditEvent nextDay = event("later-" + i, NOW.plusSeconds(60 + i * 3600L), "a", "TEST", null);
            for (AuditEvent event : List.of(sameKey, sameSecond, nextDay)) {
                trail().record(event);
                recorded.add(key().apply(event));
            }
        }

        for (int limit : List.of(1, 7, 30, 500)) {
            List<AuditEvent> read = all(AuditQuery.between(NOW.minusSeconds(1), NOW.plusSeconds(40 * 3600))
                    .withLimit(limit));
            assertThat(read).extracting(key()).as("limit " + limit).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(recorded);
            assertThat(read).extracting(event -> event.at().getEpochSecond()).as("oldest first, to the second")
                    .isSorted();
        }
    }

    @Test
    void filtersKeepOnlyTheRecordsOfThatActorRequestAndAction() {
        RequestId mine = request(1);
        trail().record(event("1:CREATED", NOW, "arn:aws:iam::111111111111:user/ana", "REQUEST_CREATED", mine));
        trail().record(event("1:APPROVED", NOW.plusSeconds(1), "slack:U0APPROVER", "REQUEST_APPROVED", mine));
        trail().record(event("2:CREATED", NOW.plusSeconds(2), "arn:aws:iam::111111111111:user/ana", "REQUEST_CREATED",
                request(2)));
        trail().record(event("2:APPROVED", NOW.plusSeconds(3), "slack:U0APPROVER", "REQUEST_APPROVED", request(2)));
        AuditQuery day = AuditQuery.between(NOW.minusSeconds(60), NOW.plusSeconds(60)).withLimit(1);

        assertThat(all(day.withActor("arn:aws:iam::111111111111:user/ana"))).extracting(AuditEvent::eventId)
                .containsExactly("1:CREATED", "2:CREATED");
        assertThat(all(day.withRequest(mine))).extracting(AuditEvent::eventId)
                .containsExactly("1:CREATED", "1:APPROVED");
        assertThat(all(day.withAction("REQUEST_APPROVED"))).extracting(AuditEvent::eventId)
                .containsExactly("1:APPROVED", "2:APPROVED");
        assertThat(all(day.withAction("REQUEST_APPROVED").withRequest(mine).withActor("slack:U0APPROVER")))
                .extracting(AuditEvent::eventId).containsExactly("1:APPROVED");
        assertThat(all(day.withActor("slack:U0SOMEONE"))).isEmpty();
        assertThat(all(day.withAction("NO_SUCH_ACTION"))).isEmpty();
    }

    @Test
    void theRangeIncludesItsStartAndExcludesItsEndToTheMillisecond() {
        trail().record(event("before", NOW.minusMillis(1), "a", "TEST", null));
        trail().record(event("at-start", NOW, "a", "TEST", null));
        trail().record(event("inside", NOW.plusMillis(500), "a", "TEST", null));
        trail().record(event("at-end", NOW.plusSeconds(1), "a", "TEST", null));

        assertThat(all(AuditQuery.between(NOW, NOW.plusSeconds(1)))).extracting(AuditEvent::eventId)
                .containsExactlyInAnyOrder("at-start", "inside");
        assertThat(all(AuditQuery.between(NOW, NOW))).isEmpty();
    }

    @Test
    void aPageCarriesEveryFieldAndRecordsComeOldestFirstAcrossDays() {
        AuditEvent first = new AuditEvent("x:CREATED", NOW.minusSeconds(86_400), "arn:aws:iam::1:user/a",
                "REQUEST_CREATED", Channel.API, "10.0.0.7", request(9), new VersionNumber(4),
                Map.of("reason", "<img src=x onerror=alert(1)>", "line", "a\r\nb"));
        AuditEvent second = event("y", NOW, "b", "TEST", null);
        trail().record(second);
        trail().record(first);

        AuditPage page = trail().query(AuditQuery.between(NOW.minusSeconds(2 * 86_400), NOW.plusSeconds(1)));

        assertThat(page.events()).containsExactly(first, second);
        assertThat(page.nextCursor()).isEmpty();
    }

    @Test
    void aFullPageEndsWithACursorAndTheNextPageGoesOnFromThere() {
        for (int i = 0; i < 5; i++) {
            trail().record(event("e" + i, NOW.plusSeconds(i), "a", "TEST", null));
        }
        AuditQuery query = AuditQuery.between(NOW, NOW.plusSeconds(60)).withLimit(3);

        AuditPage first = trail().query(query);
        AuditPage second = trail().query(query.after(first.nextCursor().orElseThrow()));

        assertThat(first.events()).extracting(AuditEvent::eventId).containsExactly("e0", "e1", "e2");
        assertThat(second.events()).extracting(AuditEvent::eventId).containsExactly("e3", "e4");
        assertThat(second.nextCursor()).isEmpty();
    }

    @Test
    void aRecordWrittenWhilePagingIsReadOnALaterPage() {
        trail().record(event("e0", NOW, "a", "TEST", null));
        trail().record(event("e1", NOW.plusSeconds(1), "a", "TEST", null));
        AuditQuery query = AuditQuery.between(NOW, NOW.plusSeconds(60)).withLimit(1);
        AuditPage first = trail().query(query);

        trail().record(event("e2", NOW.plusSeconds(2), "a", "TEST", null));

        assertThat(all(query.after(first.nextCursor().orElseThrow()))).extracting(AuditEvent::eventId)
                .containsExactly("e1", "e2");
    }

    @Test
    void aCursorFromAnotherTimeRangeIsRefused() {
        trail().record(event("e0", NOW, "a", "TEST", null));
        trail().record(event("e1", NOW.plusSeconds(1), "a", "TEST", null));
        AuditQuery.Cursor cursor = trail().query(AuditQuery.between(NOW, NOW.plusSeconds(60)).withLimit(1))
                .nextCursor().orElseThrow();

        assertThatThrownBy(() -> AuditQuery.between(NOW.plusSeconds(3600), NOW.plusSeconds(7200)).after(cursor))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor");
    }

    @Test
    void aCursorReadsBackFromItsEncodedForm() {
        trail().record(event("e0:with.dots/and\nnewline", NOW, "a", "TEST", request(3)));
        trail().record(event("e1", NOW.plusSeconds(1), "a", "TEST", null));
        AuditQuery query = AuditQuery.between(NOW, NOW.plusSeconds(60)).withLimit(1);
        AuditQuery.Cursor cursor = trail().query(query).nextCursor().orElseThrow();

        AuditQuery.Cursor decoded = AuditQuery.Cursor.decode(cursor.encoded()).orElseThrow();

        assertThat(decoded).isEqualTo(cursor);
        assertThat(trail().query(query.after(decoded)).events()).extracting(AuditEvent::eventId).containsExactly("e1");
    }
}
