package org.faceid.streams.processors.tokens;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.faceid.streams.api.ApiError;
import org.faceid.streams.processors.common.Outcome;
import org.faceid.streams.processors.common.Requests;
import org.faceid.streams.processors.common.Results;
import org.faceid.streams.schema.RequestMeta;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;

/**
 * The token gate of one request topic: a request keyed by the token it presents meets the token
 * store; a valid token sends it on with the token attached, any other is answered INVALID_TOKEN.
 *
 * <p>A well-formed token the store does not know yet is held, not refused. Its answer was committed
 * before the follow-up request was sent, but the token record reaches this task by another
 * partition, whose commit marker and fetch can trail the request's. Held requests are judged again
 * every {@link #POLL} of wall-clock time, and refused once held for {@link #HOLD} (so a spent or
 * forged token is refused that much later). The poll is scheduled only while a request is held: a
 * punctuation marks the task for commit, and an idle gate would commit a transaction every poll.
 * At most {@link #MAX_HELD} wait per task, holding at most {@link #MAX_HELD_BYTES} of uploads between
 * them; past either an unknown token is refused at once. The byte budget is what bounds a flood of
 * forged tokens on 20 MB videos (each held whole, in memory and in the store's changelog); a real
 * follow-up overtakes its token by milliseconds, and a video follows its token by an upload. A poll
 * reads only {@link Waiting}, kept beside the store: it deserialises a held request once, when it
 * is judged, not every poll (a held 20 MB video cost two whole copies each 20 ms). Audit
 * replay (recorded time) holds nothing: its tasks wait for every input to be fetched instead
 * (StreamsSettings.underPrefix), and answers stay reproducible.
 */
final class TokenGate<V> implements Processor<String, V, String, Outcome<V>> {

  static final Duration HOLD = Duration.ofSeconds(2);
  static final Duration POLL = Duration.ofMillis(20);
  static final int MAX_HELD = 10_000;
  /** Upload bytes held at once per task: one video at its 20 MB limit, or many selfies. */
  static final long MAX_HELD_BYTES = 32L * 1024 * 1024;

  private final String tokenStore;
  private final String heldStore;
  private final Set<TokenKind> kinds;
  private final Function<V, RequestMeta> meta;
  private final BiConsumer<V, Token> attach;
  private final ToLongFunction<V> uploadBytes;
  private ProcessorContext<String, Outcome<V>> context;
  private KeyValueStore<String, ValueAndTimestamp<Token>> tokens;
  /** Held requests by token + request_id (a well-formed token has a fixed length); stamped when held. */
  private KeyValueStore<String, ValueAndTimestamp<V>> held;
  /** What a poll needs of each held request, by its key in {@link #held}, in the order they came. */
  private final Map<String, Waiting> waiting = new LinkedHashMap<>();
  private long heldBytes;
  private boolean holding;
  private Cancellable polling;

  TokenGate(String tokenStore, String heldStore, Set<TokenKind> kinds, Function<V, RequestMeta> meta,
      BiConsumer<V, Token> attach, ToLongFunction<V> uploadBytes) {
    this.tokenStore = tokenStore;
    this.heldStore = heldStore;
    this.kinds = kinds;
    this.meta = meta;
    this.attach = attach;
    this.uploadBytes = uploadBytes;
  }

  @Override
  public void init(ProcessorContext<String, Outcome<V>> context) {
    this.context = context;
    this.tokens = context.getStateStore(tokenStore);
    this.held = context.getStateStore(heldStore);
    this.holding = !Requests.recordedTime(context.appConfigs());
    // The store outlives this processor (restored from its changelog): index what it already holds.
    waiting.clear();
    heldBytes = 0;
    try (KeyValueIterator<String, ValueAndTimestamp<V>> all = held.all()) {
      all.forEachRemaining(entry -> {
        V request = entry.value.value();
        String presented = entry.key.substring(0, entry.key.length() - meta.apply(request).getRequestId().length());
        hold(entry.key, new Waiting(presented, entry.value.timestamp(), uploadBytes.applyAsLong(request)));
      });
    }
    if (!waiting.isEmpty()) {
      poll();
    }
  }

  @Override
  public void process(Record<String, V> record) {
    Token stored = stored(record.key());
    if (stored == null && holding && TokenIssuer.wellFormed(record.key()) && waiting.size() < MAX_HELD) {
      // Sized only when it may be held: a known token, the common case, passes without it.
      long bytes = uploadBytes.applyAsLong(record.value());
      if (heldBytes + bytes <= MAX_HELD_BYTES) {
        String key = record.key() + meta.apply(record.value()).getRequestId();
        long now = context.currentSystemTimeMs();
        held.put(key, ValueAndTimestamp.make(record.value(), now));
        hold(key, new Waiting(record.key(), now, bytes));
        poll();
        return;
      }
    }
    context.forward(record.withValue(judge(record.key(), record.value(), stored)));
  }

  private void poll() {
    if (polling == null) {
      polling = context.schedule(POLL, PunctuationType.WALL_CLOCK_TIME, this::judgeHeld);
    }
  }

  private void hold(String key, Waiting request) {
    Waiting replaced = waiting.put(key, request);
    heldBytes += request.bytes() - (replaced == null ? 0 : replaced.bytes());
  }

  private void judgeHeld(long nowMs) {
    for (Iterator<Map.Entry<String, Waiting>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Waiting> entry = it.next();
      Waiting request = entry.getValue();
      Token stored = stored(request.presented());
      if (stored != null || nowMs - request.heldAtMs() >= HOLD.toMillis()) {
        V value = held.get(entry.getKey()).value();
        context.forward(new Record<>(request.presented(), judge(request.presented(), value, stored), nowMs));
        held.delete(entry.getKey());
        heldBytes -= request.bytes();
        it.remove();
      }
    }
    if (waiting.isEmpty()) {
      polling.cancel();
      polling = null;
    }
  }

  private Token stored(String presented) {
    ValueAndTimestamp<Token> stored = presented == null ? null : tokens.get(presented);
    return stored == null ? null : stored.value();
  }

  private Outcome<V> judge(String presented, V request, Token stored) {
    if (!TokenCheck.valid(presented, stored, meta.apply(request), kinds)) {
      return Outcome.answer(Results.error(meta.apply(request), ApiError.INVALID_TOKEN));
    }
    attach.accept(request, stored);
    return Outcome.next(request);
  }

  /** A held request as a poll sees it: the token it presented, when it was held, its upload's size. */
  private record Waiting(String presented, long heldAtMs, long bytes) {}
}
