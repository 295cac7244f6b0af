package iras.model.face;

/**
 * The gallery's answer for one descriptor.
 *
 * @param name             the person with the nearest enrolled descriptor
 * @param distance         Euclidean distance to that descriptor
 * @param runnerUp         the nearest other person, or null when the gallery holds only one
 * @param runnerUpDistance distance to the runner-up's nearest descriptor, or NaN when there is none
 */
public record GalleryMatch(String name, double distance, String runnerUp, double runnerUpDistance) {}
