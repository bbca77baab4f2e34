package io.egressallowlist.shared.domain;

/** Thrown by {@link DomainName#of(String)}; callers handling user input use {@link DomainName#parse(String)}. */
public final class InvalidDomainNameException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final DomainName.Reason reason;

    public InvalidDomainNameException(DomainName.Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DomainName.Reason reason() {
        return reason;
    }
}
