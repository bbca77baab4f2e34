package io.egressallowlist.shared.notify;

import java.util.Objects;

/** Where a posted message is: its channel and its {@code ts}, which Slack's {@code chat.update} needs. */
public record MessageRef(String channel, String ts) {
    public MessageRef {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(ts, "ts");
    }
}
