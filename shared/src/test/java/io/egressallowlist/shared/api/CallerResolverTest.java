package io.egressallowlist.shared.api;

import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.StudioIdentity;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class CallerResolverTest {

    private static final String ALICE = "arn:aws:sts::123456789012:assumed-role/AliceStudioExecutionRole/alice";
    private static final String OPERATOR = "arn:aws:iam::123456789012:user/operator";
    private static final StudioIdentity ALICE_PROFILE = new StudioIdentity.Profile("d-vpconly0sample1",
            "alice-data-scientist", "arn:aws:iam::123456789012:role/AliceStudioExecutionRole",
            StudioIdentity.RoleSource.USER_PROFILE);

    private static CallerResolver resolver(StudioIdentity identity, Map<String, String> links) {
        return new CallerResolver(principal -> identity, links);
    }

    @Test
    void aLinkForTheExactPrincipalWinsOverEveryOtherLink() {
        CallerResolver.Caller caller = resolver(ALICE_PROFILE, Map.of(ALICE, "U0BYARN001",
                "alice-data-scientist", "U0BYPROF01", "alice", "U0BYSESS01")).resolve(ALICE);

        assertThat(caller.requester()).isEqualTo(new Requester(ALICE, "U0BYARN001", "alice-data-scientist"));
        assertThat(caller.linkedBy()).contains(CallerResolver.LinkedBy.PRINCIPAL);
    }

    @Test
    void aVerifiedStudioProfileLinkComesBeforeASessionNameLink() {
        CallerResolver.Caller caller = resolver(ALICE_PROFILE, Map.of("alice-data-scientist", "U0BYPROF01",
                "alice", "U0BYSESS01")).resolve(ALICE);

        assertThat(caller.requester().slackUserId()).isEqualTo("U0BYPROF01");
        assertThat(caller.linkedBy()).contains(CallerResolver.LinkedBy.STUDIO_PROFILE);
    }

    @Test
    void theRoleSessionNameIsTheLastResort() {
        CallerResolver.Caller caller = resolver(new StudioIdentity.NotStudio(), Map.of("alice", "U0BYSESS01"))
                .resolve(ALICE);

        assertThat(caller.requester()).isEqualTo(new Requester(ALICE, "U0BYSESS01", null));
        assertThat(caller.linkedBy()).contains(CallerResolver.LinkedBy.SESSION_NAME);
    }

    @Test
    void anUnlinkedIamUserHasNoSlackIdentityAndNoProfile() {
        CallerResolver.Caller caller = resolver(new StudioIdentity.NotStudio(), Map.of("alice", "U0BYSESS01"))
                .resolve(OPERATOR);

        assertThat(caller.requester()).isEqualTo(Requester.of(OPERATOR));
        assertThat(caller.linkedBy()).isEqualTo(Optional.empty());
    }

    @Test
    void anAmbiguousStudioRoleRecordsNoProfile() {
        CallerResolver.Caller caller = resolver(new StudioIdentity.AmbiguousProfile("role", java.util.List.of("a", "b")),
                Map.of()).resolve(ALICE);

        assertThat(caller.requester().studioProfile()).isEmpty();
    }
}
