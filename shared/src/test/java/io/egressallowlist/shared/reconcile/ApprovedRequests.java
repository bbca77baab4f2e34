package io.egressallowlist.shared.reconcile;

import io.egressallowlist.emulators.junit.MutableClock;
import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.FirewallTarget;
import io.egressallowlist.shared.domain.Intent;
import io.egressallowlist.shared.domain.RequestId;
import io.egressallowlist.shared.domain.RequestRepository;
import io.egressallowlist.shared.domain.RequestRepository.Change;
import io.egressallowlist.shared.domain.RequestStatus;
import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.VersionNumber;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Requests stored and approved as the request use cases leave them, for the reconciler to pick up. */
final class ApprovedRequests {

    private static final AtomicLong IDS = new AtomicLong();

    private ApprovedRequests() {
    }

    /** A DOMAIN request approved a millisecond after it was made, with an ADD intent. */
    static AllowlistRequest domain(RequestRepository requests, MutableClock clock, String target) {
        AllowlistRequest request = AllowlistRequest.newDomainRequest(nextId(), new FirewallTarget(target),
                Requester.of("arn:aws:iam::123456789012:user/scientist"), "needed", Duration.ofDays(30), clock.instant(),
                Duration.ofDays(7), false, null);
        return approved(requests, clock, request, Intent.ADD);
    }

    /** A ROLLBACK request approved a millisecond after it was made, with a ROLLBACK intent. */
    static AllowlistRequest rollback(RequestRepository requests, MutableClock clock, long toVersion) {
        AllowlistRequest request = AllowlistRequest.newRollbackRequest(nextId(), new VersionNumber(toVersion),
                Requester.of("arn:aws:iam::123456789012:user/operator"), "bad change", clock.instant(), Duration.ofDays(7),
                null);
        return approved(requests, clock, request, Intent.ROLLBACK);
    }

    private static AllowlistRequest approved(RequestRepository requests, MutableClock clock, AllowlistRequest request,
                                             Intent intent) {
        requests.create(request);
        clock.advance(Duration.ofMillis(1));
        requests.change(request.id(), Change.from(RequestStatus.PENDING).to(RequestStatus.APPROVED, clock.instant())
                .decidedBy("U0APPROVER").intent(intent));
        return request;
    }

    private static RequestId nextId() {
        return new RequestId(String.format("01REC%021d", IDS.incrementAndGet()));
    }
}
