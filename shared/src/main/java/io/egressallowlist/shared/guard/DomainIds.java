package io.egressallowlist.shared.guard;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Studio domain ids and ARNs as they appear in configuration and CloudTrail records. */
public final class DomainIds {

    /** The model's pattern for DomainId (aws-api-notes §2), with its length bound. */
    private static final Pattern DOMAIN_ID = Pattern.compile("^d-(-*[a-z0-9]){1,61}$");
    private static final Pattern DOMAIN_ARN = Pattern.compile("^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\\d{12}:domain/(.+)$");

    private DomainIds() {
    }

    public static boolean isValid(String domainId) {
        return domainId != null && domainId.length() <= 63 && DOMAIN_ID.matcher(domainId).matches();
    }

    /** The domain id at the end of a domain ARN, if it is one. */
    public static Optional<String> fromArn(String arn) {
        if (arn == null) {
            return Optional.empty();
        }
        Matcher matcher = DOMAIN_ARN.matcher(arn);
        return matcher.matches() && isValid(matcher.group(1)) ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
