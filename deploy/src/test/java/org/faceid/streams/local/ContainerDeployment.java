package org.faceid.streams.local;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.faceid.streams.tokens.TokenSeal;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;

/**
 * The service spread over containers as a deployment runs it, from the project's images: a broker,
 * the gateway and one container per stage, on a network of their own, configured by environment
 * variables only.
 */
final class ContainerDeployment implements AutoCloseable {

  static final String BROKER = "broker:19092";
  static final Duration START_TIMEOUT = Duration.ofMinutes(4);

  final String apiKey;
  final String apiSecret;
  /** Shared by the gateway and the stages, as compose.yaml shares FACEID_TOKEN_KEY: the gateway checks the stages' tokens. */
  private final String tokenKey = HexFormat.of().formatHex(new SecureRandom().generateSeed(TokenSeal.MIN_KEY_BYTES));
  private final Network network = Network.newNetwork();
  private final KafkaContainer kafka = Images.kafka().withNetwork(network).withListener(BROKER);
  private final GenericContainer<?> gateway;
  private final Map<String, GenericContainer<?>> stages = new LinkedHashMap<>();

  ContainerDeployment(String apiKey, String apiSecret, List<String> stageNames) {
    this.apiKey = apiKey;
    this.apiSecret = apiSecret;
    this.gateway = part("gateway").withExposedPorts(8080);
    stageNames.forEach(stage -> stages.put(stage, part("stage", stage)));
  }

  private GenericContainer<?> part(String... command) {
    return new GenericContainer<>(Images.SERVICE)
        .withNetwork(network)
        .withCommand(command)
        .withEnv(Map.of(
            "FACEID_BOOTSTRAP_SERVERS", BROKER,
            "FACEID_API_KEY", apiKey,
            "FACEID_API_SECRET", apiSecret,
            TokenSeal.ENV, tokenKey,
            "FACEID_JAVA_OPTS", "-Xmx512m -XX:+UseSerialGC"))
        .waitingFor(Wait.forLogMessage(".*faceid-streams: (gateway ready|stages .* running).*\\n", 1)
            .withStartupTimeout(START_TIMEOUT));
  }

  /** Starts the broker, then the gateway and the stages together; returns when all are ready. */
  ContainerDeployment start() {
    kafka.start();
    List<GenericContainer<?>> parts = new ArrayList<>(stages.values());
    parts.add(gateway);
    Startables.deepStart(parts).join();
    return this;
  }

  ApiClient api() {
    return new ApiClient(gateway.getMappedPort(8080));
  }

  /** The broker as seen from this machine. */
  String bootstrapServers() {
    return kafka.getBootstrapServers();
  }

  /** {@code docker kill}: SIGKILL, no clean shutdown; the container and its state stay. */
  void kill(String stage) {
    DockerClientFactory.instance().client().killContainerCmd(stages.get(stage).getContainerId()).exec();
  }

  /** {@code docker start} of a killed stage container; returns when the stage runs again. */
  void restart(String stage) throws InterruptedException {
    GenericContainer<?> container = stages.get(stage);
    Pattern running = Pattern.compile("stages \\[" + stage + "\\] running");
    long before = running.matcher(container.getLogs()).results().count();
    DockerClientFactory.instance().client().startContainerCmd(container.getContainerId()).exec();
    FaceIdService.awaitCondition(() -> running.matcher(container.getLogs()).results().count() > before,
        START_TIMEOUT, "the restarted " + stage + " stage");
  }

  @Override
  public void close() {
    stages.values().forEach(GenericContainer::stop);
    gateway.stop();
    kafka.stop();
    network.close();
  }
}
