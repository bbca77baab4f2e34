package io.egressallowlist.shared.studio;

import io.egressallowlist.shared.domain.AssumedRoleArn;
import io.egressallowlist.shared.domain.StudioIdentity;
import io.egressallowlist.shared.logging.JsonLog;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sagemaker.SageMakerClient;
import software.amazon.awssdk.services.sagemaker.model.DescribeDomainResponse;
import software.amazon.awssdk.services.sagemaker.model.DescribeUserProfileResponse;
import software.amazon.awssdk.services.sagemaker.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sagemaker.model.UserProfileDetails;
import software.amazon.awssdk.services.sagemaker.model.UserSettings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Tells whether an API caller is a SageMaker Studio user, and which one: the caller's assumed-role ARN
 * is matched against the execution roles of the user profiles of the configured Studio domains, a
 * profile without its own role inheriting the domain's default (aws-api-notes §2).
 *
 * <p>Studio names the role session after the user profile, so when several profiles share a role (the
 * domain default) the session name picks the profile. That is sound because only SageMaker can assume
 * an execution role whose trust policy names only {@code sagemaker.amazonaws.com}; a role people can
 * assume themselves lets them choose any session name, and the profile it names proves nothing.
 *
 * <p>The index of roles to profiles is read lazily ({@code DescribeDomain}, {@code ListUserProfiles},
 * {@code DescribeUserProfile}) and cached per container for {@code ttl}. When SageMaker cannot be read,
 * the previous index keeps being used; with none, the caller is reported {@link StudioIdentity.Unavailable}.
 */
public final class StudioIdentityResolver {

    public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

    private static final int PAGE_SIZE = 100;

    private final SageMakerClient sageMaker;
    private final List<String> domainIds;
    private final Clock clock;
    private final Duration ttl;
    private final JsonLog log;
    private Index index;

    /** One profile and the execution role it runs with. */
    private record ProfileRole(String domainId, String profileName, String roleArn, StudioIdentity.RoleSource source) { }

    /** Role key ({@link AssumedRoleArn#roleKey()}) to the profiles that use the role. */
    private record Index(Map<String, List<ProfileRole>> byRole, Instant builtAt) { }

    public StudioIdentityResolver(SageMakerClient sageMaker, List<String> domainIds, Clock clock, Duration ttl) {
        this.sageMaker = sageMaker;
        this.domainIds = List.copyOf(domainIds);
        this.clock = clock;
        this.ttl = ttl;
        this.log = JsonLog.of(StudioIdentityResolver.class);
    }

    /** Who the principal (an IAM ARN as API Gateway reports it) is in Studio, if anyone. */
    public StudioIdentity resolve(String principalArn) {
        Optional<AssumedRoleArn> session = AssumedRoleArn.parse(principalArn);
        if (session.isEmpty() || domainIds.isEmpty()) {
            return new StudioIdentity.NotStudio();
        }
        Optional<Index> current = currentIndex();
        if (current.isEmpty()) {
            return new StudioIdentity.Unavailable("the Studio user profiles could not be read");
        }
        List<ProfileRole> candidates = current.get().byRole().getOrDefault(session.get().roleKey(), List.of());
        if (candidates.isEmpty()) {
            return new StudioIdentity.NotStudio();
        }
        List<ProfileRole> named = candidates.stream()
                .filter(candidate -> candidate.profileName().equals(session.get().sessionName())).toList();
        if (named.size() == 1) {
            return profile(named.get(0));
        }
        if (named.isEmpty() && candidates.size() == 1) {
            return profile(candidates.get(0));
        }
        return new StudioIdentity.AmbiguousProfile(candidates.get(0).roleArn(),
                candidates.stream().map(c -> c.domainId() + "/" + c.profileName()).sorted().toList());
    }

    /** Forgets the cached index; the next {@link #resolve} reads SageMaker again. */
    public synchronized void invalidate() {
        index = null;
    }

    private static StudioIdentity profile(ProfileRole match) {
        return new StudioIdentity.Profile(match.domainId(), match.profileName(), match.roleArn(), match.source());
    }

    private synchronized Optional<Index> currentIndex() {
        Instant now = clock.instant();
        if (index != null && now.isBefore(index.builtAt().plus(ttl))) {
            return Optional.of(index);
        }
        try {
            index = build(now);
        } catch (SdkException e) {
            log.warn("could not read the Studio user profiles; using the previous index if any",
                    "error", e.getClass().getSimpleName(), "cachedIndex", index != null);
        }
        return Optional.ofNullable(index);
    }

    private Index build(Instant now) {
        Map<String, List<ProfileRole>> byRole = new HashMap<>();
        for (String domainId : domainIds) {
            for (ProfileRole profile : profilesOf(domainId)) {
                AssumedRoleArn.roleKey(profile.roleArn()).ifPresent(key ->
                        byRole.computeIfAbsent(key, k -> new ArrayList<>()).add(profile));
            }
        }
        byRole.replaceAll((key, profiles) -> List.copyOf(profiles));
        return new Index(Map.copyOf(byRole), now);
    }

    private List<ProfileRole> profilesOf(String domainId) {
        DescribeDomainResponse domain;
        try {
            domain = sageMaker.describeDomain(b -> b.domainId(domainId));
        } catch (ResourceNotFoundException e) {
            log.warn("a configured Studio domain does not exist; skipped", "domainId", domainId);
            return List.of();
        }
        String defaultRole = executionRole(domain.defaultUserSettings()).orElse(null);
        List<ProfileRole> profiles = new ArrayList<>();
        for (UserProfileDetails summary : sageMaker.listUserProfilesPaginator(b -> b.domainIdEquals(domainId)
                .maxResults(PAGE_SIZE)).userProfiles()) {
            Optional<DescribeUserProfileResponse> described = describe(domainId, summary.userProfileName());
            if (described.isEmpty()) {
                continue;
            }
            Optional<String> own = executionRole(described.get().userSettings());
            if (own.isPresent()) {
                profiles.add(new ProfileRole(domainId, summary.userProfileName(), own.get(),
                        StudioIdentity.RoleSource.USER_PROFILE));
            } else if (defaultRole != null) {
                profiles.add(new ProfileRole(domainId, summary.userProfileName(), defaultRole,
                        StudioIdentity.RoleSource.DOMAIN_DEFAULT));
            }
        }
        return profiles;
    }

    private Optional<DescribeUserProfileResponse> describe(String domainId, String profileName) {
        try {
            return Optional.of(sageMaker.describeUserProfile(b -> b.domainId(domainId).userProfileName(profileName)));
        } catch (ResourceNotFoundException e) {
            // Deleted between the listing and the description.
            return Optional.empty();
        }
    }

    private static Optional<String> executionRole(UserSettings settings) {
        return settings == null ? Optional.empty() : Optional.ofNullable(settings.executionRole())
                .filter(role -> !role.isBlank());
    }
}
