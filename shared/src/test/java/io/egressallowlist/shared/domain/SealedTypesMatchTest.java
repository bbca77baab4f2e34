package io.egressallowlist.shared.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.egressallowlist.shared.api.AllowlistQueries;
import io.egressallowlist.shared.approvals.CheckResult;
import io.egressallowlist.shared.approvals.DecisionResult;
import io.egressallowlist.shared.domain.RequestRepository.ChangeResult;
import io.egressallowlist.shared.domain.RequestRepository.CreateResult;
import io.egressallowlist.shared.requests.DecisionOutcome;
import io.egressallowlist.shared.requests.SubmitOutcome;
import io.egressallowlist.shared.slack.SlackRequests;
import io.egressallowlist.shared.slack.SlackSignatureVerifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.WildcardType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every sealed outcome's {@code match} calls the function of its {@code Cases} for the case at hand, and only that
 * one; every case has its own function.
 */
class SealedTypesMatchTest {

    private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    private static final RequestId ID = new RequestId("01JD8X3Q4T5V6W7X8Y9Z0ABCDE");
    private static final AllowlistRequest REQUEST = AllowlistRequest.newDomainRequest(ID, new FirewallTarget("pypi.org"),
            Requester.of("arn:aws:iam::1:user/alice"), "pip", Duration.ofDays(1), NOW, Duration.ofDays(7), false, null);
    private static final DomainName NAME = DomainName.of("pypi.org");
    private static final AllowlistVersion VERSION = AllowlistVersion.create(1, null, List.of("pypi.org"),
            VersionCause.baseline(), "system:reconciler", NOW);
    private static final SlackUserId USER = new SlackUserId("U0123ABCD");

    /** The name of the function {@code match} called; each function names its own case. */
    private static <T> Function<T, String> named(String name) {
        return ignored -> name;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                submit(new SubmitOutcome.Submitted(REQUEST, false), "submitted"),
                submit(new SubmitOutcome.ExistingRequest(REQUEST), "existing"),
                submit(new SubmitOutcome.Replayed(REQUEST, true), "replayed"),
                submit(new SubmitOutcome.IdempotencyKeyReused(REQUEST), "keyReused"),
                submit(new SubmitOutcome.RollbackAlreadyOpen(REQUEST), "rollbackOpen"),
                submit(new SubmitOutcome.AlreadyAllowed(NAME, "pypi.org", new VersionNumber(1)), "alreadyAllowed"),
                submit(new SubmitOutcome.Invalid("domain", "EMPTY", "empty"), "invalid"),
                submit(new SubmitOutcome.PolicyRefused("tunnels", "no"), "policyRefused"),

                decision(new DecisionOutcome.Decided(REQUEST), "decided"),
                decision(new DecisionOutcome.ApprovalRecorded(REQUEST, 1, 2), "approvalRecorded"),
                decision(new DecisionOutcome.AlreadyDecided(REQUEST), "alreadyDecided"),
                decision(new DecisionOutcome.Refused("NOT_AN_APPROVER", "no"), "refused"),
                decision(new DecisionOutcome.NotFound(ID), "notFound"),

                approval(new ApprovalOutcome.Refused(ApprovalOutcome.Refusal.SELF_APPROVAL, "no"), "refused"),
                approval(new ApprovalOutcome.Counted(1, 2), "counted"),
                approval(new ApprovalOutcome.QuorumReached(List.of(USER)), "quorumReached"),

                create(new CreateResult.Created(REQUEST), "created"),
                create(new CreateResult.ExistingOpenRequest(REQUEST), "existingOpenRequest"),
                create(new CreateResult.IdempotentReplay(REQUEST), "idempotentReplay"),

                change(new ChangeResult.Changed(REQUEST), "changed"),
                change(new ChangeResult.Conflict(REQUEST), "conflict"),
                change(new ChangeResult.NotFound(ID), "notFound"),

                check(new AllowlistQueries.Check.Invalid(DomainName.Reason.EMPTY, "empty"), "invalid"),
                check(new AllowlistQueries.Check.NoAppliedVersion(NAME), "noAppliedVersion"),
                check(new AllowlistQueries.Check.Allowed(NAME, "pypi.org", VERSION), "allowed"),
                check(new AllowlistQueries.Check.NotAllowed(NAME, VERSION), "notAllowed"),

                diff(new AllowlistQueries.Diff.Found(VERSION, VERSION, VersionDiff.between(List.of(), List.of())),
                        "found"),
                diff(new AllowlistQueries.Diff.Missing(new VersionNumber(9)), "missing"),

                evidence(new TrafficEvidence.Observed(NOW, NOW, Map.of(), List.of()), "observed"),
                evidence(new TrafficEvidence.Unavailable("no reports"), "unavailable"),

                interaction(new SlackRequests.BlockAction(USER, "approve", ID.value(), Optional.empty(),
                        Optional.empty(), "1.2.3"), "blockAction"),
                interaction(new SlackRequests.ViewSubmission(USER, "egress-request", "V0VIEW0001", Map.of(), ""),
                        "viewSubmission"),
                interaction(new SlackRequests.SlashCommand(USER, "/egress", "help", "C0123", Optional.empty(), "1.2"),
                        "slashCommand"),
                interaction(new SlackRequests.Unsupported("shortcut"), "unsupported"),

                parsedSlack(new SlackRequests.Parsed(new SlackRequests.Unsupported("shortcut")), "parsed"),
                parsedSlack(new SlackRequests.Malformed("not form-encoded"), "malformed"),

                signature(new SlackSignatureVerifier.Result.Verified(NOW), "verified"),
                signature(new SlackSignatureVerifier.Result.Rejected(SlackSignatureVerifier.Reason.MISSING_SIGNATURE,
                        "missing"), "rejected"),

                policy(PolicyParser.parse(PolicyParserTest.GOOD_POLICY), "parsed"),
                policy(new PolicyParser.Invalid(List.of("quorum is missing")), "invalid"),

                policyDecision(new PolicyDecision.Denied("tunnels", "no"), "denied"),
                policyDecision(new PolicyDecision.AutoApproved(NAME, Duration.ofDays(1)), "autoApproved"),
                policyDecision(new PolicyDecision.NeedsApproval(1, Duration.ofDays(1)), "needsApproval"),

                studio(new StudioIdentity.NotStudio(), "notStudio"),
                studio(new StudioIdentity.Profile("d-1", "alice", "arn:aws:iam::1:role/Studio",
                        StudioIdentity.RoleSource.USER_PROFILE), "profile"),
                studio(new StudioIdentity.AmbiguousProfile("arn:aws:iam::1:role/Studio", List.of("alice", "bob")),
                        "ambiguousProfile"),
                studio(new StudioIdentity.Unavailable("throttled"), "unavailable"),

                domainName(DomainName.parse("pypi.org"), "valid"),
                domainName(DomainName.parse(""), "invalid"),

                decisionResult(new DecisionResult.Decided(REQUEST), "decided"),
                decisionResult(new DecisionResult.Renewed(REQUEST, "alice"), "renewed"),
                decisionResult(new DecisionResult.ApprovalRecorded(REQUEST, 1, 2), "approvalRecorded"),
                decisionResult(new DecisionResult.AlreadyDecided(REQUEST), "alreadyDecided"),
                decisionResult(new DecisionResult.Refused("no"), "refused"),
                decisionResult(new DecisionResult.NotFound(ID), "notFound"),
                decisionResult(new DecisionResult.MembershipUnknown("throttled"), "membershipUnknown"),

                checkResult(new CheckResult.NothingApplied(), "nothingApplied"),
                checkResult(new CheckResult.Allowed("pypi.org", new VersionNumber(1)), "allowed"),
                checkResult(new CheckResult.NotAllowed(new VersionNumber(1)), "notAllowed"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("cases")
    void matchCallsTheFunctionOfTheCaseAtHand(String type, String dispatched, String expected) {
        assertThat(dispatched).isEqualTo(expected);
    }

    static Stream<Class<?>> sealedTypes() {
        return Stream.of(SubmitOutcome.class, DecisionOutcome.class, ApprovalOutcome.class, CreateResult.class,
                ChangeResult.class, AllowlistQueries.Check.class, AllowlistQueries.Diff.class, TrafficEvidence.class,
                SlackRequests.Interaction.class, SlackRequests.Result.class, SlackSignatureVerifier.Result.class,
                PolicyParser.Result.class, PolicyDecision.class, StudioIdentity.class, DomainName.ParseResult.class,
                DecisionResult.class, CheckResult.class);
    }

    /** A case that shared another case's function (its supertype's, say) would not break compilation when added. */
    @ParameterizedTest
    @MethodSource("sealedTypes")
    void casesHoldsOneFunctionPerPermittedCase(Class<?> sealedType) throws ClassNotFoundException {
        Class<?> cases = Class.forName(sealedType.getName() + "$Cases");
        List<Class<?>> handled = Stream.of(cases.getRecordComponents()).<Class<?>>map(SealedTypesMatchTest::handledCase)
                .toList();
        assertThat(sealedType.isSealed()).isTrue();
        assertThat(handled).doesNotHaveDuplicates().containsExactlyInAnyOrder(sealedType.getPermittedSubclasses());
    }

    @Test
    void matchHandsTheCaseItselfToItsFunction() {
        SubmitOutcome outcome = new SubmitOutcome.Replayed(REQUEST, true);
        AtomicReference<Object> handed = new AtomicReference<>();
        outcome.match(new SubmitOutcome.Cases<>(named("submitted"), named("existing"), replayed -> {
            handed.set(replayed);
            return "replayed";
        }, named("keyReused"), named("rollbackOpen"), named("alreadyAllowed"), named("invalid"),
                named("policyRefused")));
        assertThat(handed.get()).isSameAs(outcome);
    }

    @Test
    void aChangeResultGivesTheRequestOnlyWhenItChanged() {
        assertThat(new ChangeResult.Changed(REQUEST).changed()).contains(REQUEST);
        assertThat(new ChangeResult.Conflict(REQUEST).changed()).isEmpty();
        assertThat(new ChangeResult.NotFound(ID).changed()).isEmpty();
    }

    /** The case a {@code Function<? super Case, ? extends R>} component of a {@code Cases} record handles. */
    private static Class<?> handledCase(RecordComponent component) {
        ParameterizedType function = (ParameterizedType) component.getGenericType();
        WildcardType input = (WildcardType) function.getActualTypeArguments()[0];
        return (Class<?>) input.getLowerBounds()[0];
    }

    private static Arguments submit(SubmitOutcome outcome, String expected) {
        return Arguments.of("SubmitOutcome", outcome.match(new SubmitOutcome.Cases<>(named("submitted"),
                named("existing"), named("replayed"), named("keyReused"), named("rollbackOpen"),
                named("alreadyAllowed"), named("invalid"), named("policyRefused"))), expected);
    }

    private static Arguments decision(DecisionOutcome outcome, String expected) {
        return Arguments.of("DecisionOutcome", outcome.match(new DecisionOutcome.Cases<>(named("decided"),
                named("approvalRecorded"), named("alreadyDecided"), named("refused"), named("notFound"))), expected);
    }

    private static Arguments approval(ApprovalOutcome outcome, String expected) {
        return Arguments.of("ApprovalOutcome", outcome.match(new ApprovalOutcome.Cases<>(named("refused"),
                named("counted"), named("quorumReached"))), expected);
    }

    private static Arguments create(CreateResult result, String expected) {
        return Arguments.of("CreateResult", result.match(new CreateResult.Cases<>(named("created"),
                named("existingOpenRequest"), named("idempotentReplay"))), expected);
    }

    private static Arguments change(ChangeResult result, String expected) {
        return Arguments.of("ChangeResult", result.match(new ChangeResult.Cases<>(named("changed"),
                named("conflict"), named("notFound"))), expected);
    }

    private static Arguments check(AllowlistQueries.Check check, String expected) {
        return Arguments.of("Check", check.match(new AllowlistQueries.Check.Cases<>(named("invalid"),
                named("noAppliedVersion"), named("allowed"), named("notAllowed"))), expected);
    }

    private static Arguments diff(AllowlistQueries.Diff diff, String expected) {
        return Arguments.of("Diff", diff.match(new AllowlistQueries.Diff.Cases<>(named("found"), named("missing"))),
                expected);
    }

    private static Arguments evidence(TrafficEvidence evidence, String expected) {
        return Arguments.of("TrafficEvidence", evidence.match(new TrafficEvidence.Cases<>(named("observed"),
                named("unavailable"))), expected);
    }

    private static Arguments interaction(SlackRequests.Interaction interaction, String expected) {
        return Arguments.of("Interaction", interaction.match(new SlackRequests.Interaction.Cases<>(
                named("blockAction"), named("slashCommand"), named("viewSubmission"), named("unsupported"))), expected);
    }

    private static Arguments parsedSlack(SlackRequests.Result result, String expected) {
        return Arguments.of("SlackRequests.Result", result.match(new SlackRequests.Result.Cases<>(named("parsed"),
                named("malformed"))), expected);
    }

    private static Arguments signature(SlackSignatureVerifier.Result result, String expected) {
        return Arguments.of("SlackSignatureVerifier.Result", result.match(new SlackSignatureVerifier.Result.Cases<>(
                named("verified"), named("rejected"))), expected);
    }

    private static Arguments policy(PolicyParser.Result result, String expected) {
        return Arguments.of("PolicyParser.Result", result.match(new PolicyParser.Result.Cases<>(named("parsed"),
                named("invalid"))), expected);
    }

    private static Arguments policyDecision(PolicyDecision decision, String expected) {
        return Arguments.of("PolicyDecision", decision.match(new PolicyDecision.Cases<>(named("denied"),
                named("autoApproved"), named("needsApproval"))), expected);
    }

    private static Arguments studio(StudioIdentity identity, String expected) {
        return Arguments.of("StudioIdentity", identity.match(new StudioIdentity.Cases<>(named("notStudio"),
                named("profile"), named("ambiguousProfile"), named("unavailable"))), expected);
    }

    private static Arguments domainName(DomainName.ParseResult result, String expected) {
        return Arguments.of("DomainName.ParseResult", result.match(new DomainName.ParseResult.Cases<>(named("valid"),
                named("invalid"))), expected);
    }

    private static Arguments decisionResult(DecisionResult result, String expected) {
        return Arguments.of("DecisionResult", result.match(new DecisionResult.Cases<>(named("decided"),
                named("renewed"), named("approvalRecorded"), named("alreadyDecided"), named("refused"),
                named("notFound"), named("membershipUnknown"))), expected);
    }

    private static Arguments checkResult(CheckResult result, String expected) {
        return Arguments.of("CheckResult", result.match(new CheckResult.Cases<>(named("nothingApplied"),
                named("allowed"), named("notAllowed"))), expected);
    }
}
