package org.faceid.streams.gateway.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.Test;

class PendingResultsTest {

  private static final String ME = "gw-me";

  private static ConsumerRecord<String, byte[]> answer(String gatewayId, String requestId, int status) {
    ApiResult result = ApiResult.newBuilder().setRequestId(requestId).setGatewayId(gatewayId)
        .setEndpoint(Endpoint.VALIDATE_VIDEO).setHttpStatus(status).build();
    return new ConsumerRecord<>(Topics.RESULTS.name(), 0, 1, gatewayId,
        Topics.RESULTS.valueSerde().serializer().serialize(Topics.RESULTS.name(), result));
  }

  @Test
  void anAnswerCompletesTheRequestThatWaitsForItAndNoOther() throws Exception {
    PendingResults pending = new PendingResults(ME);
    CompletableFuture<ApiResult> r1 = pending.expect("r1");
    CompletableFuture<ApiResult> r2 = pending.expect("r2");

    assertThat(pending.deliver(answer(ME, "r1", 400))).isTrue();

    assertThat(r1.get(1, TimeUnit.SECONDS).getHttpStatus()).isEqualTo(400);
    assertThat(r2).isNotDone();
    assertThat(pending.waiting()).as("r1 waits no more").isEqualTo(1);
  }

  @Test
  void anotherGatewaysAnswerOnTheSharedPartitionIsIgnored() {
    PendingResults pending = new PendingResults(ME);
    CompletableFuture<ApiResult> r1 = pending.expect("r1");

    assertThat(pending.deliver(answer("gw-other", "r1", 200))).isFalse();
    assertThat(r1).isNotDone();
  }

  @Test
  void anAnswerNobodyWaitsForIsDropped() {
    PendingResults pending = new PendingResults(ME);
    CompletableFuture<ApiResult> timedOut = pending.expect("late");
    timedOut.completeExceptionally(new TimeoutException());

    assertThat(pending.waiting()).as("a timed-out request is forgotten").isZero();
    assertThat(pending.deliver(answer(ME, "late", 200))).isFalse();
    assertThat(pending.deliver(answer(ME, "never-asked", 200))).isFalse();
  }

  @Test
  void anUnreadableRecordIsSkippedAndTheNextAnswerStillArrives() throws Exception {
    PendingResults pending = new PendingResults(ME);
    CompletableFuture<ApiResult> r1 = pending.expect("r1");

    assertThat(pending.deliver(new ConsumerRecord<>(Topics.RESULTS.name(), 0, 0, ME, new byte[] {9, 9, 9}))).isFalse();
    assertThat(pending.deliver(answer(ME, "r1", 200))).isTrue();
    assertThat(r1.get(1, TimeUnit.SECONDS).getRequestId()).isEqualTo("r1");
  }

  @Test
  void aSecondAnswerForTheSameRequestChangesNothing() throws Exception {
    PendingResults pending = new PendingResults(ME);
    CompletableFuture<ApiResult> r1 = pending.expect("r1");

    assertThat(pending.deliver(answer(ME, "r1", 200))).isTrue();
    assertThat(pending.deliver(answer(ME, "r1", 500))).isFalse();
    assertThat(r1.get(1, TimeUnit.SECONDS).getHttpStatus()).isEqualTo(200);
  }
}
