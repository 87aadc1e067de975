package org.faceid.streams.cli.replay;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.faceid.streams.cli.replay.Recording.Answer;
import org.faceid.streams.cli.replay.ReplayPlan.Item;
import org.faceid.streams.gateway.kafka.RequestPublisher;
import org.faceid.streams.processors.Pipeline;
import org.faceid.streams.processors.ProcessorsConfig;
import org.faceid.streams.processors.tokens.TokenIssuer;
import org.faceid.streams.processors.tokens.TokenTopology;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.topics.TopicProvisioner;
import org.faceid.streams.topics.TopicRetention;
import org.faceid.streams.topics.Topics;

/**
 * Runs the current stages under a topic prefix of their own on the service's cluster and feeds them
 * the recorded requests as they were published (same keys, values and timestamps), the token state
 * at the window's start first. Its topics, groups and state are removed at the end: nothing live is
 * read by the stages or written at all.
 */
final class ReplayRun {

  /**
   * The replay's own topics keep everything until they are removed at the end: its records carry
   * their recorded (old) timestamps, which the live retention would delete at once.
   */
  static final TopicRetention KEEP_ALL = new TopicRetention(Duration.ofDays(36_500), -1, Duration.ofDays(36_500));

  private final Properties clientBase;
  private final String bootstrapServers;
  private final Map<String, String> clientSettings;
  private final String prefix;
  private final ProcessorsConfig processors;
  private final TopicRetention retention;
  private final Duration timeout;
  private final int concurrency;
  private final PrintStream console;

  ReplayRun(Properties clientBase, String bootstrapServers, Map<String, String> clientSettings, String prefix,
      ProcessorsConfig processors, TopicRetention retention, Duration timeout, int concurrency, PrintStream console) {
    this.clientBase = clientBase;
    this.bootstrapServers = bootstrapServers;
    this.clientSettings = clientSettings;
    this.prefix = prefix;
    this.processors = processors;
    this.retention = retention;
    this.timeout = timeout;
    this.concurrency = concurrency;
    this.console = console;
  }

  /** A replayed answer and how long it took from publishing the request. */
  record Replayed(ApiResult result, long timeUsedMs) {}

  /** Takes each replayed answer as it comes, from the replay's worker threads, one at a time. */
  interface Sink {
    /** {@code replayed}: null when no answer came within the timeout. */
    void take(Item item, Replayed replayed) throws Exception;
  }

  /**
   * Replays the replayable items of {@code plan}, handing each answer to {@code sink} as it comes
   * (in the order they come), so that only the answers in flight are held.
   */
  void run(Recording recording, List<Item> plan, Sink sink) throws Exception {
    Path state = Files.createTempDirectory("faceid-replay-");
    try (Admin admin = Admin.create(clientBase)) {
      try {
        provision(admin);
        try (RequestPublisher producer = new RequestPublisher(clientBase)) {
          for (Recording.RawToken token : recording.tokensBefore().values()) {
            producer.republish(Topics.TOKENS.prefixed(prefix).name(), token.timestampMs(), token.key(), token.value()).get();
          }
          TokenIssuer issuer = TokenIssuer.replaying(requestId -> {
            Answer original = recording.answers().get(requestId);
            return original == null ? null
                : new TokenIssuer.Recorded(original.result().getToken(), original.result().getRandomNumber());
          });
          Pipeline pipeline = Pipeline.start(processors, bootstrapServers, state, clientSettings, null,
              new Pipeline.Variant(prefix, issuer, processors.thresholds(), true));
          try (Answers answers = new Answers();
              TopicReader recorded = new TopicReader(clientBase);
              TokenBarrier barrier = new TokenBarrier(clientBase, admin, Topics.TOKENS.prefixed(prefix).name(),
                  prefix + "faceid-" + TokenTopology.STAGE)) {
            awaitRunning(pipeline);
            feed(plan, producer, answers, barrier, recorded, sink);
          } finally {
            pipeline.close();
          }
        }
      } finally {
        cleanUp(admin);
        deleteTree(state);
      }
    }
  }

  private void provision(Admin admin) throws Exception {
    TopicDescription tokens = admin.describeTopics(List.of(Topics.TOKENS.name())).allTopicNames().get()
        .get(Topics.TOKENS.name());
    // Token-keyed topics are co-partitioned with the tokens, as live: the same partition count.
    TopicProvisioner.ensure(admin, prefix, tokens.partitions().size(),
        (short) tokens.partitions().getFirst().replicas().size(), retention);
  }

  private void awaitRunning(Pipeline pipeline) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!pipeline.running()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the replay's stages did not start within 3 minutes");
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  /**
   * Publishes each replayable request once the replayed answers it waits for have come, at most
   * {@code concurrency} in flight; slots are taken in recorded order, so a request only ever waits
   * for ones that hold or held a slot before it. Each request's bytes are read again from its live
   * topic just before it is published, so memory holds only the uploads in flight.
   */
  private void feed(List<Item> plan, RequestPublisher producer, Answers answers, TokenBarrier barrier,
      TopicReader recorded, Sink sink) throws Exception {
    // Completion only: each answer goes to the sink, none is kept here.
    Map<Item, CompletableFuture<Void>> replayed = new IdentityHashMap<>();
    for (Item item : plan) {
      if (item.unreplayable() == null) {
        replayed.put(item, new CompletableFuture<>());
      }
    }
    ReentrantLock taking = new ReentrantLock();
    AtomicReference<Exception> sinkFailure = new AtomicReference<>();
    Semaphore slots = new Semaphore(concurrency);
    int total = replayed.size();
    int[] done = {0}; // under the taking lock
    try (ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Item item : plan) {
        if (item.unreplayable() != null) {
          continue;
        }
        slots.acquire();
        if (sinkFailure.get() != null) {
          // The answers can no longer be written: stop sending (those in flight finish).
          slots.release();
          break;
        }
        workers.submit(() -> {
          Replayed answer = null;
          try {
            for (Item before : item.after()) {
              replayed.get(before).join();
            }
            if (!item.after().isEmpty()) {
              barrier.await(timeout);
            }
            Recording.Request r = item.request();
            byte[] value = recorded.valueAt(r.topic().name(), r.partition(), r.offset(), timeout);
            if (value == null) {
              throw new IllegalStateException("its record (" + r.topic().name() + "-" + r.partition() + "@" + r.offset()
                  + ") is gone from the live topic");
            }
            CompletableFuture<ApiResult> pending = answers.expect(item.requestId());
            long sent = System.nanoTime();
            producer.republish(r.topic().prefixed(prefix).name(), r.timestampMs(), r.key(), value).get();
            ApiResult got = pending.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            answer = new Replayed(got, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sent));
          } catch (Exception e) {
            console.println("replay: " + item.requestId() + ": no replayed answer: " + e);
          } finally {
            answers.forget(item.requestId());
            // A lock, not a monitor: a waiting virtual thread does not pin its carrier.
            taking.lock();
            try {
              if (sinkFailure.get() == null) {
                sink.take(item, answer);
              }
              done[0]++;
              if (done[0] % 25 == 0 || done[0] == total) {
                console.printf("replay: %d/%d requests replayed%n", done[0], total);
              }
            } catch (Exception e) {
              sinkFailure.compareAndSet(null, e);
            } catch (Error e) {
              sinkFailure.compareAndSet(null, new IllegalStateException("writing an answer failed", e));
            } finally {
              taking.unlock();
              // Whatever the sink did: the requests after this one, and the feeding loop, go on.
              replayed.get(item).complete(null);
              slots.release();
            }
          }
          return null;
        });
      }
    }
    if (sinkFailure.get() != null) {
      throw sinkFailure.get();
    }
  }

  /** Removes the replay's topics (its own and its stages' internal ones) and its stages' groups. */
  private void cleanUp(Admin admin) {
    try {
      Set<String> topics = admin.listTopics().names().get().stream().filter(t -> t.startsWith(prefix))
          .collect(Collectors.toSet());
      admin.deleteTopics(topics).all().get();
      List<String> groups = admin.listGroups().all().get().stream().map(g -> g.groupId())
          .filter(g -> g.startsWith(prefix)).toList();
      if (!groups.isEmpty()) {
        admin.deleteConsumerGroups(groups).all().get();
      }
    } catch (Exception e) {
      console.println("replay: could not remove everything under " + prefix + ": " + e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: left for the system to clean
    }
  }

  /** The replay's answers, from every partition of its results topic (they keep the recorded gateway ids). */
  private final class Answers implements AutoCloseable {
    private final Map<String, CompletableFuture<ApiResult>> pending = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile boolean closed;

    Answers() {
      Properties p = (Properties) clientBase.clone();
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
      p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
      consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
      TopicReader.fromStart(consumer, Topics.RESULTS.prefixed(prefix).name());
      thread = Thread.ofPlatform().name("replay-answers").daemon().start(this::run);
    }

    CompletableFuture<ApiResult> expect(String requestId) {
      return pending.computeIfAbsent(requestId, id -> new CompletableFuture<>());
    }

    /** Drops a request's answer once it is taken (or given up on). */
    void forget(String requestId) {
      pending.remove(requestId);
    }

    private void run() {
      try {
        while (!closed) {
          for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
            ApiResult result;
            try {
              result = Topics.RESULTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
            } catch (RuntimeException e) {
              // One unreadable answer must not stop the listener: every later request would time out.
              console.printf("replay: skipped an unreadable answer at %s-%d@%d: %s%n",
                  record.topic(), record.partition(), record.offset(), e);
              continue;
            }
            // Only requests this replay published and still waits for: nothing else is kept.
            CompletableFuture<ApiResult> waiting = pending.get(result.getRequestId());
            if (waiting != null) {
              waiting.complete(result);
            }
          }
        }
      } catch (WakeupException e) {
        // closing
      } finally {
        consumer.close();
      }
    }

    @Override
    public void close() throws InterruptedException {
      closed = true;
      consumer.wakeup();
      thread.join(5_000);
    }
  }
}
