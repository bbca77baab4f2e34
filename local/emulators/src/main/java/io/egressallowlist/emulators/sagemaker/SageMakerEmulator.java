package io.egressallowlist.emulators.sagemaker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.egressallowlist.emulators.core.AwsJsonProtocol;
import io.egressallowlist.emulators.core.AwsJsonProtocolService;
import io.egressallowlist.emulators.core.AwsServiceError;
import io.egressallowlist.emulators.core.PageToken;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import static io.egressallowlist.emulators.sagemaker.ModelValidation.optionalInteger;
import static io.egressallowlist.emulators.sagemaker.ModelValidation.optionalText;

/**
 * The read side of the SageMaker API that the allow-list control plane uses to find Studio domains and
 * their execution roles: {@code ListDomains}, {@code DescribeDomain}, {@code ListUserProfiles}, {@code DescribeUserProfile}
 * over awsJson1_1 with {@code X-Amz-Target: SageMaker.<Operation>} (aws-api-notes §2).
 *
 * <p>State is seeded from Java ({@link #putDomain}, {@link #putUserProfile}, {@link #reset}) or over HTTP
 * ({@code POST /_emulator/sagemaker/<action>}: {@code put-domain}, {@code put-user-profile},
 * {@code seed-samples}, {@code reset}).
 */
public final class SageMakerEmulator extends AwsJsonProtocolService {

    public static final String TARGET_PREFIX = "SageMaker";
    /** awsJson1_1; SageMaker models no fault, so an internal error is the generic {@code InternalFailure}. */
    public static final AwsJsonProtocol PROTOCOL = AwsJsonProtocol.awsJson1_1(TARGET_PREFIX, "InternalFailure");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** ListDomains and ListUserProfiles: 10 results by default; ListUserProfiles by CreationTime, Ascending (SageMaker API reference). */
    private static final int DEFAULT_MAX_RESULTS = 10;
    private static final int MAX_NEXT_TOKEN = 8192;
    private static final Pattern ANY = Pattern.compile(".*");
    /** What a ListDomains token is bound to: the listing has no filter, so one query. */
    private static final String LIST_DOMAINS = "ListDomains";

    private final String region;
    private final String accountId;
    private final Clock clock;
    private final Map<String, StudioDomain> domains = new LinkedHashMap<>();
    private final Map<ProfileKey, StudioUserProfile> profiles = new LinkedHashMap<>();

    private record ProfileKey(String domainId, String userProfileName) { }

    public SageMakerEmulator(String region, String accountId, Clock clock) {
        super("SageMaker", PROTOCOL, "sagemaker");
        this.region = Objects.requireNonNull(region, "region");
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!accountId.matches("[0-9]{12}")) {
            throw new IllegalArgumentException("accountId must be 12 digits, got " + accountId);
        }
        operation("ListDomains", this::listDomains);
        operation("DescribeDomain", this::describeDomain);
        operation("ListUserProfiles", this::listUserProfiles);
        operation("DescribeUserProfile", this::describeUserProfile);
        adminQuery("put-domain", this::adminPutDomain);
        adminQuery("put-user-profile", this::adminPutUserProfile);
        adminAction("seed-samples", body -> SageMakerSamples.seed(this));
        adminAction("reset", body -> reset());
    }

    /** An empty emulator for us-east-1, account 123456789012, on the system clock. */
    public static SageMakerEmulator create() {
        return new SageMakerEmulator("us-east-1", SageMakerSamples.ACCOUNT_ID, Clock.systemUTC());
    }

    /**
     * An emulator holding one {@code VpcOnly} and one {@code PublicInternetOnly} domain with a few user
     * profiles; see {@link SageMakerSamples} for the ids.
     */
    public static SageMakerEmulator withSampleStudio() {
        SageMakerEmulator emulator = create();
        SageMakerSamples.seed(emulator);
        return emulator;
    }

    // ---- seeding ------------------------------------------------------------------------------------

    /** Adds a domain, or replaces the one with the same id. */
    public synchronized void putDomain(StudioDomain domain) {
        domains.put(domain.domainId(), domain);
    }

    /**
     * Changes an existing domain, for example
     * {@code updateDomain(id, d -> d.withAppNetworkAccessType(PublicInternetOnly, clock.instant()))}.
     *
     * @return the domain as stored after the change
     */
    public synchronized StudioDomain updateDomain(String domainId, UnaryOperator<StudioDomain> change) {
        StudioDomain current = domains.get(domainId);
        if (current == null) {
            throw new IllegalArgumentException("no domain " + domainId + " to update");
        }
        StudioDomain changed = Objects.requireNonNull(change.apply(current), "the change returned null");
        if (!changed.domainId().equals(domainId)) {
            throw new IllegalArgumentException("an update cannot change the domain id (" + domainId + " -> "
                    + changed.domainId() + ")");
        }
        domains.put(domainId, changed);
        return changed;
    }

    /** Adds a user profile, or replaces the one with the same domain and name. */
    public synchronized void putUserProfile(StudioUserProfile profile) {
        if (!domains.containsKey(profile.domainId())) {
            throw new IllegalArgumentException("no domain " + profile.domainId() + " for user profile "
                    + profile.userProfileName() + "; seed the domain first");
        }
        profiles.put(new ProfileKey(profile.domainId(), profile.userProfileName()), profile);
    }

    public synchronized Optional<StudioDomain> domain(String domainId) {
        return Optional.ofNullable(domains.get(domainId));
    }

    /** Removes every domain and user profile. */
    public synchronized void reset() {
        domains.clear();
        profiles.clear();
    }

    // ---- admin actions ------------------------------------------------------------------------------

    private ObjectNode adminPutDomain(ObjectNode body) {
        StudioDomain domain = SageMakerAdminRequests.domain(body, domain(body.path("DomainId").asText()), clock.instant());
        putDomain(domain);
        return domainJson(domain);
    }

    private ObjectNode adminPutUserProfile(ObjectNode body) {
        StudioUserProfile profile = SageMakerAdminRequests.userProfile(body, clock.instant());
        putUserProfile(profile);
        return profileJson(profile);
    }

    // ---- ListDomains --------------------------------------------------------------------------------

    /**
     * Every domain of the account, a page at a time: {@code MaxResults} 1–100 (default 10) is an upper bound,
     * and a {@code NextToken} (0–8192 characters, pattern {@code .*}) resumes the listing (SageMaker API
     * reference, ListDomains). The model has no sort parameter and the order is undocumented: oldest first,
     * ties by id, so that pages never overlap or skip a domain.
     */
    private synchronized ObjectNode listDomains(ObjectNode input) {
        Integer maxResults = optionalInteger(input, "MaxResults");
        String nextToken = optionalText(input, "NextToken");
        new ModelValidation()
                .range("MaxResults", maxResults, 1, 100)
                .pattern("NextToken", nextToken, ANY, MAX_NEXT_TOKEN)
                .throwIfInvalid();
        List<StudioDomain> all = domains.values().stream()
                .sorted(Comparator.comparing(StudioDomain::creationTime).thenComparing(StudioDomain::domainId))
                .toList();
        int limit = maxResults == null ? DEFAULT_MAX_RESULTS : maxResults;
        int offset = nextToken == null || nextToken.isEmpty() ? 0 : PageToken.decode(nextToken, LIST_DOMAINS).orElseThrow(
                () -> AwsServiceError.client("ValidationException", "Invalid pagination token: " + nextToken));
        ArrayNode page = JSON.createArrayNode();
        all.stream().skip(offset).limit(limit).forEach(domain -> page.add(domainDetails(domain)));
        ObjectNode response = JSON.createObjectNode();
        response.set("Domains", page);
        if (offset + limit < all.size()) {
            response.put("NextToken", PageToken.encode(offset + limit, LIST_DOMAINS));
        }
        return response;
    }

    /** ListDomains' DomainDetails: no network settings, which only DescribeDomain reports. */
    private ObjectNode domainDetails(StudioDomain domain) {
        return JSON.createObjectNode()
                .put("DomainArn", domainArn(domain.domainId()))
                .put("DomainId", domain.domainId())
                .put("DomainName", domain.domainName())
                .put("Status", domain.status())
                .put("CreationTime", epochSeconds(domain.creationTime()))
                .put("LastModifiedTime", epochSeconds(domain.lastModifiedTime()))
                .put("Url", studioUrl(domain.domainId()));
    }

    // ---- DescribeDomain -----------------------------------------------------------------------------

    private synchronized ObjectNode describeDomain(ObjectNode input) {
        String domainId = optionalText(input, "DomainId");
        new ModelValidation()
                .required("DomainId", domainId)
                .pattern("DomainId", domainId, SageMakerPatterns.DOMAIN_ID, SageMakerPatterns.DOMAIN_ID_MAX)
                .throwIfInvalid();
        StudioDomain domain = domains.get(domainId);
        if (domain == null) {
            // The error name has no "Exception" suffix (aws-api-notes §2); the message wording is a guess.
            throw AwsServiceError.client("ResourceNotFound", "Domain " + domainArn(domainId) + " does not exist.");
        }
        return domainJson(domain);
    }

    private ObjectNode domainJson(StudioDomain domain) {
        ObjectNode json = JSON.createObjectNode()
                .put("DomainArn", domainArn(domain.domainId()))
                .put("DomainId", domain.domainId())
                .put("DomainName", domain.domainName())
                .put("HomeEfsFileSystemId", domain.homeEfsFileSystemId())
                .put("Status", domain.status())
                .put("CreationTime", epochSeconds(domain.creationTime()))
                .put("LastModifiedTime", epochSeconds(domain.lastModifiedTime()))
                .put("AuthMode", domain.authMode());
        json.set("DefaultUserSettings", userSettings(domain.defaultExecutionRole(), domain.securityGroupIds()));
        json.set("DomainSettings", JSON.createObjectNode().set("SecurityGroupIds", stringArray(domain.securityGroupIds())));
        json.put("AppNetworkAccessType", domain.appNetworkAccessType().name());
        json.set("SubnetIds", stringArray(domain.subnetIds()));
        if (domain.vpcId() != null) {
            json.put("VpcId", domain.vpcId());
        }
        json.put("Url", studioUrl(domain.domainId()));
        if (domain.defaultExecutionRole() != null) {
            json.set("DefaultSpaceSettings", JSON.createObjectNode().put("ExecutionRole", domain.defaultExecutionRole()));
        }
        return json;
    }

    // ---- DescribeUserProfile ------------------------------------------------------------------------

    private synchronized ObjectNode describeUserProfile(ObjectNode input) {
        String domainId = optionalText(input, "DomainId");
        String name = optionalText(input, "UserProfileName");
        new ModelValidation()
                .required("DomainId", domainId)
                .pattern("DomainId", domainId, SageMakerPatterns.DOMAIN_ID, SageMakerPatterns.DOMAIN_ID_MAX)
                .required("UserProfileName", name)
                .pattern("UserProfileName", name, SageMakerPatterns.NAME, SageMakerPatterns.NAME_MAX)
                .throwIfInvalid();
        StudioUserProfile profile = profiles.get(new ProfileKey(domainId, name));
        if (profile == null) {
            // Message wording is a guess; the error name is the modelled ResourceNotFound.
            throw AwsServiceError.client("ResourceNotFound",
                    "User profile " + userProfileArn(domainId, name) + " does not exist.");
        }
        return profileJson(profile);
    }

    private ObjectNode profileJson(StudioUserProfile profile) {
        ObjectNode json = JSON.createObjectNode()
                .put("DomainId", profile.domainId())
                .put("UserProfileArn", userProfileArn(profile.domainId(), profile.userProfileName()))
                .put("UserProfileName", profile.userProfileName())
                .put("HomeEfsFileSystemUid", homeEfsUid(profile))
                .put("Status", profile.status())
                .put("LastModifiedTime", epochSeconds(profile.lastModifiedTime()))
                .put("CreationTime", epochSeconds(profile.creationTime()));
        // A profile without its own role has no ExecutionRole; callers fall back to the domain default
        // (aws-api-notes §2), so the member must be absent rather than null.
        if (profile.executionRole() != null) {
            json.set("UserSettings", userSettings(profile.executionRole(), List.of()));
        }
        return json;
    }

    // ---- ListUserProfiles ---------------------------------------------------------------------------

    private record ListQuery(String domainIdEquals, String nameContains, String sortBy, String sortOrder) {
        String fingerprint() {
            return domainIdEquals + "|" + nameContains + "|" + sortBy + "|" + sortOrder;
        }
    }

    private synchronized ObjectNode listUserProfiles(ObjectNode input) {
        Integer maxResults = optionalInteger(input, "MaxResults");
        String nextToken = optionalText(input, "NextToken");
        ListQuery query = listQuery(input, maxResults, nextToken);
        List<StudioUserProfile> matching = profiles.values().stream()
                .filter(profile -> query.domainIdEquals() == null || profile.domainId().equals(query.domainIdEquals()))
                .filter(profile -> query.nameContains() == null || profile.userProfileName().contains(query.nameContains()))
                .sorted(order(query))
                .toList();
        int limit = maxResults == null ? DEFAULT_MAX_RESULTS : maxResults;
        int offset = startOffset(nextToken, query);
        ArrayNode page = JSON.createArrayNode();
        matching.stream().skip(offset).limit(limit).forEach(profile -> page.add(profileSummary(profile)));
        ObjectNode response = JSON.createObjectNode();
        response.set("UserProfiles", page);
        if (offset + limit < matching.size()) {
            response.put("NextToken", PageToken.encode(offset + limit, query.fingerprint()));
        }
        return response;
    }

    private static ListQuery listQuery(ObjectNode input, Integer maxResults, String nextToken) {
        String domainIdEquals = optionalText(input, "DomainIdEquals");
        String nameContains = optionalText(input, "UserProfileNameContains");
        String sortBy = optionalText(input, "SortBy");
        String sortOrder = optionalText(input, "SortOrder");
        new ModelValidation()
                .range("MaxResults", maxResults, 1, 100)
                .pattern("NextToken", nextToken, ANY, MAX_NEXT_TOKEN)
                .oneOf("SortOrder", sortOrder, List.of("Ascending", "Descending"))
                .oneOf("SortBy", sortBy, List.of("CreationTime", "LastModifiedTime"))
                .pattern("DomainIdEquals", emptyToNull(domainIdEquals), SageMakerPatterns.DOMAIN_ID,
                        SageMakerPatterns.DOMAIN_ID_MAX)
                .pattern("UserProfileNameContains", emptyToNull(nameContains), SageMakerPatterns.NAME_CONTAINS,
                        SageMakerPatterns.NAME_MAX)
                .throwIfInvalid();
        return new ListQuery(emptyToNull(domainIdEquals), emptyToNull(nameContains),
                sortBy == null ? "CreationTime" : sortBy, sortOrder == null ? "Ascending" : sortOrder);
    }

    private static Comparator<StudioUserProfile> order(ListQuery query) {
        Comparator<StudioUserProfile> byTime = query.sortBy().equals("LastModifiedTime")
                ? Comparator.comparing(StudioUserProfile::lastModifiedTime)
                : Comparator.comparing(StudioUserProfile::creationTime);
        // Ties are broken by domain and name so that pages never overlap or skip a profile.
        Comparator<StudioUserProfile> total = byTime
                .thenComparing(StudioUserProfile::domainId)
                .thenComparing(StudioUserProfile::userProfileName);
        return query.sortOrder().equals("Descending") ? total.reversed() : total;
    }

    /** A token we did not issue for this query is refused; the error name and wording are a guess. */
    private static int startOffset(String nextToken, ListQuery query) {
        if (nextToken == null) {
            return 0;
        }
        return PageToken.decode(nextToken, query.fingerprint()).orElseThrow(() ->
                AwsServiceError.client("ValidationException", "Invalid pagination token: " + nextToken));
    }

    private ObjectNode profileSummary(StudioUserProfile profile) {
        return JSON.createObjectNode()
                .put("DomainId", profile.domainId())
                .put("UserProfileName", profile.userProfileName())
                .put("Status", profile.status())
                .put("CreationTime", epochSeconds(profile.creationTime()))
                .put("LastModifiedTime", epochSeconds(profile.lastModifiedTime()));
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private String domainArn(String domainId) {
        return "arn:aws:sagemaker:" + region + ":" + accountId + ":domain/" + domainId;
    }

    private String studioUrl(String domainId) {
        return "https://" + domainId + ".studio." + region + ".sagemaker.aws";
    }

    private String userProfileArn(String domainId, String name) {
        return "arn:aws:sagemaker:" + region + ":" + accountId + ":user-profile/" + domainId + "/" + name;
    }

    /** POSIX uid of the profile's home directory on the domain's EFS; stable per profile. */
    private static String homeEfsUid(StudioUserProfile profile) {
        int spread = Math.floorMod((profile.domainId() + "/" + profile.userProfileName()).hashCode(), 100_000);
        return String.valueOf(200_000 + spread);
    }

    private static ObjectNode userSettings(String executionRole, List<String> securityGroups) {
        ObjectNode settings = JSON.createObjectNode();
        if (executionRole != null) {
            settings.put("ExecutionRole", executionRole);
        }
        if (!securityGroups.isEmpty()) {
            settings.set("SecurityGroups", stringArray(securityGroups));
        }
        return settings;
    }

    private static ArrayNode stringArray(List<String> values) {
        ArrayNode array = JSON.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    /** awsJson timestamps: epoch seconds as a JSON number (aws-api-notes §1.1). */
    private static double epochSeconds(Instant instant) {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
