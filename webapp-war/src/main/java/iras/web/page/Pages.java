package iras.web.page;

import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/** Renders the site's Thymeleaf pages; the templates ship on the classpath so the WAR and the embedded server share them. */
public final class Pages {
  private final TemplateEngine engine = new TemplateEngine();
  private final JakartaServletWebApplication application;

  public Pages(ServletContext context) {
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(Pages.class.getClassLoader());
    resolver.setPrefix("iras/templates/");
    resolver.setSuffix(".html");
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setCharacterEncoding("UTF-8");
    resolver.setCacheable(true);
    engine.setTemplateResolver(resolver);
    application = JakartaServletWebApplication.buildApplication(context);
  }

  public void render(String template, Map<String, Object> model, HttpServletRequest req, HttpServletResponse resp)
      throws IOException {
    WebContext ctx = new WebContext(application.buildExchange(req, resp), req.getLocale(), model);
    resp.setContentType("text/html;charset=UTF-8");
    engine.process(template, ctx, resp.getWriter());
  }
}
