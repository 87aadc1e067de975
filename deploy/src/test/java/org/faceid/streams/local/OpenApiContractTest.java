package org.faceid.streams.local;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The contract check catches what the scenarios rely on it to catch: renamed fields, wrong statuses. */
class OpenApiContractTest {

  static final String VERIFY = "/faceid/lite/raw/verify";
  static final String ENVELOPE = "\"request_id\":\"1763929000,6f1c2a3b-0000-4000-8000-123456789abc\",\"time_used\":12";
  static final String PASSED = "{" + ENVELOPE + ",\"biz_no\":\"b\",\"liveness\":{\"procedure_validation\":\"PASSED\","
      + "\"face_genuineness\":\"PASSED\"},\"result_ref1\":{\"confidence\":81.2,\"thresholds\":{\"1e-3\":60.1,"
      + "\"1e-4\":66.2,\"1e-5\":71.3,\"1e-6\":75.4}}}";

  final OpenApiContract contract = OpenApiContract.GATEWAY;

  @Test
  void aDocumentedAnswerPasses() {
    assertThatCode(() -> contract.check("POST", VERIFY, 200, PASSED)).doesNotThrowAnyException();
    assertThatCode(() -> contract.check("POST", VERIFY, 400, "{" + ENVELOPE + ",\"error_message\":\"NO_FACE_FOUND:image_ref2\"}"))
        .doesNotThrowAnyException();
    assertThatCode(() -> contract.check("GET", "/nowhere", 404, "{" + ENVELOPE + ",\"error_message\":\"API_NOT_FOUND\"}"))
        .doesNotThrowAnyException();
  }

  @Test
  void aRenamedFieldFails() {
    assertThatThrownBy(() -> contract.check("POST", VERIFY, 200, PASSED.replace("\"confidence\"", "\"confidance\"")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("confidance");
    assertThatThrownBy(() -> contract.check("POST", VERIFY, 200, PASSED.replace("\"time_used\"", "\"timeUsed\"")))
        .isInstanceOf(AssertionError.class).hasMessageContaining("time_used");
  }

  @Test
  void anErrorUnderAnotherStatusOrCallFails() {
    assertThatThrownBy(() -> contract.check("POST", VERIFY, 403, "{" + ENVELOPE + ",\"error_message\":\"INVALID_TOKEN\"}"))
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> contract.check("POST", "/faceid/lite/raw/validate_still", 400,
        "{" + ENVELOPE + ",\"error_message\":\"VIDEO_SR_ERROR\"}")).isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> contract.check("POST", VERIFY, 418, PASSED)).hasMessageContaining("418");
    assertThatThrownBy(() -> contract.check("GET", "/nowhere", 200, "{}")).hasMessageContaining("not in openapi.yaml");
  }
}
