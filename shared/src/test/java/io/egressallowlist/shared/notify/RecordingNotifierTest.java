package io.egressallowlist.shared.notify;

import io.egressallowlist.shared.domain.AllowlistRequest;
import io.egressallowlist.shared.domain.RequestId;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The notifier contract on the recording notifier: what it recorded is what it told. */
class RecordingNotifierTest extends NotifierContract {

    private final RecordingNotifier notifier = new RecordingNotifier();

    @Override
    protected Notifier notifier() {
        return notifier;
    }

    @Override
    protected void makeChannelUnavailable() {
        notifier.unreachable = true;
    }

    /** A submitted request's card, its update once decided, and the reminder before its grant expires. */
    @Override
    protected Set<RequestId> toldApprovers() {
        return ids(Stream.of(notifier.submitted, notifier.decided, notifier.reminded).flatMap(List::stream));
    }

    /** The decision, the expiry reminder and each version that activated or revoked the request. */
    @Override
    protected Set<RequestId> toldRequester() {
        Set<RequestId> told = ids(Stream.of(notifier.decided, notifier.reminded).flatMap(List::stream));
        notifier.applied.forEach(applied -> {
            told.addAll(applied.activated());
            told.addAll(applied.revoked());
        });
        return told;
    }

    @Override
    protected List<String> announcements() {
        return Stream.of(
                notifier.applied.stream().map(applied -> "version " + applied.version() + ": " + applied.change()),
                notifier.drifts.stream().map(Object::toString),
                notifier.flagged.stream().map(Object::toString),
                notifier.removed.stream().map(Object::toString),
                notifier.noncompliant.stream(),
                notifier.posture.stream(),
                notifier.failures.stream()).flatMap(s -> s).toList();
    }

    private static Set<RequestId> ids(Stream<AllowlistRequest> requests) {
        Set<RequestId> ids = new HashSet<>();
        requests.forEach(request -> ids.add(request.id()));
        return ids;
    }
}
