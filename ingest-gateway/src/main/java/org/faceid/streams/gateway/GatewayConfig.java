package org.faceid.streams.gateway;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.faceid.streams.identity.IdentityKeys;
import org.faceid.streams.tokens.TokenSeal;

/**
 * @param host address to listen on
 * @param port HTTP port; 0 picks a free one
 * @param bootstrapServers the Kafka cluster
 * @param resultTimeout how long a request waits for its answer before INTERNAL_ERROR
 * @param clock the gateway's clock: request ids and the receipt time that token expiry is judged by
 * @param limits what the gateway lets callers hold: requests, connections, upload bytes and time, logins
 * @param kafkaClient settings added to every Kafka client the gateway creates (security, network)
 * @param identityKeys the operator's identity key: verify's idcard_number and idcard_name leave the gateway only as its HMACs
 * @param tokenSeal the token key the stages issue under: a token it did not seal for the caller's
 *     api_key is refused INVALID_TOKEN before anything is published; null: every token goes to the
 *     token stage to be judged
 */
public record GatewayConfig(String host, int port, String bootstrapServers, Duration resultTimeout, Clock clock,
    GatewayLimits limits, Map<String, String> kafkaClient, IdentityKeys identityKeys, TokenSeal tokenSeal) {

  public GatewayConfig {
    kafkaClient = Map.copyOf(kafkaClient);
  }

  public GatewayConfig(String host, int port, String bootstrapServers, Duration resultTimeout, Clock clock) {
    // A key of its own: no registry shares it, so comparison_type=1 finds no identity.
    this(host, port, bootstrapServers, resultTimeout, clock, GatewayLimits.DEFAULT, Map.of(),
        new IdentityKeys(new java.security.SecureRandom().generateSeed(IdentityKeys.MIN_KEY_BYTES)), null);
  }

  /** The same settings, checking tokens under {@code seal}. */
  public GatewayConfig withTokenSeal(TokenSeal seal) {
    return new GatewayConfig(host, port, bootstrapServers, resultTimeout, clock, limits, kafkaClient, identityKeys, seal);
  }
}
