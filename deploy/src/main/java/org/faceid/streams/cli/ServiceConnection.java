package org.faceid.streams.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.faceid.streams.gateway.kafka.KafkaClientSettings;
import org.faceid.streams.local.FaceIdService;
import org.faceid.streams.local.LocalConfig;
import org.faceid.streams.processors.ProcessorsConfig;
import org.faceid.streams.topics.TopicProvisioner;

/**
 * The Kafka cluster of the service, as the operator tools find it: {@code FACEID_BOOTSTRAP_SERVERS},
 * else the address a running service wrote into {@code $FACEID_DATA_DIR/bootstrap-servers}; with
 * neither, a command that may do so starts the whole pipeline in this process for its run.
 */
public final class ServiceConnection implements AutoCloseable {

  public static final String HOW = "set FACEID_DATA_DIR (of a running deploy/run-local.sh) or FACEID_BOOTSTRAP_SERVERS";

  private final String bootstrapServers;
  private final Map<String, String> clientSettings;
  private final FaceIdService inProcess;
  private final Path inProcessDir;

  private ServiceConnection(String bootstrapServers, Map<String, String> clientSettings, FaceIdService inProcess,
      Path inProcessDir) {
    this.bootstrapServers = bootstrapServers;
    this.clientSettings = clientSettings;
    this.inProcess = inProcess;
    this.inProcessDir = inProcessDir;
  }

  /** The configured cluster's address, if the environment names one. */
  public static Optional<String> locate(Map<String, String> env) {
    String servers = env.get("FACEID_BOOTSTRAP_SERVERS");
    if (servers != null && !servers.isBlank()) {
      return Optional.of(servers.trim());
    }
    String dataDir = env.get("FACEID_DATA_DIR");
    if (dataDir == null || dataDir.isBlank()) {
      return Optional.empty();
    }
    Path file = Path.of(dataDir).resolve(FaceIdService.BOOTSTRAP_FILE);
    if (!Files.exists(file)) {
      throw new IllegalStateException("no service is running on " + dataDir + " (" + file + " is missing)");
    }
    try {
      return Optional.of(Files.readString(file).trim());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Connects to the service the environment names and checks that its topics exist; with none named,
   * starts the pipeline in this process when {@code startIfNone}, else fails with {@link #HOW}.
   */
  public static ServiceConnection connect(Map<String, String> env, boolean startIfNone, PrintStream log) throws Exception {
    Map<String, String> clientSettings = KafkaClientSettings.fromEnv(env);
    Optional<String> located = locate(env);
    if (located.isPresent()) {
      ServiceConnection connection = new ServiceConnection(located.get(), clientSettings, null, null);
      connection.checkTopics();
      return connection;
    }
    if (!startIfNone) {
      throw new IllegalStateException("no service to connect to: " + HOW);
    }
    Path dir = Files.createTempDirectory("faceid-batch-");
    Map<String, String> local = new HashMap<>(env);
    local.put("FACEID_DATA_DIR", dir.toString());
    local.put("FACEID_HTTP_HOST", "127.0.0.1");
    local.put("FACEID_HTTP_PORT", "0");
    log.println("faceid: no service named (" + HOW + "): starting the pipeline in this process for the run");
    FaceIdService service = FaceIdService.start(LocalConfig.fromEnv(local), ProcessorsConfig.fromEnv(local), Clock.systemUTC());
    try {
      service.awaitHealthy(Duration.ofMinutes(3));
    } catch (RuntimeException | InterruptedException e) {
      service.close();
      throw e;
    }
    return new ServiceConnection(service.bootstrapServers(), clientSettings, service, dir);
  }

  private void checkTopics() throws Exception {
    try (Admin admin = Admin.create(clientBase())) {
      admin.describeCluster().clusterId().get(15, TimeUnit.SECONDS);
      if (!TopicProvisioner.allExist(admin)) {
        throw new IllegalStateException("the cluster at " + bootstrapServers
            + " lacks some of the service's topics: start (or upgrade) the service first");
      }
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("no Kafka answers at " + bootstrapServers + " (" + HOW + ")", e);
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Map<String, String> clientSettings() {
    return clientSettings;
  }

  /** Every client's base settings: the address and the operator's FACEID_KAFKA_* settings. */
  public Properties clientBase() {
    return KafkaClientSettings.base(bootstrapServers, clientSettings);
  }

  @Override
  public void close() {
    if (inProcess != null) {
      inProcess.close();
      try (Stream<Path> files = Files.walk(inProcessDir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // a temporary directory: left for the system to clean
      }
    }
  }
}
