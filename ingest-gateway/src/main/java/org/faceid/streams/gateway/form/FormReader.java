package org.faceid.streams.gateway.form;

import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.commons.fileupload2.core.FileItemInput;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;
import org.apache.commons.fileupload2.core.FileUploadSizeException;
import org.apache.commons.fileupload2.jakarta.servlet5.JakartaServletFileUpload;

/**
 * Reads a multipart/form-data body part by part as it streams in. Every part is bounded before it
 * is buffered: a file by its own limit, a text field by {@link #MAX_FIELD_BYTES}, the whole body by
 * the sum. Going over a file or body limit stops reading with {@link UploadTooLargeException}.
 */
public final class FormReader {

  /** Text fields are short (a token is at most 1024 bytes); longer ones are kept as "overlong". */
  public static final int MAX_FIELD_BYTES = 4096;
  /** Headroom for text fields and part headers on top of the files' limits. */
  public static final long FIELD_ALLOWANCE = 64 * 1024;

  /** Called after each part: lets the caller authenticate as soon as the credentials have arrived. */
  @FunctionalInterface
  public interface PartListener {
    void afterPart(Form formSoFar) throws EarlyAnswer;
  }

  /** Thrown by a listener to stop reading and answer now. */
  public static final class EarlyAnswer extends Exception {
    private final transient Object answer;

    public EarlyAnswer(Object answer) {
      super(null, null, false, false);
      this.answer = answer;
    }

    public Object answer() {
      return answer;
    }
  }

  private final Map<String, Long> fileLimits;
  private final long bodyLimit;

  /** @param fileLimits the file fields this endpoint takes, each with its byte limit */
  public FormReader(Map<String, Long> fileLimits) {
    this.fileLimits = Map.copyOf(fileLimits);
    this.bodyLimit = fileLimits.values().stream().mapToLong(Long::longValue).sum() + FIELD_ALLOWANCE;
  }

  public long bodyLimit() {
    return bodyLimit;
  }

  public Form read(HttpServletRequest request, PartListener listener)
      throws IOException, UploadTooLargeException, EarlyAnswer {
    Form form = new Form();
    if (request.getContentLengthLong() > bodyLimit) {
      throw new UploadTooLargeException("Content-Length " + request.getContentLengthLong() + " > " + bodyLimit);
    }
    if (!JakartaServletFileUpload.isMultipartContent(request)) {
      // An url-encoded form can carry the text arguments (Jetty bounds its size); files need multipart.
      String type = request.getContentType();
      if (type != null && type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
        readUrlEncoded(request.getInputStream(), form);
      }
      return form;
    }
    JakartaServletFileUpload<?, ?> upload = new JakartaServletFileUpload<>();
    upload.setMaxSize(bodyLimit);
    try {
      FileItemInputIterator parts = upload.getItemIterator(request);
      while (parts.hasNext()) {
        FileItemInput part = parts.next();
        String name = part.getFieldName();
        Long fileLimit = fileLimits.get(name);
        // Read each part to its end; no close(): on a dropped upload the part stream rethrows the
        // read's own exception from close(), which try-with-resources cannot suppress into itself.
        InputStream in = part.getInputStream();
        if (fileLimit != null) {
          byte[] content = readAtMost(in, fileLimit);
          if (content == null) {
            throw new UploadTooLargeException(name + " is over " + fileLimit + " bytes");
          }
          form.putFile(name, content);
        } else {
          byte[] value = readAtMost(in, MAX_FIELD_BYTES);
          if (value == null) {
            form.markOverlong(name);
            in.transferTo(java.io.OutputStream.nullOutputStream());
          } else {
            form.putField(name, new String(value, StandardCharsets.UTF_8));
          }
        }
        listener.afterPart(form);
      }
    } catch (FileUploadSizeException e) {
      throw new UploadTooLargeException(e.getMessage());
    } catch (FileUploadException e) {
      // A malformed body: keep what was read; the argument checks report what is missing.
      if (e.getCause() instanceof FileUploadSizeException size) {
        throw new UploadTooLargeException(size.getMessage());
      }
    }
    return form;
  }

  /** Body parameters only: a secret in the query string would end up in access logs. */
  private static void readUrlEncoded(InputStream in, Form form) throws IOException, UploadTooLargeException {
    byte[] body = readAtMost(in, FIELD_ALLOWANCE);
    if (body == null) {
      throw new UploadTooLargeException("url-encoded body over " + FIELD_ALLOWANCE + " bytes");
    }
    for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
      int eq = pair.indexOf('=');
      if (pair.isEmpty() || eq == 0) {
        continue;
      }
      try {
        String name = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_FIELD_BYTES) {
          form.markOverlong(name);
        } else {
          form.putField(name, value);
        }
      } catch (IllegalArgumentException malformedEscape) {
        // Skipped like any unreadable part: the argument checks report what is missing.
      }
    }
  }

  /** The stream's bytes, or null as soon as there are more than {@code limit}. */
  private static byte[] readAtMost(InputStream in, long limit) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    for (int n; (n = in.read(buffer)) != -1; ) {
      total += n;
      if (total > limit) {
        return null;
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }
}
