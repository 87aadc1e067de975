package org.faceid.streams.processors.selfie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.faceid.streams.processors.common.Fixtures.T0;
import static org.faceid.streams.processors.common.Fixtures.meta;

import java.nio.ByteBuffer;
import org.apache.kafka.streams.TopologyTestDriver;
import org.faceid.streams.processors.common.Fixtures;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.DecodedImage;
import org.faceid.streams.schema.DecodedSelfie;
import org.faceid.streams.schema.Endpoint;
import org.faceid.streams.topics.Topics;
import org.junit.jupiter.api.Test;

class SelfieTopologyTest {

  @Test
  void decodedSelfieIsAnsweredInternalErrorWithoutAToken() {
    try (TopologyTestDriver driver = new TopologyTestDriver(new SelfieTopology().build(), Fixtures.driverProps())) {
      DecodedImage image = DecodedImage.newBuilder().setName("selfie").setFormat("jpeg").setWidth(640).setHeight(480)
          .setContent(ByteBuffer.wrap(new byte[] {(byte) 0xFF, (byte) 0xD8})).build();
      Fixtures.input(driver, Topics.SELFIE_DECODED).pipeInput("f1",
          DecodedSelfie.newBuilder().setMeta(meta("f1", Endpoint.VALIDATE_FRONT_FACE, "k", T0)).setImage(image).build());

      ApiResult answer = Fixtures.output(driver, Topics.RESULTS).readValue();
      assertThat(answer.getRequestId()).isEqualTo("f1");
      assertThat(answer.getEndpoint()).isEqualTo(Endpoint.VALIDATE_FRONT_FACE);
      assertThat(answer.getHttpStatus()).isEqualTo(500);
      assertThat(answer.getErrorMessage()).isEqualTo("INTERNAL_ERROR");
      assertThat(answer.getToken()).isNull();
    }
  }
}
