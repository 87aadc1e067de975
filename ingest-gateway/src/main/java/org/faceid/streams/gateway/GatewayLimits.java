package org.faceid.streams.gateway;

import java.time.Duration;
import org.faceid.streams.gateway.auth.Authenticator;
import org.faceid.streams.gateway.form.UploadPace;

/**
 * The budgets of the gateway. Past any of them a caller gets a documented answer (403
 * CONCURRENCY_LIMIT_EXCEEDED, 413), never an exhausted heap.
 *
 * @param maxRequests requests in flight at once (reading, checking or awaiting their result)
 * @param maxConnections open HTTP connections; past it new ones wait in the accept backlog
 * @param idleTimeout a connection that sends nothing this long is closed (a stalled upload)
 * @param pace the slowest upload accepted (a trickle that avoids the idle timeout)
 * @param uploadBudgetBytes file bytes all requests together may buffer; 0: a fifth of the heap
 * @param login failed-login limits and the hash pool
 */
public record GatewayLimits(int maxRequests, int maxConnections, Duration idleTimeout, UploadPace pace,
    long uploadBudgetBytes, Authenticator.Policy login) {

  public static final GatewayLimits DEFAULT = new GatewayLimits(256, 512, Duration.ofSeconds(15),
      new UploadPace(32 * 1024, 10_000), 0, Authenticator.Policy.DEFAULT);

  public GatewayLimits withRequests(int requests, int connections) {
    return new GatewayLimits(requests, connections, idleTimeout, pace, uploadBudgetBytes, login);
  }

  public GatewayLimits withUploadTime(Duration idle, UploadPace slowest) {
    return new GatewayLimits(maxRequests, maxConnections, idle, slowest, uploadBudgetBytes, login);
  }

  public GatewayLimits withLogin(Authenticator.Policy policy) {
    return new GatewayLimits(maxRequests, maxConnections, idleTimeout, pace, uploadBudgetBytes, policy);
  }
}
