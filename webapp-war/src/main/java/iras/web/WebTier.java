package iras.web;

import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import iras.core.cloud.Cloud;
import iras.core.faces.GalleryStore;
import iras.core.job.AnswerKey;
import iras.core.settings.Settings;
import iras.web.access.AccessControl;
import iras.web.api.FacesApiServlet;
import iras.web.api.ImagesApiServlet;
import iras.web.course.CourseEndpointServlet;
import iras.web.fleet.FleetServlet;
import iras.web.fleet.RecentAnswers;
import iras.web.fleet.WebjarServlet;
import iras.web.health.HealthServlet;
import iras.web.metrics.MetricsServlet;
import iras.web.metrics.RequestMetrics;
import iras.web.page.Pages;
import iras.web.results.JobStatuses;
import iras.web.results.ResultBroker;
import iras.web.submit.JobSubmitter;
import iras.web.submit.RefusedBodies;
import iras.web.submit.ReusedAnswers;
import iras.web.submit.Sizes;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Wires the web tier into a servlet context: in the WAR it is declared in web.xml and reads its settings from the
 * environment; an embedding server may put ready {@link Settings} in the context attribute {@link #SETTINGS}.
 */
public final class WebTier implements ServletContextListener {
  public static final String SETTINGS = "iras.settings";
  /** Parts past this size spill to disk instead of the heap. */
  private static final int IN_MEMORY_PART = 256 * 1024;

  private Cloud cloud;
  private ResultBroker results;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    Settings settings = context.getAttribute(SETTINGS) instanceof Settings s ? s : Settings.load();
    CourseEndpointServlet.Answer answer = CourseEndpointServlet.Answer.parse(settings.courseAnswer());
    PrometheusRegistry metrics = new PrometheusRegistry();
    RecentAnswers answers = new RecentAnswers(Clock.systemUTC());
    cloud = Cloud.connect(settings);
    results = new ResultBroker(cloud, settings.resultTimeout(), metrics, answers, Clock.systemUTC());
    ReusedAnswers reused = new ReusedAnswers(cloud.answers(), AnswerKey.modelIdentity(settings),
        settings.faceModel() ? GalleryStore.of(cloud) : null, Clock.systemUTC(), metrics);
    JobSubmitter submitter =
        new JobSubmitter(cloud, results, reused, settings.maxFileSize(), settings.maxPixels(),
            settings.maxBacklog(), metrics);
    queueGauge(metrics, "iras_request_queue_visible", "Jobs waiting on the request queue (approximate).",
        () -> cloud.requests().depth().visible());
    queueGauge(metrics, "iras_request_queue_in_flight", "Jobs a worker holds (approximate).",
        () -> cloud.requests().depth().inFlight());
    Pages pages = new Pages(context, Map.of(
        "maxFileSize", settings.maxFileSize(),
        "maxFileSizeText", Sizes.human(settings.maxFileSize()),
        "maxRequestSize", settings.maxRequestSize(),
        "maxFiles", settings.maxFiles(),
        // The People section is only of use when workers answer with faces.
        "faces", settings.faceModel()));

    FilterRegistration.Dynamic measured =
        context.addFilter("metrics", new RequestMetrics(metrics,
            Set.of("course", "api", "faces", "health", "metrics", "fleet", "webjars")));
    measured.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    measured.setAsyncSupported(true);
    FilterRegistration.Dynamic refused = context.addFilter("refused-bodies", new RefusedBodies());
    refused.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    refused.setAsyncSupported(true);
    AccessControl.install(context, settings, cloud, Clock.systemUTC(), System.out);

    ServletRegistration.Dynamic root = context.addServlet("course",
        new CourseEndpointServlet(submitter, pages, settings.resultTimeout(), settings.maxFileSize(), answer));
    // "" is the servlet spec's exact match for the context root, so other paths stay free.
    root.addMapping("");
    root.setAsyncSupported(true);
    root.setMultipartConfig(multipart(CourseEndpointServlet.maxRequestSize(settings.maxFileSize())));

    ServletRegistration.Dynamic api = context.addServlet("api", new ImagesApiServlet(
        submitter, new JobStatuses(cloud, results), settings.maxRequestSize(), settings.maxFiles()));
    api.addMapping("/api/images", "/api/images/*");
    api.setMultipartConfig(multipart(settings.maxRequestSize()));

    ServletRegistration.Dynamic faces = context.addServlet("faces", new FacesApiServlet(submitter,
        GalleryStore.of(cloud), settings.maxRequestSize(), settings.maxFiles(), settings.resultTimeout(),
        settings.model(), settings.faceModel()));
    faces.addMapping("/api/faces", "/api/faces/*");
    faces.setMultipartConfig(multipart(settings.maxRequestSize()));

    context.addServlet("health", new HealthServlet(cloud, results)).addMapping("/healthz");
    context.addServlet("metrics", new MetricsServlet(metrics)).addMapping("/metrics");
    context.addServlet("fleet", new FleetServlet(pages, settings.controllerStatusUrl(), answers, Clock.systemUTC()))
        .addMapping("/fleet", "/fleet/*");
    context.addServlet("webjars", new WebjarServlet()).addMapping("/webjars/*");
  }

  /** A gauge read at each scrape; while the queue does not answer, the scrape leaves it out rather than failing. */
  private static void queueGauge(PrometheusRegistry metrics, String name, String help, IntSupplier value) {
    GaugeWithCallback.builder().name(name).help(help).callback(gauge -> {
      int v;
      try {
        v = value.getAsInt();
      } catch (RuntimeException unreachable) {
        return;
      }
      gauge.call(v);
    }).register(metrics);
  }

  /**
   * Files are measured one by one by the submitter, which names the file that is too large; the container bounds
   * the whole request. Not every container gives a context a temp folder, so the JVM's is named.
   */
  private static MultipartConfigElement multipart(long maxRequestSize) {
    return new MultipartConfigElement(System.getProperty("java.io.tmpdir"), -1, maxRequestSize, IN_MEMORY_PART);
  }

  /**
   * Answers every client still waiting on {@code POST /} with a 503 that names its job, so a stopping server ends
   * those waits itself; call it while connections are still open (an embedding server does, before it stops).
   */
  public void stopWaiting() {
    if (results != null) {
      results.stopWaiting();
    }
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    if (results != null) {
      results.stopWaiting();
      results.close();
    }
    if (cloud != null) {
      cloud.close();
    }
  }
}
