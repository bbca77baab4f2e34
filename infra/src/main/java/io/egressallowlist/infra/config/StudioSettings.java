package io.egressallowlist.infra.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * What the Studio stack is built from.
 *
 * @param domainName   the SageMaker domain's name
 * @param userProfiles the user profiles to create, one per data scientist
 */
public record StudioSettings(String domainName, List<String> userProfiles) {

    public static final String DEFAULT_DOMAIN_NAME = "egress-protected-studio";
    public static final List<String> DEFAULT_USER_PROFILES = List.of("data-scientist");

    /** SageMaker's pattern for domain and user profile names. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");

    public StudioSettings {
        requireName("studioDomainName", domainName);
        userProfiles = List.copyOf(userProfiles);
        userProfiles.forEach(p -> requireName("studioUserProfiles", p));
        if (userProfiles.stream().distinct().count() != userProfiles.size()) {
            throw new IllegalArgumentException("studioUserProfiles lists a profile twice: " + userProfiles + ".");
        }
    }

    public static StudioSettings defaults() {
        return new StudioSettings(DEFAULT_DOMAIN_NAME, DEFAULT_USER_PROFILES);
    }

    public static StudioSettings from(ContextValues context) {
        return new StudioSettings(context.string("studioDomainName", DEFAULT_DOMAIN_NAME),
                context.list("studioUserProfiles", DEFAULT_USER_PROFILES));
    }

    private static void requireName(String key, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(key + ": '" + name + "' is not a valid SageMaker name "
                    + "(letters, digits and hyphens, up to 63 characters, not starting or ending with a hyphen).");
        }
    }
}
