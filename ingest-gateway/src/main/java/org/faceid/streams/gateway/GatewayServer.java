package org.faceid.streams.gateway;

import io.javalin.Javalin;
import java.util.Properties;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.Connector;
import org.faceid.streams.gateway.auth.ApiKeyDirectory;
import org.faceid.streams.gateway.auth.ApiKeyFeed;
import org.faceid.streams.gateway.auth.Authenticator;
import org.faceid.streams.gateway.auth.ConcurrencyLimiter;
import org.faceid.streams.gateway.form.UploadBudget;
import org.faceid.streams.gateway.kafka.KafkaClientSettings;
import org.faceid.streams.gateway.kafka.RequestPublisher;
import org.faceid.streams.gateway.kafka.ResultListener;
import org.faceid.streams.gateway.metrics.GatewayMetrics;

/**
 * The HTTP server: Javalin (Jetty) with the six calls under {@code /faceid/lite/raw/}, every other
 * path API_NOT_FOUND, {@code GET /healthz}, {@code GET /metrics} (Prometheus text format), the H5 page at
 * {@code /h5/} and {@code /openapi.yaml}.
 */
public final class GatewayServer implements AutoCloseable {

  public static final String BASE_PATH = "/faceid/lite/raw/";
  /** The operator's calls (the identity registry), outside the vendor's API. */
  public static final String ADMIN_PATH = "/faceid/admin/";

  private final String gatewayId = "gw-" + UUID.randomUUID();
  private final ApiKeyDirectory keys = new ApiKeyDirectory();
  private final ApiKeyFeed keyFeed;
  private final Authenticator authenticator;
  private final RequestPublisher publisher;
  private final ResultListener results;
  private final ConcurrencyLimiter limiter = new ConcurrencyLimiter();
  private final UploadBudget budget;
  private final GatewayMetrics metrics;
  private final Javalin app;

  private GatewayServer(GatewayConfig config, BooleanSupplier processorsReady, GatewayMetrics metrics) {
    GatewayLimits limits = config.limits();
    Properties clientBase = KafkaClientSettings.base(config.bootstrapServers(), config.kafkaClient());
    keyFeed = new ApiKeyFeed(clientBase, keys);
    authenticator = new Authenticator(keys, limits.login());
    publisher = new RequestPublisher(clientBase);
    results = new ResultListener(clientBase, gatewayId);
    budget = limits.uploadBudgetBytes() > 0 ? new UploadBudget(limits.uploadBudgetBytes()) : UploadBudget.fromHeap();
    this.metrics = metrics;
    keyFeed.bindMetrics(metrics);
    publisher.bindMetrics(metrics);
    results.bindMetrics(metrics);
    ApiHandler handler = new ApiHandler(config, gatewayId, keys, authenticator, limiter, budget, publisher, results, metrics);
    app = Javalin.create(c -> {
      c.showJavalinBanner = false;
      c.useVirtualThreads = true;
      // Sockets are bounded too: past the cap, new connections wait in the accept backlog.
      c.jetty.modifyServer(server -> server.addBean(new ConnectionLimit(limits.maxConnections(), server)));
      WebContent.configure(c);
    });
    WebContent.routes(app);
    app.post(BASE_PATH + "{api}", handler::handle);
    app.post(ADMIN_PATH + "{api}", handler::handle);
    app.get("/healthz", ctx -> {
      boolean ready = keys.caughtUp() && processorsReady.getAsBoolean();
      ctx.status(ready ? 200 : 503).contentType("application/json")
          .result(ready ? "{\"status\":\"UP\"}" : "{\"status\":\"STARTING\"}");
    });
    // Unauthenticated, as scrapers expect: it holds counts and timings only, no key, biz_no or
    // request id (see README, "Metrics").
    app.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
    app.error(404, handler::notFound);
    app.exception(Exception.class, (e, ctx) -> handler.internalError(ctx, e));
    app.start(config.host(), config.port());
    // A connection that sends nothing for this long is closed, ending a stalled upload's read.
    for (Connector connector : app.jettyServer().server().getConnectors()) {
      ((AbstractConnector) connector).setIdleTimeout(limits.idleTimeout().toMillis());
    }
  }

  public static GatewayServer start(GatewayConfig config, BooleanSupplier processorsReady) {
    return start(config, processorsReady, GatewayMetrics.standalone());
  }

  /** As {@link #start(GatewayConfig, BooleanSupplier)}, serving {@code metrics} (and recording into it) at /metrics. */
  public static GatewayServer start(GatewayConfig config, BooleanSupplier processorsReady, GatewayMetrics metrics) {
    return new GatewayServer(config, processorsReady, metrics);
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

  /** The shared upload budget (its use and peak, for tests and operations). */
  public UploadBudget uploadBudget() {
    return budget;
  }

  /** Requests of this api key in flight on this gateway: admitted and not yet answered. */
  public int inFlight(String apiKey) {
    return limiter.inFlight(apiKey);
  }

  @Override
  public void close() {
    app.stop();
    metrics.close();
    results.close();
    publisher.close();
    authenticator.close();
    keyFeed.close();
  }
}
