package org.faceid.streams.processors.common;

import org.faceid.streams.schema.ApiResult;
import org.faceid.streams.schema.Token;

/** A token a stage minted and the answer that hands it to the caller. */
public record Issued(Token token, ApiResult answer) {}
