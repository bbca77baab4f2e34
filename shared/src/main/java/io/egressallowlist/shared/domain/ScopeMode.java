package io.egressallowlist.shared.domain;

import java.util.Locale;

/**
 * How a scope's rule group treats a domain its list does not hold.
 */
public enum ScopeMode {
    /** Blocked: the list is an allow-list (the firewall drops and logs the rest). */
    ENFORCE,
    /**
     * Passed and recorded as would-have-been-blocked: a new team's list is learnt from its traffic, then switched to
     * {@link #ENFORCE} through an approved request.
     */
    LEARN;

    /** {@code enforce} or {@code learn}, in any case. */
    public static ScopeMode parse(String text) {
        if (text != null) {
            for (ScopeMode mode : values()) {
                if (mode.name().equals(text.trim().toUpperCase(Locale.ROOT))) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException((text == null ? "nothing" : Quoting.quote(text))
                + " is not a mode: use enforce or learn.");
    }

    /** {@code enforce} / {@code learn}: how the mode is written in files, the API and messages. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
