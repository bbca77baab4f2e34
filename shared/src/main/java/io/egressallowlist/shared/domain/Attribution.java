package io.egressallowlist.shared.domain;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * To whom a blocked attempt is attributed, as finely as the evidence supports, and by which evidence. A person
 * sees the attempts attributed to their own user profile; everything else (a space, a whole Studio domain,
 * nobody) is for approvers only.
 */
public sealed interface Attribution {

    /** What the attribution rests on (docs/aws-api-notes.md, "Blocked attempts"). */
    enum Evidence {
        /** Tags on the network interface that holds the source address name the user profile or space. */
        INTERFACE_TAGS,
        /** The API caller that last called the private API from the source address, within a bounded window. */
        API_CALLER_SOURCE,
        /** The source address is on an interface in a subnet of the Studio domain. */
        INTERFACE_SUBNET,
        /** Nothing ties the address to anyone. */
        NONE
    }

    /** One function per case, so that a new case fails compilation wherever it is not handled. */
    record Cases<R>(Function<? super UserProfile, ? extends R> userProfile,
            Function<? super Space, ? extends R> space,
            Function<? super StudioDomain, ? extends R> studioDomain,
            Function<? super Unattributed, ? extends R> unattributed) { }

    <R> R match(Cases<R> cases);

    Evidence evidence();

    /**
     * The stored key of whom this names, without the evidence: {@code profile#<domain>#<name>},
     * {@code space#<domain>#<name>}, {@code domain#<domain>} or {@code unattributed}.
     */
    String subjectKey();

    /** A Studio user profile: a person. */
    record UserProfile(String domainId, String userProfileName, Evidence evidence) implements Attribution {
        public UserProfile {
            Names.requireDomainId(domainId);
            Names.requireResourceName(userProfileName, "user profile");
            Objects.requireNonNull(evidence, "evidence");
        }

        @Override public <R> R match(Cases<R> cases) { return cases.userProfile().apply(this); }

        @Override public String subjectKey() { return "profile#" + domainId + "#" + userProfileName; }
    }

    /** A Studio space (shared or private): which person used it, the space does not say. */
    record Space(String domainId, String spaceName, Evidence evidence) implements Attribution {
        public Space {
            Names.requireDomainId(domainId);
            Names.requireResourceName(spaceName, "space");
            Objects.requireNonNull(evidence, "evidence");
        }

        @Override public <R> R match(Cases<R> cases) { return cases.space().apply(this); }

        @Override public String subjectKey() { return "space#" + domainId + "#" + spaceName; }
    }

    /** Some app of a Studio domain. */
    record StudioDomain(String domainId, Evidence evidence) implements Attribution {
        public StudioDomain {
            Names.requireDomainId(domainId);
            Objects.requireNonNull(evidence, "evidence");
        }

        @Override public <R> R match(Cases<R> cases) { return cases.studioDomain().apply(this); }

        @Override public String subjectKey() { return "domain#" + domainId; }
    }

    /** Nobody the evidence can name. */
    record Unattributed() implements Attribution {
        @Override public <R> R match(Cases<R> cases) { return cases.unattributed().apply(this); }

        @Override public Evidence evidence() { return Evidence.NONE; }

        @Override public String subjectKey() { return "unattributed"; }
    }

    /** The attribution a stored subject key and evidence name; empty when the key is not one. */
    static Optional<Attribution> fromStored(String subjectKey, Evidence evidence) {
        if (subjectKey == null || evidence == null) {
            return Optional.empty();
        }
        String[] parts = subjectKey.split("#", -1);
        try {
            switch (parts[0]) {
                case "profile":
                    return parts.length == 3 ? Optional.of(new UserProfile(parts[1], parts[2], evidence)) : Optional.empty();
                case "space":
                    return parts.length == 3 ? Optional.of(new Space(parts[1], parts[2], evidence)) : Optional.empty();
                case "domain":
                    return parts.length == 2 ? Optional.of(new StudioDomain(parts[1], evidence)) : Optional.empty();
                case "unattributed":
                    return parts.length == 1 ? Optional.of(new Unattributed()) : Optional.empty();
                default:
                    return Optional.empty();
            }
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }

    /** SageMaker's formats for the names an attribution carries. */
    final class Names {
        /** CreateDomain's DomainId, {@code d-} and lower-case letters and digits. */
        private static final Pattern DOMAIN_ID = Pattern.compile("d-[a-z0-9]{1,63}");
        /** UserProfileName and SpaceName: {@code ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}} (SageMaker API reference). */
        private static final Pattern RESOURCE_NAME = Pattern.compile("[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}");

        private Names() {
        }

        static void requireDomainId(String domainId) {
            if (domainId == null || !DOMAIN_ID.matcher(domainId).matches()) {
                throw new IllegalArgumentException("not a Studio domain id");
            }
        }

        static void requireResourceName(String name, String what) {
            if (name == null || !RESOURCE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("not a Studio " + what + " name");
            }
        }
    }
}
