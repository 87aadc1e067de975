package org.faceid.streams.processors.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.faceid.streams.processors.common.Fixtures.T0;
import static org.faceid.streams.processors.common.Fixtures.meta;

import org.apache.kafka.streams.TopologyTestDriver;
import org.faceid.streams.processors.common.Fixtures;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.DecodedVerify;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.schema.Token;
import org.faceid.streams.schema.TokenKind;
import org.faceid.streams.schema.VerifyParams;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.Test;

class CompareTopologyTest {

  @Test
  void decodedVerifyIsAnsweredInternalErrorWithoutAnyComparison() {
    try (TopologyTestDriver driver = new TopologyTestDriver(new CompareTopology().build(), Fixtures.driverProps())) {
      Token issued = Token.newBuilder().setToken("t").setKind(TokenKind.VIDEO).setApiKey("k")
          .setIssuedAtMs(T0).setExpiresAtMs(T0 + 1).build();
      Fixtures.input(driver, Topics.VERIFY_DECODED).pipeInput("v1", DecodedVerify.newBuilder()
          .setMeta(meta("v1", Endpoint.VERIFY, "k", T0)).setIssued(issued)
          .setParams(VerifyParams.newBuilder().setComparisonType(0).setUuid("u").build()).build());

      ApiResult answer = Fixtures.output(driver, Topics.RESULTS).readValue();
      assertThat(answer.getHttpStatus()).isEqualTo(500);
      assertThat(answer.getLiveness()).isNull();
      assertThat(answer.getResultRef1()).isNull();
    }
  }
}
