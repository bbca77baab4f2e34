package io.egressallowlist.shared.slack;

import java.util.Objects;

/** Where a message is: its channel and its {@code ts}, which {@code chat.update} needs. */
public record MessageRef(String channel, String ts) {
    public MessageRef {
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(ts, "ts");
    }
}
