package io.plinth.rest.impl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.plinth.rest.api.ApiException;
import io.plinth.rest.api.ErrorDetail;
import io.plinth.rest.impl.ErrorMapper.ErrorAnswer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorAnswerTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void apiExceptionKeepsStatusMessageAndDetails() throws Exception {
        ApiException invalid = ApiException.invalid(List.of(ErrorDetail.of("/id", "must not be empty")));
        ErrorAnswer answer = ErrorAnswer.of(invalid);
        assertEquals(422, answer.status());
        assertEquals("{\"message\":\"Object is not valid\",\"details\":[{\"path\":\"/id\",\"errors\":[\"must not be empty\"]}]}",
                json.writeValueAsString(new ErrorBody(answer.message(), answer.details())));
    }

    @Test
    void emptyDetailsAreLeftOut() throws Exception {
        ErrorAnswer answer = ErrorAnswer.of(ApiException.notFound("There is no leader"));
        assertEquals(404, answer.status());
        assertEquals("{\"message\":\"There is no leader\"}",
                json.writeValueAsString(new ErrorBody(answer.message(), answer.details())));
    }

    @Test
    void malformedJsonIsABadRequestNamingTheProblem() {
        Exception parse = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> json.readTree("{\"id\": "));
        ErrorAnswer answer = ErrorAnswer.of(parse);
        assertEquals(400, answer.status());
        org.junit.jupiter.api.Assertions.assertTrue(answer.message().startsWith("Invalid JSON: "), answer.message());
    }

    @Test
    void anythingElseIsAnInternalErrorWithoutDetail() {
        ErrorAnswer answer = ErrorAnswer.of(new IllegalStateException("secret internals"));
        assertEquals(500, answer.status());
        assertEquals("Internal server error", answer.message());
    }
}
