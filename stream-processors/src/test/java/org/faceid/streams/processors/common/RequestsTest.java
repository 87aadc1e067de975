package org.faceid.streams.processors.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.faceid.streams.processors.common.Fixtures.T0;
import static org.faceid.streams.processors.common.Fixtures.meta;

import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.faceid.streams.processors.tokens.TokenIssuer;
import org.faceid.streams.processors.tokens.TokenTopology;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.RandomNumberRequested;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.Test;

/** A stage drops the requests whose caller has stopped waiting, and works on the others. */
class RequestsTest {

  @Test
  void requestsOlderThanTheAnswerTimeoutAreDroppedWhereTheyAreRead() {
    Properties props = Fixtures.driverProps();
    props.put(Requests.MAX_AGE_CONFIG, "8000");
    Instant now = Instant.ofEpochMilli(T0).plusSeconds(60);
    try (TopologyTestDriver driver = new TopologyTestDriver(new TokenTopology(new TokenIssuer()).build(), props, now)) {
      var requests = Fixtures.input(driver, Topics.RANDOM_NUMBER_SUBMITTED);
      TestOutputTopic<String, ApiResult> results = Fixtures.output(driver, Topics.RESULTS);

      long stale = now.minus(Duration.ofSeconds(9)).toEpochMilli();
      long fresh = now.minus(Duration.ofSeconds(7)).toEpochMilli();
      requests.pipeInput("old", new RandomNumberRequested(meta("old", Endpoint.GET_RANDOM_NUMBER, "k", stale)));
      requests.pipeInput("new", new RandomNumberRequested(meta("new", Endpoint.GET_RANDOM_NUMBER, "k", fresh)));

      assertThat(results.readValuesToList()).extracting(ApiResult::getRequestId).containsExactly("new");
    }
  }

  @Test
  void withoutTheSettingNothingIsDropped() {
    try (TopologyTestDriver driver = new TopologyTestDriver(new TokenTopology(new TokenIssuer()).build(),
        Fixtures.driverProps(), Instant.ofEpochMilli(T0).plus(Duration.ofDays(365)))) {
      Fixtures.input(driver, Topics.RANDOM_NUMBER_SUBMITTED)
          .pipeInput("old", new RandomNumberRequested(meta("old", Endpoint.GET_RANDOM_NUMBER, "k", T0)));
      assertThat(Fixtures.output(driver, Topics.RESULTS).readValue().getRequestId()).isEqualTo("old");
    }
  }
}
