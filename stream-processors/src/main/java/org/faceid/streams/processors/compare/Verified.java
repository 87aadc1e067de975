package org.faceid.streams.processors.compare;

import org.faceid.streams.schema.ApiResult;

/** A verify's answer with the token it spends when it completed (200); the token is null for answers that never complete. */
record Verified(String token, ApiResult answer) {}
