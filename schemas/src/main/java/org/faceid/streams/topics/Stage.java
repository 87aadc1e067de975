package org.faceid.streams.topics;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Who writes and reads the topics: the HTTP gateway, the operator's tools ({@code deploy/faceid}), and
 * each Kafka Streams stage, which runs as the application {@code faceid-<stage>}.
 */
public enum Stage {
  GATEWAY, OPERATOR, TOKENS, DECODE, LIVENESS, SPEECH, PROCEDURE, SELFIE, COMPARE, REGISTRY;

  /** The Kafka Streams stages, in the order requests flow through them. */
  public static final Set<Stage> STREAMS = EnumSet.range(TOKENS, REGISTRY);

  /** The stage's name in the pipeline ({@code Pipeline.STAGES}) and its application id. */
  public String stageName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The Streams stage of that pipeline name. */
  public static Stage ofStage(String stageName) {
    Stage stage = valueOf(stageName.toUpperCase(Locale.ROOT));
    if (!STREAMS.contains(stage)) {
      throw new IllegalArgumentException(stageName + " is not a Kafka Streams stage");
    }
    return stage;
  }
}
