package io.egressallowlist.shared.reconcile;

import io.egressallowlist.emulators.junit.DynaliteExtension;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.VersionLog.VersionSummary;
import io.egressallowlist.shared.domain.VersionNumber;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A run stopped at every step boundary is completed by the next run, with nothing duplicated or lost. */
@ExtendWith(DynaliteExtension.class)
class ReconcilerCrashTest {

    private ReconcilerFixture fixture;

    @BeforeEach
    void setUp(DynamoDbClient dynamo) throws IOException {
        fixture = new ReconcilerFixture(dynamo, 30_000, List.of("pypi.org"));
        fixture.reconciler().run();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(ReconcileStep.class)
    void aRunStoppedAtThisStepIsCompletedByTheNextRun(ReconcileStep crashAt) {
        List<AllowlistRequest> approved = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            approved.add(fixture.approved("host" + i + ".example.com"));
        }

        assertThatThrownBy(() -> fixture.reconciler(Reconciler.Settings.defaults(), step -> {
            if (step == crashAt) {
                throw new IllegalStateException("process killed at " + step);
            }
        }).run()).hasMessageContaining("process killed");
        fixture.reconciler().run();
        fixture.reconciler().run();

        assertThat(fixture.versions.list(null, 10)).extracting(VersionSummary::number).containsExactly(2L, 1L);
        assertThat(fixture.versions.head().orElseThrow().isApplied()).isTrue();
        assertThat(fixture.liveTargets()).containsExactlyInAnyOrderElementsOf(fixture.versions.head().orElseThrow().targets());
        assertThat(fixture.liveTargets()).hasSize(6);
        assertThat(fixture.firewall.successfulUpdates(ReconcilerFixture.RULE_GROUP)).isEqualTo(1);
        for (AllowlistRequest request : approved) {
            AllowlistRequest now = fixture.requests.find(request.id()).orElseThrow();
            assertThat(now.status()).isEqualTo(RequestStatus.ACTIVE);
            assertThat(now.version()).isEqualTo(new VersionNumber(2));
            assertThat(fixture.audit.forRequest(request.id())).extracting(AuditEvent::action)
                    .containsExactly("REQUEST_ACTIVATED");
        }
        assertThat(fixture.audit.forVersion(new VersionNumber(2))).extracting(AuditEvent::action)
                .containsExactlyInAnyOrder("VERSION_CREATED", "VERSION_APPLIED");
    }
}
