package org.faceid.streams.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Apache Kafka broker in KRaft combined mode (broker and controller in this JVM),
 * for the local launcher and for integration tests.
 *
 * <p>{@code dataDir} is used directly as the broker's only log dir (metadata log included), so it
 * should be dedicated to Kafka. Starting again on the same directory keeps all topics, records and
 * committed offsets; it is formatted only when it holds no {@code meta.properties} yet.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
  private static final String HOST = "127.0.0.1";
  private static final int NODE_ID = 1;
  private static final String CONTROLLER_LISTENER = "CONTROLLER";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private boolean closed;

  private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * Starts a broker with data under {@code dataDir}; {@code port} 0 picks free ports.
   * Returns once the broker accepts client connections.
   */
  public static EmbeddedKafka start(Path dataDir, int port) throws Exception {
    long t0 = System.nanoTime();
    Files.createDirectories(dataDir);
    String logDir = dataDir.toAbsolutePath().toString();
    int brokerPort = port == 0 ? freePort() : port;
    // Static voters live in config only (the quorum state stores voter ids, not endpoints),
    // so the controller may take a different free port on every start.
    int controllerPort = freePort();

    Map<String, String> props = brokerProps(logDir, brokerPort, controllerPort);
    KafkaConfig config = new KafkaConfig(props, false); // false: skip the 300-line config dump
    if (!Files.exists(dataDir.resolve("meta.properties"))) {
      format(logDir);
    }

    KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
    EmbeddedKafka kafka = new EmbeddedKafka(server, HOST + ":" + brokerPort);
    try {
      server.startup();
      kafka.awaitReady();
    } catch (Exception | Error e) {
      kafka.close();
      throw e;
    }
    log.info("Embedded Kafka ready at {} (data {}) in {} ms", kafka.bootstrapServers, logDir,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
    return kafka;
  }

  /** {@code "127.0.0.1:<port>"}. */
  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Orderly shutdown (flushes logs so a restart finds all data); waits for it. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      server.shutdown();
      server.awaitShutdown();
    }
  }

  private static Map<String, String> brokerProps(String logDir, int brokerPort, int controllerPort) {
    // Strings, as in server.properties: typed values must match each key's exact type (short, int, ...).
    Map<String, String> p = new HashMap<>();
    p.put("process.roles", "broker,controller");
    p.put("node.id", String.valueOf(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", logDir);

    // One node: every internal topic must fit on it, or its creation fails (offsets, EOS, share groups).
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    // 50 partitions each (the default) only cost start-up time and file handles on one node.
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.num.partitions", "1");

    p.put("num.partitions", "1");
    p.put("auto.create.topics.enable", "false");  // topics are created explicitly; typos should fail
    p.put("group.initial.rebalance.delay.ms", "0"); // no 3 s wait before the first rebalance
    // After a crash the controller keeps the dead broker's registration until its session
    // expires (9 s by default) before the restarted broker is unfenced; the one broker is in this
    // same process, so a short session costs nothing but heartbeats.
    p.put("broker.session.timeout.ms", "3000");
    p.put("broker.heartbeat.interval.ms", "750");
    p.put("message.max.bytes", "26214400"); // 25 MiB: 20 MB videos travel inside records
    p.put("replica.fetch.max.bytes", "26214400");
    p.put("log.cleaner.dedupe.buffer.size", "2097152"); // 2 MiB; the 128 MiB default costs ~150 MB RSS
    return p;
  }

  private static void format(String logDir) throws Exception {
    String clusterId = Uuid.randomUuid().toString();
    new Formatter()
        .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
        .setNodeId(NODE_ID)
        .setClusterId(clusterId)
        .setDirectories(List.of(logDir))
        .setMetadataLogDirectory(logDir)
        .setControllerListenerName(CONTROLLER_LISTENER)
        .run();
    log.info("Formatted Kafka storage in {} (cluster id {})", logDir, clusterId);
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      while (true) {
        try {
          // Fenced brokers are left out of describeCluster, so a node here can serve clients.
          if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
            return;
          }
        } catch (ExecutionException | TimeoutException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new TimeoutException("Kafka at " + bootstrapServers + " not ready after " + READY_TIMEOUT);
        }
        Thread.sleep(50);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    }
  }
}
