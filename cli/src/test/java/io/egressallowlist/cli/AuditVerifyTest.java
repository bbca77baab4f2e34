package io.egressallowlist.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code egress audit verify}: every page of GET /audit/verify, and the exit code of the verdict. */
class AuditVerifyTest {

    private static final String HASH = "ab".repeat(32);

    @RegisterExtension
    final LoopbackApi api = new LoopbackApi().otherwise(404, "{\"title\":\"Not found\"}");

    private static String page(long checked, Long next, Long beforeChain) {
        return "{\"status\":\"intact\",\"checked\":" + checked + ",\"headSeq\":5,\"through\":{\"seq\":" + (next == null
                ? 5 : next) + ",\"hash\":\"" + HASH + "\"},\"problem\":null,\"next\":" + next + ",\"beforeChain\":"
                + beforeChain + "}";
    }

    @Test
    void everyPageIsVerifiedAndAnIntactChainExitsZero() {
        api.answerInTurn("GET /api/audit/verify", page(2, 2L, 3L), page(2, 4L, null), page(1, null, null));

        assertThat(api.run("audit", "verify")).isEqualTo(EgressCli.Exit.OK);

        assertThat(api.seen()).hasSize(3);
        assertThat(api.seen().get(0)).startsWith("GET /api/audit/verify?after=0 ");
        assertThat(api.seen().get(1)).startsWith("GET /api/audit/verify?after=2 ");
        assertThat(api.seen().get(2)).startsWith("GET /api/audit/verify?after=4 ");
        assertThat(api.printed()).contains("Audit trail intact: 5 records checked through place 5 (hash " + HASH + ")",
                "3 records written before the chain began are not covered");
    }

    @Test
    void aBrokenChainExitsFiveNamingTheRecordSafely() {
        api.answerInTurn("GET /api/audit/verify", page(2, 2L, 0L), """
                {"status":"broken","checked":0,"headSeq":5,"through":{"seq":2,"hash":"%s"},
                 "problem":{"kind":"EDITED","seq":3,"eventId":"01ABC:APPROVED\\u001b[2J","subject":"request#01ABC",
                 "message":"record request#01ABC/01ABC:APPROVED (place 3) no longer matches its hash"},
                 "next":null,"beforeChain":null}""".formatted(HASH));

        assertThat(api.run("audit", "verify")).isEqualTo(EgressCli.Exit.FORBIDDEN_OR_CONFLICT);

        assertThat(api.printed()).contains("Audit trail BROKEN: EDITED at place 3, record request#01ABC/01ABC:APPROVED",
                "no longer matches its hash", "2 records verified before it").doesNotContain("\u001b");
    }

    @Test
    void theJsonSummaryCarriesTheVerdict() {
        api.answerInTurn("GET /api/audit/verify", page(2, 2L, 1L), page(3, null, null));

        assertThat(api.run("--json", "audit", "verify")).isEqualTo(EgressCli.Exit.OK);

        assertThat(api.printed()).contains("\"status\" : \"intact\"", "\"checked\" : 5", "\"beforeChain\" : 1");
    }

    @Test
    void aRefusalExitsFiveAndAnUnavailableApiSix() {
        api.answer("GET /api/audit/verify", 403, "{\"title\":\"Not allowed\",\"detail\":\"Only approvers and operators"
                + " can verify the audit trail\",\"reason\":\"NOT_AN_APPROVER\"}");
        assertThat(api.run("audit", "verify")).isEqualTo(EgressCli.Exit.FORBIDDEN_OR_CONFLICT);
        assertThat(api.errors()).contains("Only approvers and operators");

        api.answer("GET /api/audit/verify", 503, "{\"title\":\"Temporarily unavailable\"}");
        assertThat(api.run("audit", "verify")).isEqualTo(EgressCli.Exit.UNAVAILABLE);

        api.stop();
        assertThat(api.run("audit", "verify")).isEqualTo(EgressCli.Exit.UNAVAILABLE);
    }
}
