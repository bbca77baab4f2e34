package io.egressallowlist.shared.api;

import io.egressallowlist.shared.domain.Requester;
import io.egressallowlist.shared.domain.AssumedRoleArn;
import io.egressallowlist.shared.domain.Scope;
import io.egressallowlist.shared.domain.ScopeName;
import io.egressallowlist.shared.domain.Scopes;
import io.egressallowlist.shared.domain.StudioIdentity;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns the authenticated principal of an API call into a {@link Requester}: the Studio user profile
 * when the principal is a Studio execution role, and the linked Slack user ({@code IDENTITY_LINKS}),
 * which approvals in Slack need to refuse self-approval.
 *
 * <p>The caller's scope is the one their Studio domain belongs to ({@link Scopes#forStudioDomain}): a new request
 * of theirs goes there unless they name another.
 *
 * <p>Links are looked up by the full principal ARN first, then by the Studio profile name (verified
 * against the execution role through SageMaker), then by the role session name. A session name is only
 * as trustworthy as the role's trust policy: whoever may assume the role chooses it. Prefer ARN or
 * profile links for roles people assume themselves.
 */
public final class CallerResolver {

    /** How the Slack user was found, for the audit and logs. */
    public enum LinkedBy { PRINCIPAL, STUDIO_PROFILE, SESSION_NAME }

    /**
     * The resolved caller.
     *
     * @param requester the principal with its Studio profile and Slack user, as far as known
     * @param studio    what SageMaker said about the principal
     * @param linkedBy  how the Slack user was found; empty when it was not
     * @param scope     the scope of the caller's Studio domain; empty when they are not a Studio user profile of one
     */
    public record Caller(Requester requester, StudioIdentity studio, Optional<LinkedBy> linkedBy,
                         Optional<ScopeName> scope) { }

    private final Function<String, StudioIdentity> studio;
    private final Map<String, String> identityLinks;
    private final Scopes scopes;

    /**
     * @param studio what SageMaker says about a principal ({@code studio.StudioIdentityResolver::resolve}; tests
     *               pass their own, and {@code p -> new StudioIdentity.NotStudio()} means none)
     */
    public CallerResolver(Function<String, StudioIdentity> studio, Map<String, String> identityLinks) {
        this(studio, identityLinks, null);
    }

    /** @param scopes the deployment's scopes, whose Studio domains tell a caller's scope (null: no caller has one) */
    public CallerResolver(Function<String, StudioIdentity> studio, Map<String, String> identityLinks, Scopes scopes) {
        this.studio = studio;
        this.identityLinks = Map.copyOf(identityLinks);
        this.scopes = scopes;
    }

    public Caller resolve(String principalArn) {
        StudioIdentity identity = studio.apply(principalArn);
        String profile = identity.match(new StudioIdentity.Cases<String>(notStudio -> null,
                StudioIdentity.Profile::userProfileName, ambiguous -> null, unavailable -> null));
        Optional<AssumedRoleArn> session = AssumedRoleArn.parse(principalArn);

        String slack = identityLinks.get(principalArn);
        LinkedBy linkedBy = slack == null ? null : LinkedBy.PRINCIPAL;
        if (slack == null && profile != null) {
            slack = identityLinks.get(profile);
            linkedBy = slack == null ? null : LinkedBy.STUDIO_PROFILE;
        }
        if (slack == null && session.isPresent()) {
            slack = identityLinks.get(session.get().sessionName());
            linkedBy = slack == null ? null : LinkedBy.SESSION_NAME;
        }
        return new Caller(new Requester(principalArn, slack, profile), identity, Optional.ofNullable(linkedBy),
                scopeOf(identity));
    }

    private Optional<ScopeName> scopeOf(StudioIdentity identity) {
        Optional<String> domain = identity.match(new StudioIdentity.Cases<Optional<String>>(notStudio -> Optional.empty(),
                found -> Optional.of(found.domainId()), ambiguous -> Optional.empty(), unavailable -> Optional.empty()));
        return scopes == null ? Optional.empty() : domain.flatMap(scopes::forStudioDomain).map(Scope::name);
    }
}
