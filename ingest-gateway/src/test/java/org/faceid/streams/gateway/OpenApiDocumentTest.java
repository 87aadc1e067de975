package org.faceid.streams.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.faceid.streams.api.ApiError;
import org.junit.jupiter.api.Test;

/** The served OpenAPI description parses cleanly and describes every call the gateway routes. */
class OpenApiDocumentTest {

  static String document() throws IOException {
    try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream(WebContent.OPENAPI_PATH)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static SwaggerParseResult parse() throws IOException {
    return parse(document());
  }

  static SwaggerParseResult parse(String document) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    return new OpenAPIV3Parser().readContents(document, null, options);
  }

  @Test
  void parsesWithoutAMessage() throws IOException {
    SwaggerParseResult result = parse();
    assertThat(result.getMessages()).isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
  }

  /** The check above can fail: a reference to a schema that is not there is reported. */
  @Test
  void aDanglingReferenceIsReported() throws IOException {
    String broken = document().replace("'#/components/schemas/VerifyAnswer'", "'#/components/schemas/VerifyAnswr'");
    assertThat(broken).isNotEqualTo(document());
    assertThat(parse(broken).getMessages()).isNotEmpty();
  }

  @Test
  void describesEveryCallWithItsAnswersAndErrors() throws IOException {
    OpenAPI api = parse().getOpenAPI();
    for (Endpoints endpoint : Endpoints.values()) {
      PathItem item = api.getPaths().get((endpoint.admin() ? GatewayServer.ADMIN_PATH : GatewayServer.BASE_PATH) + endpoint.path());
      assertThat(item).as(endpoint.path()).isNotNull();
      Operation post = item.getPost();
      assertThat(post.getResponses()).as(endpoint.path()).containsKeys("200", "400", "403", "500");
      if (!endpoint.fileLimits().isEmpty()) {
        assertThat(post.getResponses()).as(endpoint.path() + ": files over their limit").containsKey("413");
        var form = post.getRequestBody().getContent().get("multipart/form-data");
        assertThat(form).as(endpoint.path()).isNotNull();
      }
    }
  }

  @Test
  void namesEveryErrorStringOfTheCatalogue() throws IOException {
    String document = document();
    for (ApiError error : ApiError.values()) {
      assertThat(document).as(error.name()).contains(error.message());
    }
    assertThat(document).contains(ApiError.MISSING_ARGUMENTS.withKey(""), ApiError.BAD_ARGUMENTS.withKey(""));
  }
}
