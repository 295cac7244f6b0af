package iras.core.access;

/** A key just made: the only moment its secret is known to the service, to be handed to its holder once. */
public record IssuedKey(ApiKey key, String secret) {}
