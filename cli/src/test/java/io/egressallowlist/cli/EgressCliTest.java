package io.egressallowlist.cli;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI against a loopback HTTP server that answers like the request API. */
class EgressCliTest {

    private HttpServer server;
    private final List<String> seen = new ArrayList<>();
    private int status = 200;
    private String body = "{}";
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String requestBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " caller="
                    + exchange.getRequestHeaders().getFirst(ApiClient.SANDBOX_CALLER_HEADER) + " body=" + requestBody);
            byte[] reply = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
            exchange.sendResponseHeaders(status, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private EgressCli.Exit run(String... args) {
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
        List<String> all = new ArrayList<>(List.of("--endpoint", endpoint));
        all.addAll(List.of(args));
        return new EgressCli(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(all.toArray(String[]::new), Map.of("EGRESS_PRINCIPAL", "arn:aws:iam::1:user/alice"));
    }

    @Test
    void aRequestIsPostedAsJsonWithTheSandboxIdentity() {
        body = """
                {"outcome":"CREATED","request":{"id":"01ABC","kind":"DOMAIN","target":"huggingface.co","status":"PENDING",
                "requester":{"principal":"arn:aws:iam::1:user/alice"},"justification":"weights","approvals":[]}}""";

        EgressCli.Exit exit = run("request", "huggingface.co", "--reason", "model weights", "--days", "14");

        assertThat(exit).isEqualTo(EgressCli.Exit.OK);
        assertThat(seen).singleElement().asString()
                .startsWith("POST /api/requests caller=arn:aws:iam::1:user/alice")
                .contains("\"domain\":\"huggingface.co\"", "\"justification\":\"model weights\"", "\"durationDays\":14");
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Request submitted", "01ABC", "PENDING");
    }

    @Test
    void checkExitsOneWhenTheNameIsBlocked() {
        body = "{\"domain\":\"evil.example\",\"allowed\":false,\"entry\":null,\"version\":7}";

        assertThat(run("check", "evil.example")).isEqualTo(EgressCli.Exit.NOT_ALLOWED);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("BLOCKED", "version 7");
        assertThat(seen).singleElement().asString().startsWith("GET /api/allowlist/check?domain=evil.example");
    }

    @Test
    void aPolicyRefusalIsShownWithItsRuleAndExitsThree() {
        status = 422;
        body = "{\"type\":\"urn:egress-allowlist:problem:policy-refused\",\"title\":\"Refused by policy\",\"status\":422,"
                + "\"detail\":\"paste sites are an exfiltration channel\",\"rule\":\"paste-sites\",\"requestId\":\"r-1\"}";

        assertThat(run("request", "pastebin.com", "--reason", "x")).isEqualTo(EgressCli.Exit.REFUSED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Refused by policy", "paste-sites", "r-1");
    }

    @Test
    void statusCodesMapToDocumentedExitCodes() {
        status = 404;
        body = "{\"title\":\"Not found\",\"detail\":\"no request 01X\"}";
        assertThat(run("status", "01X")).isEqualTo(EgressCli.Exit.NOT_FOUND);
        status = 403;
        assertThat(run("withdraw", "01X")).isEqualTo(EgressCli.Exit.FORBIDDEN_OR_CONFLICT);
        status = 503;
        assertThat(run("allowlist")).isEqualTo(EgressCli.Exit.UNAVAILABLE);
    }

    @Test
    void jsonOutputIsTheApisJson() {
        body = "{\"version\":3,\"sha256\":\"ab\",\"targetCount\":1,\"targets\":[\"pypi.org\"]}";

        run("--json", "allowlist");

        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"targets\"", "\"pypi.org\"");
    }

    @Test
    void missingArgumentsAreUsageErrorsThatSayWhatToType() {
        assertThat(run("request", "example.com")).isEqualTo(EgressCli.Exit.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("request needs --reason");
        assertThat(run("diff", "3", "x")).isEqualTo(EgressCli.Exit.USAGE);
        assertThat(run("frobnicate")).isEqualTo(EgressCli.Exit.USAGE);
        assertThat(seen).isEmpty();
    }

    @Test
    void anUnreachableApiSaysWhatToCheck() {
        server.stop(0);

        assertThat(run("versions")).isEqualTo(EgressCli.Exit.UNAVAILABLE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Is the sandbox running?");
    }

    @Test
    void approvingIsRefusedAgainstARealDeployment() {
        EgressCli.Exit exit = new EgressCli(new PrintStream(out), new PrintStream(err))
                .run(new String[] {"--endpoint", "https://abc123.execute-api.eu-west-1.amazonaws.com/prod", "approve",
                        "01X", "--as", "U0APPROVER"}, Map.of());

        assertThat(exit).isEqualTo(EgressCli.Exit.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("works only against the local sandbox");
    }
}
