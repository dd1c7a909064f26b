package io.plinth.rest.impl;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.plinth.rest.api.ErrorDetail;
import java.util.List;

/** Marathon's error answer: {@code {"message": .., "details": [..]}}; details left out when empty. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
record ErrorBody(String message, List<ErrorDetail> details) {
}
