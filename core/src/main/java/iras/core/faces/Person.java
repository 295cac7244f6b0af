package iras.core.faces;

/** A person as the gallery lists them: the name, and how many enrolled images describe them. */
public record Person(String name, int images) {}
