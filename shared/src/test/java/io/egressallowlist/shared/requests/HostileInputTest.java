package io.egressallowlist.shared.requests;

import io.egressallowlist.shared.domain.AllowlistVersion;
import io.egressallowlist.shared.domain.AuditEvent;
import io.egressallowlist.shared.domain.DomainName;
import io.egressallowlist.shared.domain.PolicyParser;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.VersionCause;
import io.egressallowlist.shared.testing.memory.InMemoryAuditTrail;
import io.egressallowlist.shared.testing.memory.InMemoryRequestStore;
import io.egressallowlist.shared.testing.memory.InMemoryVersionLog;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At least 300 hostile domain inputs, each refused with a reason that names what is wrong with it, and
 * nothing stored but one rejected-attempt audit event each. Runs on the in-memory ports; that hostile text
 * survives the audit table is part of the audit trail contract.
 */
class HostileInputTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void theCorpusIsLargeAndCoversEveryCategory() {
        List<HostileInputCorpus.Case> corpus = HostileInputCorpus.all();

        assertThat(corpus).hasSizeGreaterThanOrEqualTo(300);
        assertThat(corpus).extracting(HostileInputCorpus.Case::category).contains("ip literal", "scheme", "path",
                "port", "userinfo", "percent-encoding", "crlf", "invisible/bidi", "non-ascii dot", "homograph",
                "overlong label", "overlong name", "wildcard over public suffix", "emoji/symbol", "empty/whitespace");
    }

    @Test
    void everyHostileInputIsRefusedWithASpecificReasonAndNothingIsStored() {
        InMemoryRequestStore requests = new InMemoryRequestStore(Clock.fixed(NOW, ZoneOffset.UTC));
        InMemoryVersionLog versions = new InMemoryVersionLog();
        InMemoryAuditTrail audit = new InMemoryAuditTrail();
        versions.append(AllowlistVersion.create(1, null, List.of("pypi.org"), VersionCause.baseline(), "system", NOW)
                .markedApplied(NOW));
        RequestService service = new RequestService(requests, versions, audit,
                ((PolicyParser.Parsed) PolicyParser.parse("default-duration = P30D\nmax-duration = P90D\nquorum = 1\n"
                        + "approvers = U0APPROVE1\n")).policy(),
                Duration.ofDays(7), Clock.fixed(NOW, ZoneOffset.UTC), new Random(3));
        Requester requester = new Requester("arn:aws:sts::123456789012:assumed-role/Studio/mallory", "U0MALLORY1", null);
        List<String> wrong = new ArrayList<>();

        List<HostileInputCorpus.Case> corpus = HostileInputCorpus.all();
        for (HostileInputCorpus.Case hostile : corpus) {
            SubmitOutcome outcome = service.submit(hostile.input(), "exfiltration attempt", Optional.empty(), requester,
                    Actor.api(requester.principal(), "198.51.100.7"), null);
            if (!(outcome instanceof SubmitOutcome.Invalid invalid)) {
                wrong.add(hostile + " -> accepted as " + outcome);
                continue;
            }
            DomainName.Reason reason = DomainName.Reason.valueOf(invalid.reason());
            if (!hostile.acceptable().contains(reason) || invalid.message().isBlank()) {
                wrong.add(hostile + " -> " + reason + " (expected one of " + hostile.acceptable() + ")");
            }
        }

        System.out.printf("hostile inputs: %d, each refused with a specific reason%n", corpus.size());
        assertThat(wrong).as("inputs refused for the wrong reason, or accepted").isEmpty();
        assertThat(requests.listAll(null, 10, null).items()).isEmpty();
        assertThat(versions.head().orElseThrow().number()).isEqualTo(1);
        List<AuditEvent> trail = audit.between(NOW.minusSeconds(1), NOW.plusSeconds(1));
        assertThat(trail).hasSize(corpus.size()).allMatch(event -> event.action().equals("REQUEST_REJECTED")
                && event.requestId() == null && "198.51.100.7".equals(event.sourceIp()));
    }
}
