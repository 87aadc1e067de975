package org.faceid.streams.gateway.kafka;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.topics.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The requests of one gateway that wait for their answers, and which answer read goes to which. */
public final class PendingResults {

  private static final Logger log = LoggerFactory.getLogger(PendingResults.class);

  private final String gatewayId;
  private final Map<String, CompletableFuture<ApiResult>> pending = new ConcurrentHashMap<>();

  public PendingResults(String gatewayId) {
    this.gatewayId = gatewayId;
  }

  /** Registers interest in a request's answer; call before publishing the request. */
  public CompletableFuture<ApiResult> expect(String requestId) {
    CompletableFuture<ApiResult> answer = new CompletableFuture<>();
    pending.put(requestId, answer);
    // Answered, failed or timed out: the request waits no more.
    answer.whenComplete((r, e) -> pending.remove(requestId));
    return answer;
  }

  /**
   * One record of {@code faceid.results}: completes the request it answers, if it is this gateway's
   * and still waited for. Other gateways share the partition; an unreadable record is logged and skipped.
   *
   * @return whether a waiting request got its answer
   */
  public boolean deliver(ConsumerRecord<String, byte[]> record) {
    if (!gatewayId.equals(record.key())) {
      return false;
    }
    ApiResult result;
    try {
      result = Topics.RESULTS.valueSerde().deserializer().deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      log.error("unreadable result at offset {}", record.offset(), e);
      return false;
    }
    CompletableFuture<ApiResult> waiting = pending.get(result.getRequestId());
    return waiting != null && waiting.complete(result);
  }

  /** How many requests wait for their answer. */
  public int waiting() {
    return pending.size();
  }
}
