package io.egressallowlist.shared.reconcile;

import io.egressallowlist.emulators.dynalite.Dynalite;
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

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reconciler's process is killed (halted, as Lambda kills a timed-out or crashed environment) at
 * every step boundary; a run in another process then converges with no duplicate or skipped version,
 * no lost approval and no request left APPLYING.
 */
@ExtendWith(DynaliteExtension.class)
class ReconcilerKilledProcessTest {

    private ReconcilerFixture fixture;
    private Dynalite dynalite;

    @BeforeEach
    void setUp(Dynalite dynalite, DynamoDbClient dynamo) throws IOException {
        this.dynalite = dynalite;
        fixture = new ReconcilerFixture(dynamo, 30_000, List.of("pypi.org"));
        fixture.reconciler().run();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @ParameterizedTest
    @EnumSource(ReconcileStep.class)
    void aProcessKilledAtThisStepIsCompletedByTheNextRun(ReconcileStep killAt) throws Exception {
        List<AllowlistRequest> approved = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            approved.add(fixture.approved("killed" + i + ".example.com"));
        }

        int exit = runInChildProcess(killAt);
        fixture.reconciler().run();
        fixture.reconciler().run();

        assertThat(exit).as("the child process died at " + killAt).isEqualTo(CrashingReconcilerMain.KILLED);
        assertThat(fixture.versions.list(null, 10)).extracting(VersionSummary::number).containsExactly(2L, 1L);
        assertThat(fixture.versions.head().orElseThrow().isApplied()).isTrue();
        assertThat(fixture.liveTargets()).hasSize(6);
        for (AllowlistRequest request : approved) {
            AllowlistRequest now = fixture.requests.find(request.id()).orElseThrow();
            assertThat(now.status()).isEqualTo(RequestStatus.ACTIVE);
            assertThat(now.version()).isEqualTo(new VersionNumber(2));
            assertThat(fixture.audit.forRequest(request.id())).extracting(AuditEvent::action)
                    .containsExactly("REQUEST_ACTIVATED");
        }
    }

    private int runInChildProcess(ReconcileStep killAt) throws IOException, InterruptedException {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                CrashingReconcilerMain.class.getName(),
                dynalite.endpoint().toString(), fixture.server.endpoint().toString(),
                fixture.tables.requests(), fixture.tables.versions(), fixture.tables.audit(),
                ReconcilerFixture.RULE_GROUP, fixture.ruleGroupArn, killAt.name())
                .redirectErrorStream(true)
                .redirectOutput(new File(System.getProperty("java.io.tmpdir"), "crashing-reconciler.log"))
                .start();
        if (!child.waitFor(60, TimeUnit.SECONDS)) {
            child.destroyForcibly();
            throw new AssertionError("the child reconciler did not finish within 60 s");
        }
        return child.exitValue();
    }
}
