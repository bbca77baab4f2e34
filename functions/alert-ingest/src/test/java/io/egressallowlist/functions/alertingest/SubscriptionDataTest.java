package io.egressallowlist.functions.alertingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubscriptionDataTest {

    private final SubscriptionData data = new SubscriptionData(new ObjectMapper(), 1024 * 1024);

    @Test
    void aDataMessageYieldsItsEventsWithTheirIds() throws Exception {
        SubscriptionData.Batch batch = data.decode(AwsLogs.encode(AwsLogs.dataMessage("""
                [{"id":"3611","timestamp":1700000000123,"message":"{}"},{"id":"3612","timestamp":1700000000456,"message":"x"}]""")
                .getBytes(StandardCharsets.UTF_8)));

        assertThat(batch.isControlMessage()).isFalse();
        assertThat(batch.logGroup()).isEqualTo("/egress/firewall/alert");
        assertThat(batch.events()).containsExactly(new SubscriptionData.LogEvent("3611", 1700000000123L, "{}"),
                new SubscriptionData.LogEvent("3612", 1700000000456L, "x"));
    }

    @Test
    void aControlMessageIsRecognised() throws Exception {
        assertThat(data.decode(AwsLogs.encode(AwsLogs.controlMessage().getBytes(StandardCharsets.UTF_8)))
                .isControlMessage()).isTrue();
    }

    @Test
    void aGzipBombIsRefusedBeforeItIsInflated() {
        byte[] zeros = new byte[4 * 1024 * 1024];
        String bomb = Base64.getEncoder().encodeToString(AwsLogs.gzip(zeros));
        assertThat(bomb.length()).isLessThan(16 * 1024);

        assertThatThrownBy(() -> data.decode(bomb))
                .isInstanceOf(SubscriptionData.UnreadableData.class)
                .hasMessageContaining("inflates beyond 1048576 bytes");
    }

    @Test
    void aTruncatedGzipIsRefused() {
        byte[] gzip = AwsLogs.gzip(AwsLogs.dataMessage("[]").getBytes(StandardCharsets.UTF_8));
        String truncated = Base64.getEncoder().encodeToString(Arrays.copyOf(gzip, gzip.length / 2));

        assertThatThrownBy(() -> data.decode(truncated))
                .isInstanceOf(SubscriptionData.UnreadableData.class)
                .hasMessageContaining("not gzip (or is truncated)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "%%%not base64%%%", "bm90IGd6aXA="})
    void dataThatIsNotBase64GzipIsRefused(String payload) {
        assertThatThrownBy(() -> data.decode(payload)).isInstanceOf(SubscriptionData.UnreadableData.class)
                .hasMessageStartingWith("awslogs.data is");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[1,2]", "{\"logEvents\":[]}", "{\"messageType\":3}"})
    void gzipOfSomethingElseIsRefused(String plain) {
        String payload = AwsLogs.encode(plain.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> data.decode(payload)).isInstanceOf(SubscriptionData.UnreadableData.class);
    }

    @Test
    void anEventWithoutAnIdOrMessageIsKeptEmptyForTheCallerToCount() throws Exception {
        SubscriptionData.Batch batch = data.decode(AwsLogs.encode(AwsLogs.dataMessage("""
                [{"timestamp":1,"message":"{}"},{"id":"7"}]""").getBytes(StandardCharsets.UTF_8)));

        assertThat(batch.events()).extracting(SubscriptionData.LogEvent::message).containsOnlyNulls();
    }
}
