package org.faceid.streams.processors.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aborts what a killed predecessor left open. A stage killed mid-transaction leaves it open until
 * {@code transaction.timeout.ms} (minutes here, see {@link StreamsSettings}), and every read_committed
 * reader of its output partitions (the next stage, the gateway's answers) waits behind it. A restart
 * does not abort it: a stage without persistent stores starts under a new Streams process id, so its
 * transactional ids ({@code <application.id>-<process id>-<thread>}) are new. So each start fences the
 * transactional ids the previous process on this state dir recorded, which aborts their open
 * transactions, and records its own.
 */
public final class PreviousProcess {

  private static final Logger log = LoggerFactory.getLogger(PreviousProcess.class);
  static final String FILE = "transactional-ids";
  private static final Pattern THREAD = Pattern.compile(
      "(.+-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-StreamThread-(\\d+)");

  private PreviousProcess() {}

  /** Fences the transactional ids recorded in {@code stageStateDir}; call before the stage starts. */
  public static void fence(Properties streamsSettings, Path stageStateDir) {
    Path file = stageStateDir.resolve(FILE);
    try {
      if (!Files.exists(file)) {
        return;
      }
      List<String> ids = Files.readAllLines(file).stream().filter(s -> !s.isBlank()).toList();
      Properties admin = new Properties();
      admin.putAll(streamsSettings);
      admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, streamsSettings.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
      try (Admin client = Admin.create(admin)) {
        client.fenceProducers(ids).all().get(30, TimeUnit.SECONDS);
      }
      log.info("fenced the previous process's transactional ids {}", ids);
    } catch (Exception e) {
      // Not fatal: its open transactions then end at their timeout.
      log.warn("could not fence the previous process's transactional ids in {}", file, e);
    }
  }

  /** Records the started stage's transactional ids in {@code stageStateDir}, for the next start. */
  public static void record(KafkaStreams app, String applicationId, Path stageStateDir) {
    List<String> ids = app.metadataForLocalThreads().stream()
        .map(thread -> transactionalId(thread.threadName()))
        .filter(id -> id != null && id.startsWith(applicationId + "-"))
        .toList();
    try {
      Files.createDirectories(stageStateDir);
      Path tmp = Files.createTempFile(stageStateDir, FILE, ".tmp");
      Files.write(tmp, ids);
      Files.move(tmp, stageStateDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      log.warn("could not record the transactional ids {} in {}", ids, stageStateDir, e);
    }
  }

  /** The transactional id of a stream thread named {@code threadName}, or null when it names none. */
  static String transactionalId(String threadName) {
    Matcher m = THREAD.matcher(threadName);
    return m.matches() ? m.group(1) + "-" + m.group(2) : null;
  }
}
