package iras.web.access;

import iras.core.access.AdminKeys;
import iras.core.access.ApiKeys;
import iras.core.cloud.Cloud;
import iras.core.settings.Settings;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Puts who-may-do-what in front of a web tier's servlets (docs/SECURITY.md). */
public final class AccessControl {
  private static final Logger log = LoggerFactory.getLogger(AccessControl.class);
  /** Long enough that it cannot be guessed; the keys this service makes have 256 random bits. */
  private static final int SHORTEST_AUTOMATION_KEY = 20;

  private AccessControl() {}

  /**
   * Register before the servlets' own filters run a request's body through them. A deployment with no admin key
   * gets one here, printed once on {@code out}.
   */
  public static void install(ServletContext context, Settings settings, Cloud cloud, Clock clock, PrintStream out) {
    settings.adminKey().filter(k -> k.strip().length() < SHORTEST_AUTOMATION_KEY).ifPresent(k -> {
      throw new IllegalArgumentException("IRAS_ADMIN_KEY (iras.access.admin-key) has " + k.strip().length()
          + " characters; use at least " + SHORTEST_AUTOMATION_KEY + ", or leave it empty and use `iras keys add`.");
    });
    ApiKeys keys = ApiKeys.of(cloud, clock);
    if (settings.adminKey().isEmpty()) {
      AdminKeys.ensure(keys).ifPresent(made -> out.printf("This deployment had no admin key; one was made (%s)."
          + " It is shown only this once, keep it: %s%n", made.key().id(), made.secret()));
    }
    boolean uploadsOpen = uploadsOpen(settings);
    log.info("{}; the gallery, /metrics and /fleet need an admin key", uploadsOpen ? "uploads are open to anyone"
        : settings.course() ? "POST / is open (the course's clients send no key), /api/images needs a key"
        : "uploads need a key");
    Callers callers = new Callers(keys, settings.adminKey(), clock);
    Sessions sessions = new Sessions(clock, settings.sessionLength());
    FilterRegistration.Dynamic filter = context.addFilter("access", new AccessFilter(callers, sessions,
        new EnrolmentQuota(settings.enrolmentsPerHour(), clock), uploadsOpen, settings.course()));
    filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
    filter.setAsyncSupported(true);
    context.addServlet("session", new SessionServlet(callers, sessions)).addMapping("/session");
  }

  /**
   * Whether anyone may upload without a key: as the setting says, and by default only while the web tier listens on
   * loopback, where only this machine's users reach it.
   */
  public static boolean uploadsOpen(Settings settings) {
    return switch (settings.openUploads().strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      case "auto" -> loopback(settings.webBindAddress());
      default -> throw new IllegalArgumentException("iras.access.open-uploads (IRAS_OPEN_UPLOADS) is '"
          + settings.openUploads() + "': use auto, true or false.");
    };
  }

  /**
   * An address not settled yet ("auto", or empty) is taken for every interface: {@code iras local} settles it before
   * its web tier starts, and a server that cannot say where it listens is not assumed to be private.
   */
  private static boolean loopback(String bindAddress) {
    if (bindAddress.isBlank() || bindAddress.strip().equals("auto")) {
      return false;
    }
    try {
      return InetAddress.getByName(bindAddress).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
