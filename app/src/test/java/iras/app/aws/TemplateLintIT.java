package iras.app.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** deploy/aws/iras.yaml, as packed into the app, passes cfn-lint (CloudFormation's own rules and resource specs). */
class TemplateLintIT {
  @Test
  void templatePassesCfnLint() throws Exception {
    Path template = Path.of(TemplateLintIT.class.getResource("/iras/app/aws/iras.yaml").toURI());
    Process lint;
    try {
      lint = new ProcessBuilder("cfn-lint", "--", template.toString()).redirectErrorStream(true).start();
    } catch (IOException notInstalled) {
      Assumptions.abort("cfn-lint is not installed here (pip install cfn-lint): skipping the template's lint");
      return;
    }
    String report = new String(lint.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(true, lint.waitFor(5, TimeUnit.MINUTES), "cfn-lint finished");
    assertEquals(0, lint.exitValue(), "cfn-lint reports:\n" + report);
  }
}
