package io.egressallowlist.shared.domain;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** A named policy rule refusing any request that touches one of its patterns. */
public record DenyRule(String name, List<DomainPattern> patterns, String reason) {

    static final Pattern NAME_FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    public DenyRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
        patterns = List.copyOf(patterns);
        if (!NAME_FORMAT.matcher(name).matches()) {
            throw new IllegalArgumentException(Quoting.quote(name) + " is not a rule name: use lower-case "
                    + "letters, digits and hyphens, such as paste-sites.");
        }
        if (patterns.isEmpty() || reason.isBlank()) {
            throw new IllegalArgumentException("Deny rule '" + name + "' needs at least one pattern and a reason.");
        }
    }

    /** The first pattern the request overlaps (see {@link DomainPattern#overlaps}), if any. */
    public Optional<DomainPattern> match(DomainName requested) {
        return patterns.stream().filter(pattern -> pattern.overlaps(requested)).findFirst();
    }
}
