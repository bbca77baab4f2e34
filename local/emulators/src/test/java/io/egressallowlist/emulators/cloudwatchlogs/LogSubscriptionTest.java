package io.egressallowlist.emulators.cloudwatchlogs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.egressallowlist.emulators.junit.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogSubscriptionTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> received = new ArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-15T10:00:00Z"));
    private final LogSubscription subscription = new LogSubscription(new LogSubscription.Settings("123456789012",
            "/aws/network-firewall/fw/alert", "fw_alert_us-east-1a", "alert-ingest", 4), received::add, clock);

    @Test
    void eventsArriveAsTheLambdaEventOfASubscriptionFilter() throws Exception {
        subscription.deliver(List.of("{\"a\":1}", "{\"b\":2}"));

        assertThat(received).hasSize(1);
        JsonNode event = JSON.readTree(received.get(0));
        assertThat(event.fieldNames()).toIterable().containsExactly("awslogs");
        assertThat(event.path("awslogs").fieldNames()).toIterable().containsExactly("data");
        JsonNode data = LogSubscription.decode(received.get(0));
        assertThat(data.path("messageType").asText()).isEqualTo("DATA_MESSAGE");
        assertThat(data.path("owner").asText()).isEqualTo("123456789012");
        assertThat(data.path("logGroup").asText()).isEqualTo("/aws/network-firewall/fw/alert");
        assertThat(data.path("logStream").asText()).isEqualTo("fw_alert_us-east-1a");
        assertThat(data.path("subscriptionFilters")).extracting(JsonNode::asText).containsExactly("alert-ingest");
        assertThat(data.path("logEvents")).extracting(e -> e.path("message").asText())
                .containsExactly("{\"a\":1}", "{\"b\":2}");
        assertThat(data.path("logEvents").get(0).path("timestamp").asLong()).isEqualTo(clock.millis());
    }

    @Test
    void manyEventsArriveInBatchesWithIdsOf56DigitsNeverReused() {
        subscription.deliver(IntStream.range(0, 10).mapToObj(i -> "m" + i).toList());
        subscription.deliver(List.of("again"));

        assertThat(received).hasSize(4);
        List<String> ids = received.stream().map(LogSubscription::decode)
                .flatMap(data -> StreamSupport.stream(data.path("logEvents").spliterator(), false))
                .map(e -> e.path("id").asText()).toList();
        assertThat(ids).hasSize(11).doesNotHaveDuplicates().allMatch(id -> id.matches("\\d{56}"));
        assertThat(LogSubscription.decode(received.get(0)).path("logEvents")).hasSize(4);
    }

    @Test
    void aRedeliveredBatchIsTheSameEventWithTheSameIds() {
        subscription.deliver(List.of("x", "y"));

        subscription.redeliverLast();

        assertThat(received).hasSize(2);
        assertThat(received.get(1)).isEqualTo(received.get(0));
    }

    @Test
    void nothingToRedeliverIsRefusedAndBatchSizesAreBounded() {
        assertThatThrownBy(subscription::redeliverLast).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new LogSubscription.Settings("1", "g", "s", "f", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LogSubscription.Settings("1", "g", "s", "f", 10_001))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
