package iras.model.image;

/** Decoded pixels, {@code 0xRRGGBB} each, row after row. */
record Pixels(int[] rgb, int width, int height) {}
