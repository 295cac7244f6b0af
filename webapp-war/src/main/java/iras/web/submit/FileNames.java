package iras.web.submit;

/**
 * Turns whatever a client sent as a file name into a short, printable name with no directory parts. Markup in a
 * name is kept as text: every page escapes it when it shows it.
 */
public final class FileNames {
  static final int MAX_LENGTH = 200;

  private FileNames() {}

  public static String sanitize(String submitted) {
    String name = submitted == null ? "" : submitted;
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    // Control characters and invisible format characters (such as right-to-left overrides that disguise an
    // extension) go; everything else a person might name a file stays.
    name = name.codePoints()
        .filter(c -> !invisible(c))
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
        .toString()
        .strip();
    if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
      int dot = name.lastIndexOf('.');
      String ext = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
      name = name.substring(0, name.offsetByCodePoints(0, MAX_LENGTH - ext.length())) + ext;
    }
    return name.isEmpty() || name.equals(".") || name.equals("..") ? "upload" : name;
  }

  /** Control characters and format characters (such as right-to-left overrides): nothing a reader could see. */
  static boolean invisible(int codePoint) {
    return Character.isISOControl(codePoint) || Character.getType(codePoint) == Character.FORMAT;
  }
}
