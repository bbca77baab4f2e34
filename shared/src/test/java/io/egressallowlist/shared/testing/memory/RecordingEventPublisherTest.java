package io.egressallowlist.shared.testing.memory;

import io.egressallowlist.shared.events.EventPublisher;
import io.egressallowlist.shared.events.EventPublisherContract;
import io.egressallowlist.shared.events.EventTypes;

import java.util.List;

class RecordingEventPublisherTest extends EventPublisherContract {

    private final RecordingEventPublisher publisher = new RecordingEventPublisher();

    @Override
    protected EventPublisher publisher() {
        return publisher;
    }

    @Override
    protected EventPublisher publisherTheBusRefuses() {
        publisher.failing = true;
        return publisher;
    }

    @Override
    protected List<Received> received() {
        return publisher.published().stream().map(event -> new Received(EventTypes.SOURCE, event.detailType(),
                RecordingEventPublisher.asReceived(event))).toList();
    }
}
