package org.faceid.streams.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Endpoint;
import org.junit.jupiter.api.Test;

class ResponseRendererTest {

  private static ApiResult still(String best, String second) {
    return ApiResult.newBuilder().setRequestId("1,r").setGatewayId("g").setEndpoint(Endpoint.VALIDATE_STILL).setHttpStatus(200)
        .setToken("t").setImageBest(best).setImageBest2(second).build();
  }

  @Test
  void aSecondImageAskedForButMissingIsJsonNull() {
    Map<String, Object> fields = ResponseRenderer.fields(still("data:image/jpeg;base64,AA", null), 2);
    assertThat(fields).containsEntry("image_best", "data:image/jpeg;base64,AA").containsKey("image_best_2");
    assertThat(fields.get("image_best_2")).isNull();
  }

  @Test
  void imagesNotAskedForAreLeftOut() {
    assertThat(ResponseRenderer.fields(still(null, null), 0)).containsOnlyKeys("token_still");
    assertThat(ResponseRenderer.fields(still("x", null), 1)).containsOnlyKeys("token_still", "image_best");
  }
}
