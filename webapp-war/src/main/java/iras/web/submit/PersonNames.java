package iras.web.submit;

import iras.core.job.ImageJob;

/**
 * The names people are enrolled under in the face gallery. A name is what the service answers for a face, so it is
 * refused rather than quietly changed: a client must learn that its name was not taken as sent. The allowed set
 * (letters, digits, spaces and {@code - ' .}) holds people's names and leaves out markup, path separators, percent
 * escapes and the leading characters a spreadsheet takes for a formula; pages escape names all the same, for those
 * stored before.
 */
public final class PersonNames {
  public static final int MAX_LENGTH = 100;

  private PersonNames() {}

  /** @return the name without surrounding spaces */
  public static String check(String submitted) throws RejectedUpload {
    String name = submitted == null ? "" : submitted.strip();
    if (name.isEmpty()) {
      throw new RejectedUpload(400, "The person's name is empty: send it in the form field 'name', for example"
          + " -F name=Paul.");
    }
    int length = name.codePointCount(0, name.length());
    if (length > MAX_LENGTH) {
      throw new RejectedUpload(400, "The person's name is " + length + " characters long; use at most " + MAX_LENGTH
          + ".");
    }
    int bytes = ImageJob.messageBytes(name);
    if (bytes > ImageJob.MAX_PERSON_BYTES) {
      // Only names mostly outside ASCII get here: the request message that carries the name is 1024 bytes at most.
      throw new RejectedUpload(400, "The person's name takes " + bytes + " bytes; use at most "
          + ImageJob.MAX_PERSON_BYTES + " (" + MAX_LENGTH + " characters of plain ASCII, fewer of other scripts).");
    }
    if (name.codePoints().anyMatch(FileNames::invisible)) {
      throw new RejectedUpload(400, "The person's name contains control or invisible formatting characters"
          + " (such as a line break or a tab): send it as plain text.");
    }
    if ("=+-@".indexOf(name.charAt(0)) >= 0) {
      throw new RejectedUpload(400, "The person's name begins with '" + name.charAt(0) + "', which a spreadsheet"
          + " takes for a formula: begin it with a letter or a digit.");
    }
    int refused = name.codePoints().filter(c -> !allowed(c)).findFirst().orElse(-1);
    if (refused >= 0) {
      throw new RejectedUpload(400, "The person's name holds '" + Character.toString(refused) + "'; a name may hold"
          + " letters, digits, spaces and - ' . only.");
    }
    if (name.codePoints().noneMatch(Character::isLetterOrDigit)) {
      throw new RejectedUpload(400, "The person's name holds no letter or digit: send the name itself.");
    }
    return name;
  }

  /** Letters with their accents (also as combining marks), digits, spaces, and - ' . */
  private static boolean allowed(int c) {
    int type = Character.getType(c);
    return Character.isLetterOrDigit(c) || type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK || c == ' ' || c == '-' || c == '\'' || c == '.';
  }
}
