package io.egressallowlist.shared.notify;

import io.egressallowlist.shared.domain.RequestId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link MessageRefs} promises to the notifier: a card is recorded once per request, the first
 * record stays, and a request without one has none. Run against the in-memory refs and the DynamoDB ones. A
 * subclass supplies empty refs per test.
 */
public abstract class MessageRefsContract {

    private static final RequestId REQUEST = new RequestId("01TEST0000000000000000C00A");
    private static final RequestId OTHER = new RequestId("01TEST0000000000000000C00B");
    private static final MessageRef CARD = new MessageRef("C0APPROVALS1", "1700000000.000100");

    /** Refs with no card recorded yet. */
    protected abstract MessageRefs newRefs();

    private MessageRefs refs;

    private MessageRefs refs() {
        if (refs == null) {
            refs = newRefs();
        }
        return refs;
    }

    @Test
    void theLatestReminderIsKeptApartFromTheCardAndReplacesAnEarlierOne() {
        MessageRef first = new MessageRef("C0APPROVALS1", "1700000003.000400");
        MessageRef latest = new MessageRef("C0APPROVALS1", "1700000004.000500");
        assertThat(refs().reminder(REQUEST)).isEmpty();

        refs().saveCard(REQUEST, CARD);
        refs().saveReminder(REQUEST, first);
        refs().saveReminder(REQUEST, latest);

        assertThat(refs().reminder(REQUEST)).contains(latest);
        assertThat(refs().card(REQUEST)).contains(CARD);
        assertThat(refs().reminder(OTHER)).isEmpty();
    }

    @Test
    void aRequestWithoutACardHasNone() {
        assertThat(refs().card(REQUEST)).isEmpty();
    }

    @Test
    void aSavedCardIsReadBack() {
        assertThat(refs().saveCard(REQUEST, CARD)).isTrue();

        assertThat(refs().card(REQUEST)).contains(CARD);
    }

    @Test
    void theFirstCardStaysWhenASecondIsSaved() {
        refs().saveCard(REQUEST, CARD);

        assertThat(refs().saveCard(REQUEST, new MessageRef("C0APPROVALS1", "1700000001.000200"))).isFalse();

        assertThat(refs().card(REQUEST)).contains(CARD);
    }

    @Test
    void theSameCardSavedAgainIsNotRecordedTwice() {
        refs().saveCard(REQUEST, CARD);

        assertThat(refs().saveCard(REQUEST, CARD)).isFalse();
        assertThat(refs().card(REQUEST)).contains(CARD);
    }

    @Test
    void eachRequestKeepsItsOwnCard() {
        MessageRef other = new MessageRef("C0OTHERCHAN1", "1700000002.000300");

        assertThat(refs().saveCard(REQUEST, CARD)).isTrue();
        assertThat(refs().saveCard(OTHER, other)).as("another request's card is not a second card").isTrue();

        assertThat(refs().card(REQUEST)).contains(CARD);
        assertThat(refs().card(OTHER)).contains(other);
    }

    /** Two deliveries of the same request that post at once: one card is recorded, and both read that one. */
    @Test
    void ofCardsSavedAtOnceExactlyOneIsRecorded() throws Exception {
        int writers = 6;
        MessageRefs shared = refs();
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Boolean>> saves = new ArrayList<>();
        List<MessageRef> cards = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            MessageRef card = new MessageRef("C0APPROVALS1", "170000000" + i + ".000100");
            cards.add(card);
            saves.add(() -> {
                start.await();
                return shared.saveCard(REQUEST, card);
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            saves.forEach(save -> results.add(pool.submit(save)));
            start.countDown();
            List<MessageRef> recorded = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                if (results.get(i).get()) {
                    recorded.add(cards.get(i));
                }
            }

            assertThat(recorded).hasSize(1);
            assertThat(shared.card(REQUEST)).contains(recorded.get(0));
        } finally {
            pool.shutdownNow();
        }
    }
}
