package org.faceid.streams.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ApiErrorTest {

  @Test
  void theGeneralTableKeepsTheVendorsStatuses() {
    // seeds 000-003, "通用的ERROR_MESSAGE": 403 for credentials and limits, 404, 500, and 413 for size.
    assertThat(ApiError.AUTHENTICATION_ERROR.httpStatus()).isEqualTo(403);
    assertThat(ApiError.AUTHORIZATION_DENIED.httpStatus()).isEqualTo(403);
    assertThat(ApiError.CONCURRENCY_LIMIT_EXCEEDED.httpStatus()).isEqualTo(403);
    assertThat(ApiError.API_NOT_FOUND.httpStatus()).isEqualTo(404);
    assertThat(ApiError.INTERNAL_ERROR.httpStatus()).isEqualTo(500);
    assertThat(ApiError.REQUEST_ENTITY_TOO_LARGE.httpStatus()).isEqualTo(413);
  }

  @Test
  void everyOtherErrorIsABadRequest() {
    Set<ApiError> notBadRequests = EnumSet.of(ApiError.AUTHENTICATION_ERROR, ApiError.AUTHORIZATION_DENIED,
        ApiError.CONCURRENCY_LIMIT_EXCEEDED, ApiError.API_NOT_FOUND, ApiError.INTERNAL_ERROR,
        ApiError.REQUEST_ENTITY_TOO_LARGE);
    assertThat(EnumSet.complementOf(EnumSet.copyOf(notBadRequests)))
        .allSatisfy(e -> assertThat(e.httpStatus()).as(e.name()).isEqualTo(400));
  }

  @Test
  void messagesAreSpeltAsTheVendorSpellsThem() {
    assertThat(ApiError.AUTHORIZATION_DENIED.message()).isEqualTo("AUTHORIZATION_ERROR:Denied");
    assertThat(ApiError.REQUEST_ENTITY_TOO_LARGE.message()).isEqualTo("Request Entity Too Large");
    // Every other constant is named after its message, so a rename cannot drift from the string.
    assertThat(EnumSet.complementOf(EnumSet.of(ApiError.AUTHORIZATION_DENIED, ApiError.REQUEST_ENTITY_TOO_LARGE)))
        .allSatisfy(e -> assertThat(e.message()).isEqualTo(e.name()));
    assertThat(Arrays.stream(ApiError.values()).map(ApiError::message).collect(Collectors.toSet()))
        .as("no message twice").hasSize(ApiError.values().length);
  }

  @Test
  void missingArgumentsNamesItsKeyAfterASpaceAndTheOthersWithout() {
    assertThat(ApiError.MISSING_ARGUMENTS.withKey("video")).isEqualTo("MISSING_ARGUMENTS: video");
    assertThat(ApiError.BAD_ARGUMENTS.withKey("biz_no")).isEqualTo("BAD_ARGUMENTS:biz_no");
    assertThat(ApiError.IMAGE_ERROR_UNSUPPORTED_FORMAT.withKey("data_source"))
        .isEqualTo("IMAGE_ERROR_UNSUPPORTED_FORMAT:data_source");
    assertThat(ApiError.NO_FACE_FOUND.withKey("image_ref2")).isEqualTo("NO_FACE_FOUND:image_ref2");
    assertThat(ApiError.INVALID_IMAGE_SIZE.withKey("image_ref1")).isEqualTo("INVALID_IMAGE_SIZE:image_ref1");
    assertThat(ApiError.MULTIPLE_FACES.withKey("image_ref3")).isEqualTo("MULTIPLE_FACES:image_ref3");
  }

  @Test
  void anErrorThatNamesNoParameterRefusesOne() {
    assertThatThrownBy(() -> ApiError.INVALID_TOKEN.withKey("token"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("INVALID_TOKEN");
    assertThatThrownBy(() -> ApiError.AUTHENTICATION_ERROR.withKey("api_key"))
        .isInstanceOf(IllegalStateException.class);
  }
}
