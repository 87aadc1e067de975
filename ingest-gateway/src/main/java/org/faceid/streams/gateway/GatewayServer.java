package org.faceid.streams.gateway;

import io.javalin.Javalin;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.faceid.streams.gateway.auth.ApiKeyDirectory;
import org.faceid.streams.gateway.auth.ConcurrencyLimiter;
import org.faceid.streams.gateway.kafka.RequestPublisher;
import org.faceid.streams.gateway.kafka.ResultListener;

/**
 * The HTTP server: Javalin (Jetty) with the six calls under {@code /faceid/lite/raw/}, every other
 * path API_NOT_FOUND, and {@code GET /healthz}.
 */
public final class GatewayServer implements AutoCloseable {

  public static final String BASE_PATH = "/faceid/lite/raw/";

  private final String gatewayId = "gw-" + UUID.randomUUID();
  private final ApiKeyDirectory keys;
  private final RequestPublisher publisher;
  private final ResultListener results;
  private final ConcurrencyLimiter limiter = new ConcurrencyLimiter();
  private final Javalin app;

  private GatewayServer(GatewayConfig config, BooleanSupplier processorsReady) {
    keys = new ApiKeyDirectory(config.bootstrapServers());
    publisher = new RequestPublisher(config.bootstrapServers());
    results = new ResultListener(config.bootstrapServers(), gatewayId);
    ApiHandler handler = new ApiHandler(config, gatewayId, keys, limiter, publisher, results);
    app = Javalin.create(c -> {
      c.showJavalinBanner = false;
      c.useVirtualThreads = true;
    });
    app.post(BASE_PATH + "{api}", handler::handle);
    app.get("/healthz", ctx -> {
      boolean ready = keys.caughtUp() && processorsReady.getAsBoolean();
      ctx.status(ready ? 200 : 503).contentType("application/json")
          .result(ready ? "{\"status\":\"UP\"}" : "{\"status\":\"STARTING\"}");
    });
    app.error(404, handler::notFound);
    app.exception(Exception.class, (e, ctx) -> handler.internalError(ctx, e));
    app.start(config.host(), config.port());
  }

  public static GatewayServer start(GatewayConfig config, BooleanSupplier processorsReady) {
    return new GatewayServer(config, processorsReady);
  }

  public int port() {
    return app.port();
  }

  public String gatewayId() {
    return gatewayId;
  }

  /** True once the gateway has read every api key that existed when it started. */
  public boolean keysLoaded() {
    return keys.caughtUp();
  }

  /** Whether an api key has reached this gateway (keys arrive through Kafka, asynchronously). */
  public boolean knowsKey(String apiKey) {
    return keys.knows(apiKey);
  }

  /** Requests of this api key in flight on this gateway: admitted and not yet answered. */
  public int inFlight(String apiKey) {
    return limiter.inFlight(apiKey);
  }

  @Override
  public void close() {
    app.stop();
    results.close();
    publisher.close();
    keys.close();
  }
}
