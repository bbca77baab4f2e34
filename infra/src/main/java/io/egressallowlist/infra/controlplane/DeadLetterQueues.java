package io.egressallowlist.infra.controlplane;

import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/** Dead-letter queues: encrypted, TLS only, and holding failures for the longest time SQS allows. */
final class DeadLetterQueues {

    private DeadLetterQueues() {
    }

    /**
     * SQS-managed encryption rather than a KMS key: EventBridge can deliver to it without a key policy
     * naming events.amazonaws.com, and the messages hold event ids, never secrets.
     */
    static Queue create(Construct scope, String id) {
        return Queue.Builder.create(scope, id)
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
    }
}
