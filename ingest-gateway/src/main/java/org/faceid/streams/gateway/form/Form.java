package org.faceid.streams.gateway.form;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The fields and files of one request, as read so far. The first value of a repeated name wins. */
public final class Form {

  private final Map<String, String> fields = new LinkedHashMap<>();
  private final Map<String, byte[]> files = new LinkedHashMap<>();
  private final Set<String> overlong = new HashSet<>();
  private final Set<String> notKept = new HashSet<>();

  /** A form with these values, as if read from a body (fields first, then files). */
  public static Form of(Map<String, String> fields, Map<String, byte[]> files) {
    Form form = new Form();
    fields.forEach(form::putField);
    files.forEach(form::putFile);
    return form;
  }

  void putField(String name, String value) {
    fields.putIfAbsent(name, value);
  }

  void putFile(String name, byte[] content) {
    files.putIfAbsent(name, content);
  }

  /** A file that was sent and read, but not kept ({@link FormReader.PartListener#keepFiles}). */
  void putNotKept(String name) {
    if (!files.containsKey(name)) {
      files.put(name, new byte[0]);
      notKept.add(name);
    }
  }

  void markOverlong(String name) {
    overlong.add(name);
  }

  /** The field's value, or null when absent or empty. */
  public String field(String name) {
    String value = fields.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  /** Sent as a text field, empty or not. */
  public boolean sent(String name) {
    return fields.containsKey(name) || overlong.contains(name);
  }

  /** Sent as a text field with nothing in it ({@code name=}): a BAD_ARGUMENTS, never the default. */
  public boolean empty(String name) {
    return "".equals(fields.get(name));
  }

  /** The file's bytes; empty for one that was sent but not kept ({@link #notKept}). */
  public byte[] file(String name) {
    return files.get(name);
  }

  /** Whether some file was read without being kept: such a form is refused, never published. */
  public boolean notKept() {
    return !notKept.isEmpty();
  }

  /** A text field longer than the reader keeps: always a BAD_ARGUMENTS. */
  public boolean overlong(String name) {
    return overlong.contains(name);
  }

  public boolean has(String name) {
    return field(name) != null || files.containsKey(name);
  }
}
