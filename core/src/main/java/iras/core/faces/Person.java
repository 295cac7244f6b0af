package iras.core.faces;

/**
 * A person as the gallery lists them: the name, how many enrolled images describe them, and the id that addresses
 * them in the API whatever their name holds (a name enrolled before names were checked may hold a slash).
 */
public record Person(String name, int images, String id) {}
