package iras.core.access;

import java.time.Instant;

/**
 * An API key as the deployment knows it: never the secret itself, which only its holder has.
 *
 * @param id the key's public part, which names it in lists and in {@code iras keys revoke}
 */
public record ApiKey(String id, Role role, String label, Instant created) {}
