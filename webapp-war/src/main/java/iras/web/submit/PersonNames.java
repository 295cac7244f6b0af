package iras.web.submit;

import iras.core.job.ImageJob;

/**
 * The names people are enrolled under in the face gallery. A name is what the service answers for a face, so it is
 * refused rather than quietly changed: a client must learn that its name was not taken as sent. Markup in a name is
 * kept as text: every page escapes it when it shows it.
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
    return name;
  }
}
