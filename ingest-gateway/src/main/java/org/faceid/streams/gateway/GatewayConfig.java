package org.faceid.streams.gateway;

import java.time.Clock;
import java.time.Duration;

/**
 * @param host address to listen on
 * @param port HTTP port; 0 picks a free one
 * @param bootstrapServers the Kafka cluster
 * @param resultTimeout how long a request waits for its answer before INTERNAL_ERROR
 * @param clock the gateway's clock: request ids and the receipt time that token expiry is judged by
 */
public record GatewayConfig(String host, int port, String bootstrapServers, Duration resultTimeout, Clock clock) {}
