package org.faceid.streams.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The capture page's files: present, loading nothing from elsewhere, never putting secrets in a URL. */
class H5PageTest {

  static final List<String> FILES = List.of("index.html", "h5.css", "h5.js", "api.js", "capture.js", "messages.js", "result.js");

  static String file(String name) throws IOException {
    try (InputStream in = H5PageTest.class.getResourceAsStream("/h5/" + name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void loadsNothingFromAnotherOrigin() throws IOException {
    for (String name : FILES) {
      assertThat(file(name)).as(name).doesNotContain("http://", "https://", "src=\"//", "href=\"//", "@import");
    }
  }

  @Test
  void storesNoSecretAndSendsTheCredentialsInTheBody() throws IOException {
    String api = file("api.js");
    assertThat(api).contains("sessionStorage.setItem(KEY, apiKey)", "form.append('api_secret', apiSecret)", "method: 'POST'");
    assertThat(api).doesNotContain("localStorage", "searchParams", "?api_", "setItem(SECRET", "indexedDB", "document.cookie");
    assertThat(file("index.html")).contains("<form id=\"credentials\" method=\"post\"");
  }

  @Test
  void everyScriptTheServedPolicyNeedsIsItsOwn() throws IOException {
    String page = file("index.html");
    assertThat(page).doesNotContain("<script>", "style=\"", "onclick=");
    assertThat(WebContent.PAGE_POLICY).contains("default-src 'none'", "script-src 'self'", "frame-ancestors 'none'");
  }
}
