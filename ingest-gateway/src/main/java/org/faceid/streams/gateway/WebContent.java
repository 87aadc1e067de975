package org.faceid.streams.gateway;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * What the gateway serves besides the API: the H5 capture page at {@code /h5/} and the API's
 * OpenAPI description at {@code /openapi.yaml}, both from the classpath.
 */
final class WebContent {

  static final String PAGE_PATH = "/h5";
  static final String OPENAPI_PATH = "/openapi.yaml";

  /**
   * The page loads its own scripts and styles only, talks to this origin only and may show the
   * camera (mediastream:), its recording (blob:) and the answer's images (data:). Nothing frames it.
   */
  static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
      + "img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self'; "
      + "form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

  private static final Map<String, String> PAGE_HEADERS = Map.of(
      "Content-Security-Policy", PAGE_POLICY,
      "X-Content-Type-Options", "nosniff",
      "Referrer-Policy", "no-referrer",
      "Permissions-Policy", "camera=(self), microphone=(self)",
      "Cache-Control", "no-cache");

  private WebContent() {}

  static void configure(JavalinConfig config) {
    config.staticFiles.add(files -> {
      files.hostedPath = PAGE_PATH;
      files.directory = "/h5";
      files.location = Location.CLASSPATH;
      files.headers = PAGE_HEADERS;
    });
  }

  static void routes(Javalin app) {
    byte[] openApi = resource("/openapi.yaml");
    app.get(OPENAPI_PATH, ctx -> ctx.contentType("application/yaml; charset=utf-8")
        .header("X-Content-Type-Options", "nosniff").result(openApi));
  }

  private static byte[] resource(String name) {
    try (InputStream in = WebContent.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the gateway's classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
