package org.faceid.streams.topics;

/**
 * Avro 1.12 only instantiates generated classes from packages named in
 * {@code org.apache.avro.SERIALIZABLE_PACKAGES} (AVRO-4189). Set it before Avro reads it, so no
 * launcher has to remember the flag.
 */
final class AvroTrust {
  static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";
  static final String PACKAGE = "org.faceid.streams.schema";

  private AvroTrust() {}

  static synchronized void ensure() {
    String current = System.getProperty(PROPERTY);
    if (current == null || current.isBlank()) {
      System.setProperty(PROPERTY, PACKAGE);
    } else if (!current.contains(PACKAGE)) {
      System.setProperty(PROPERTY, current + "," + PACKAGE);
    }
  }
}
