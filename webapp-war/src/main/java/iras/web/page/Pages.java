package iras.web.page;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/**
 * Renders the site's Thymeleaf pages; the templates ship on the classpath so the WAR and the embedded server share
 * them. Every page gets a content security policy that lets only its own inline script and style run, so a file
 * name that slipped through as markup could not run script even if a template forgot to escape it.
 */
public final class Pages {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final TemplateEngine engine = new TemplateEngine();
  private final JakartaServletWebApplication application;
  private final Map<String, Object> limits;

  /** @param limits values every page may show or pass to its script (upload limits) */
  public Pages(ServletContext context, Map<String, Object> limits) {
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(Pages.class.getClassLoader());
    resolver.setPrefix("iras/templates/");
    resolver.setSuffix(".html");
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(true);
    engine.setTemplateResolver(resolver);
    application = JakartaServletWebApplication.buildApplication(context);
    this.limits = Map.copyOf(limits);
  }

  public void upload(HttpServletRequest req, HttpServletResponse resp) throws IOException {
    render("upload", Map.of(), req, resp);
  }

  public void render(String template, Map<String, Object> model, HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    String nonce = Base64.getEncoder().encodeToString(random);
    Map<String, Object> variables = new HashMap<>(limits);
    variables.putAll(model);
    variables.put("nonce", nonce);
    resp.setHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' blob: data:; "
        + "script-src 'nonce-" + nonce + "'; style-src 'nonce-" + nonce + "'; object-src 'none'; base-uri 'none'; "
        + "frame-ancestors 'none'");
    resp.setContentType("text/html;charset=UTF-8");
    WebContext ctx = new WebContext(application.buildExchange(req, resp), req.getLocale(), variables);
    engine.process(template, ctx, resp.getWriter());
  }
}
