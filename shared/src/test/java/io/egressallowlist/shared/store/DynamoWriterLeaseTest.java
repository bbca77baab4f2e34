package io.egressallowlist.shared.store;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.domain.WriterLease;
import io.egressallowlist.shared.domain.WriterLeaseContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The writer lease contract on dynalite, and that the lease item stays out of the version log it guards. */
@ExtendWith(DynaliteExtension.class)
class DynamoWriterLeaseTest extends WriterLeaseContract {

    private StoreFixture fixture;
    private DynamoWriterLease lease;

    @BeforeEach
    void setUp(DynamoDbClient dynamo) {
        fixture = new StoreFixture(dynamo);
        lease = new DynamoWriterLease(dynamo, fixture.tables.versions(), "allowlist");
    }

    @Override
    protected WriterLease newLease() {
        return lease;
    }

    @Test
    void theLeaseItemIsNoVersionOfTheLogItGuards() {
        lease.claim("run-a", NOW, NOW.plusSeconds(60));
        assertThat(fixture.versions.head()).isEmpty();
        assertThat(fixture.versions.list(null, 10)).isEmpty();

        fixture.versions.append(AllowlistVersion.create(1, null, List.of("a.example.com"), VersionCause.baseline(),
                "x", NOW));

        assertThat(fixture.versions.head().orElseThrow().number()).isEqualTo(1);
        assertThat(fixture.versions.list(null, 10)).hasSize(1);
    }
}
