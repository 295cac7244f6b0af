package iras.core.access;

import java.util.Locale;

/**
 * What a caller may do. A user uploads images and reads their answers; an admin also manages the face gallery and
 * reads the service's metrics and fleet.
 */
public enum Role {
  USER,
  ADMIN;

  public boolean covers(Role needed) {
    return this == ADMIN || needed == USER;
  }

  /** The lower-case name used on the command line and in stored keys. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** @throws IllegalArgumentException naming the roles there are */
  public static Role parse(String text) {
    for (Role role : values()) {
      if (role.label().equalsIgnoreCase(text.strip())) {
        return role;
      }
    }
    throw new IllegalArgumentException("No role '" + text + "': use user or admin.");
  }
}
