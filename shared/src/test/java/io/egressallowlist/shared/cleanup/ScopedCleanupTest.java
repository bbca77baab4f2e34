package io.egressallowlist.shared.cleanup;

import com.fasterxml.jackson.databind.JsonNode;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestRepository.Change;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.ScopeMode;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.VersionLog;
import io.egressallowlist.shared.events.EventTypes;
import io.egressallowlist.shared.reconcile.Reconciler;
import io.egressallowlist.shared.testing.memory.InMemoryRuleGroup;
import io.egressallowlist.shared.testing.memory.InMemoryVersionLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.networkfirewall.model.EnabledAnalysisType;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cleanup with scopes: expiries cover every scope's grants, and entries are judged per scope, on each scope's own
 * version log, and removed from that scope only.
 */
class ScopedCleanupTest {

    private static final List<String> BASELINE = List.of(".amazonaws.com", "pypi.org", "legacy.example.net");
    private static final ScopeName RESEARCH = ScopeName.of("research");

    private CleanupFixture fixture;
    private final InMemoryVersionLog researchLog = new InMemoryVersionLog();
    private Reconciler research;

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void anEntryIsJudgedOnItsOwnScopesLogAndRemovedFromThatScopeOnly() throws IOException {
        fixture = CleanupFixture.inMemory(BASELINE, EnabledAnalysisType.TLS_SNI, EnabledAnalysisType.HTTP_HOST);
        research = new Reconciler(researchLog, fixture.requests, fixture.audit,
                InMemoryRuleGroup.withBothTargetTypes(30_000, BASELINE), fixture.clock,
                Reconciler.Settings.defaults().withScope(RESEARCH, ScopeMode.ENFORCE), d -> { }, new Random(7),
                Reconciler.NONE);
        fixture.reconciler.run();
        research.run();
        fixture.approved("unused.example.org", Optional.empty());
        fixture.reconciler.run();
        fixture.clock.advance(Duration.ofDays(35));
        AllowlistRequest researchGrant = approvedInResearch("unused.example.org");
        research.run();
        fixture.clock.advance(Duration.ofDays(10));
        fixture.traffic("s3.eu-west-1.amazonaws.com", "TLS_SNI", Duration.ofDays(2));
        fixture.traffic("pypi.org", "TLS_SNI", Duration.ofDays(3));
        AllowlistRequest defaultGrant = fixture.requests.activeFor(new FirewallTarget("unused.example.org")).get(0);
        Map<ScopeName, VersionLog> logs = new LinkedHashMap<>();
        logs.put(ScopeName.DEFAULT, fixture.versions);
        logs.put(RESEARCH, researchLog);

        CleanupReport report = fixture.cleanup(StaleAction.REMOVE, logs).run();

        assertThat(report.stale()).containsExactlyInAnyOrder("legacy.example.net", "unused.example.org",
                "research:legacy.example.net");
        assertThat(report.removedUnused()).containsExactly(defaultGrant.id().value());
        assertThat(fixture.requests.find(defaultGrant.id()).orElseThrow().status()).isEqualTo(RequestStatus.EXPIRED);
        assertThat(fixture.requests.find(researchGrant.id()).orElseThrow().status())
                .as("added to research within the window: not judged there").isEqualTo(RequestStatus.ACTIVE);
        List<JsonNode> found = fixture.published(EventTypes.STALE_ENTRIES_FOUND);
        assertThat(found).hasSize(2);
        assertThat(found).filteredOn(event -> event.path("scope").asText().equals("research")).singleElement()
                .satisfies(event -> assertThat(CleanupFixture.texts(event.path("targets")))
                        .containsExactly("legacy.example.net"));
        assertThat(fixture.audit.between(Instant.EPOCH, fixture.clock.instant().plusSeconds(1)))
                .filteredOn(event -> event.action().equals("STALE_ENTRY_FOUND")).extracting(AuditEvent::eventId)
                .anyMatch(id -> id.startsWith("stale:research:") && id.endsWith(":legacy.example.net"))
                .anyMatch(id -> id.startsWith("stale:") && !id.startsWith("stale:research:")
                        && id.endsWith(":legacy.example.net"));

        research.run();
        fixture.reconciler.run();
        assertThat(fixture.versions.head().orElseThrow().targets()).doesNotContain("unused.example.org");
        assertThat(researchLog.head().orElseThrow().targets()).contains("unused.example.org");
    }

    @Test
    void grantsOfEveryScopePastTheirExpiryAreExpiredIntoTheirOwnScope() throws IOException {
        fixture = CleanupFixture.inMemory(BASELINE, EnabledAnalysisType.TLS_SNI, EnabledAnalysisType.HTTP_HOST);
        research = new Reconciler(researchLog, fixture.requests, fixture.audit,
                InMemoryRuleGroup.withBothTargetTypes(30_000, BASELINE), fixture.clock,
                Reconciler.Settings.defaults().withScope(RESEARCH, ScopeMode.ENFORCE), d -> { }, new Random(7),
                Reconciler.NONE);
        research.run();
        AllowlistRequest grant = approvedInResearch("huggingface.co");
        research.run();
        fixture.clock.advance(Duration.ofDays(31));
        Map<ScopeName, VersionLog> logs = new LinkedHashMap<>();
        logs.put(ScopeName.DEFAULT, fixture.versions);
        logs.put(RESEARCH, researchLog);

        CleanupReport report = fixture.cleanup(StaleAction.FLAG, logs).run();

        assertThat(report.expiredGrants()).containsExactly(grant.id().value());
        assertThat(fixture.requests.withIntent(RESEARCH)).extracting(AllowlistRequest::id).containsExactly(grant.id());
        assertThat(fixture.requests.withIntent(ScopeName.DEFAULT)).isEmpty();
        assertThat(fixture.published(EventTypes.GRANT_EXPIRED)).singleElement()
                .satisfies(event -> assertThat(event.path("scope").asText()).isEqualTo("research"));
        research.run();
        assertThat(researchLog.head().orElseThrow().targets()).doesNotContain("huggingface.co");
    }

    /** A research grant of 30 days, stored and approved with an ADD intent, as the request use cases leave it. */
    private AllowlistRequest approvedInResearch(String target) {
        AllowlistRequest request = AllowlistRequest.newDomainRequest(
                new RequestId("01RSC" + String.format("%021d", System.nanoTime() % 1_000_000_000_000L)),
                new FirewallTarget(target), Requester.of("arn:aws:iam::123456789012:user/researcher"), "needed",
                Duration.ofDays(30), fixture.clock.instant(), Duration.ofDays(7), false, null).inScope(RESEARCH);
        fixture.requests.create(request);
        fixture.clock.advance(Duration.ofMillis(1));
        fixture.requests.change(request.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.APPROVED,
                fixture.clock.instant()).decidedBy("U0APPROVE1").intent(Intent.ADD));
        return request;
    }
}
