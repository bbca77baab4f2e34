package io.egressallowlist.functions.requestapi;

import io.egressallowlist.emulators.dynalite.Dynalite;
import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.shared.testing.PrimingCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** SnapStart priming (aws-api-notes §6) runs before the snapshot of every published version: it must change nothing. */
@ExtendWith(DynaliteExtension.class)
class PrimingTest {

    @Test
    void primingBeforeTheSnapshotCallsNoServiceAndWritesNothing(Dynalite dynalite, DynamoDbClient dynamo) throws Exception {
        PrimingCheck.assertPrimingChangesNothing(dynalite, dynamo, config ->
                PrimingCheck.Hooks.of(new RequestApiHandler(config).priming()));
    }
}
