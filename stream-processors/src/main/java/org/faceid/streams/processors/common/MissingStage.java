package org.faceid.streams.processors.common;

import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.RequestMeta;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stage that is wired into the pipeline but has no engine yet answers INTERNAL_ERROR and says
 * which stage is missing in the log: never a made-up success.
 */
public final class MissingStage {

  private static final Logger log = LoggerFactory.getLogger(MissingStage.class);

  private MissingStage() {}

  public static ApiResult answer(RequestMeta meta, String what) {
    log.warn("request {} ({}) answered INTERNAL_ERROR: missing stage: {}", meta.getRequestId(), meta.getEndpoint(), what);
    return Results.internalError(meta);
  }
}
