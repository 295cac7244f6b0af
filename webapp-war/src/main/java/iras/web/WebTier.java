package iras.web;

import iras.core.cloud.Cloud;
import iras.core.settings.Settings;
import iras.web.course.CourseEndpointServlet;
import iras.web.health.HealthServlet;
import iras.web.page.Pages;
import iras.web.results.ResultBroker;
import iras.web.submit.JobSubmitter;
import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletRegistration;

/**
 * Wires the web tier into a servlet context: in the WAR it is declared in web.xml and reads its settings from the
 * environment; an embedding server may put ready {@link Settings} in the context attribute {@link #SETTINGS}.
 */
public final class WebTier implements ServletContextListener {
  public static final String SETTINGS = "iras.settings";

  private Cloud cloud;
  private ResultBroker results;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    Settings settings =
        context.getAttribute(SETTINGS) instanceof Settings s ? s : Settings.load();
    cloud = Cloud.connect(settings);
    results = new ResultBroker(cloud);
    JobSubmitter submitter = new JobSubmitter(cloud, results);

    ServletRegistration.Dynamic root =
        context.addServlet(
            "course", new CourseEndpointServlet(submitter, new Pages(context), settings.resultTimeout()));
    // "" is the servlet spec's exact match for the context root, so other paths stay free.
    root.addMapping("");
    root.setAsyncSupported(true);
    long maxFile = settings.maxFileSize();
    // Parts past 256 KiB spill to disk instead of the heap; not every container gives a context a temp folder.
    root.setMultipartConfig(new MultipartConfigElement(
        System.getProperty("java.io.tmpdir"), maxFile, maxFile + 64 * 1024, 256 * 1024));

    context.addServlet("health", new HealthServlet(cloud, results)).addMapping("/healthz");
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    if (results != null) {
      results.close();
    }
    if (cloud != null) {
      cloud.close();
    }
  }
}
