package org.faceid.streams.processors.registry;

import org.faceid.streams.schema.Identity;

/**
 * Where verify with comparison_type=1 finds an identity, by the HMAC of its ID number (the clear
 * number never leaves the gateway). The Kafka registry ({@code faceid.identities}) is the default;
 * an external source ({@link HttpIdentitySource}) is asked only for what the registry lacks, and
 * its answers are cached in the registry.
 */
public interface IdentitySource {

  /** The identity registered under {@code idKey}, or null when the source holds none. */
  Identity find(String idKey) throws Unavailable;

  /** The source could not answer (in time): verify answers DATA_SOURCE_ERROR. */
  final class Unavailable extends Exception {
    public Unavailable(String reason, Throwable cause) {
      super(reason, cause);
    }
  }
}
