package dev.warren.auth;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;
import java.util.Optional;

/** What a key may do; each role includes every role below it (viewer < publisher < operator < admin). */
public enum Role {
    VIEWER, PUBLISHER, OPERATOR, ADMIN;

    /** Whether this role includes that one. */
    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /** The role just below this one, or null for the lowest. */
    public Role below() {
        return ordinal() == 0 ? null : values()[ordinal() - 1];
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String text) {
        for (Role role : values()) {
            if (role.json().equals(text)) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }
}
