package org.faceid.streams.processors.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Properties;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.RequestMeta;
import org.faceid.streams.topics.Topic;

/** Shared pieces of the topology tests. */
public final class Fixtures {

  public static final String GATEWAY = "gw-test";
  public static final long T0 = 1_700_000_000_000L;

  private Fixtures() {}

  public static RequestMeta meta(String requestId, Endpoint endpoint, String apiKey, long receivedAtMs) {
    return RequestMeta.newBuilder().setRequestId(requestId).setEndpoint(endpoint).setApiKey(apiKey)
        .setBizNo("biz-" + requestId).setGatewayId(GATEWAY).setReceivedAtMs(receivedAtMs).build();
  }

  /** The production settings of a stage ({@link StreamsSettings#forStage}), state in a fresh temp dir. */
  public static Properties driverProps() {
    try {
      return StreamsSettings.forStage("test", "unused:9092", Files.createTempDirectory("faceid-driver"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <V> TestInputTopic<String, V> input(TopologyTestDriver driver, Topic<String, V> topic) {
    return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  public static <V> TestOutputTopic<String, V> output(TopologyTestDriver driver, Topic<String, V> topic) {
    return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
  }
}
