package io.plinth.rest.impl;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.plinth.rest.api.ApiException;
import io.plinth.rest.api.ErrorDetail;
import java.util.List;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure of every resource becomes a Marathon-style JSON answer; nothing else ever leaves
 * the server, least of all a stack trace.
 */
@Component(service = ExceptionMapper.class)
@JaxrsExtension
@JaxrsName("plinth.errors")
public class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    @Override
    public Response toResponse(Throwable failure) {
        ErrorAnswer answer = ErrorAnswer.of(failure);
        if (answer.status() >= 500) {
            LOG.error("Request failed", failure);
        }
        return Response.status(answer.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorBody(answer.message(), answer.details()))
                .build();
    }

    /** The status and body for a failure: a pure function, kept apart so it is tested without a server. */
    record ErrorAnswer(int status, String message, List<ErrorDetail> details) {

        static ErrorAnswer of(Throwable failure) {
            if (failure instanceof ApiException api) {
                return new ErrorAnswer(api.status(), api.getMessage(), api.details());
            }
            if (failure instanceof JsonProcessingException json) {
                return new ErrorAnswer(400, "Invalid JSON: " + json.getOriginalMessage(), List.of());
            }
            if (failure instanceof WebApplicationException web) {
                int status = web.getResponse().getStatus();
                return new ErrorAnswer(status, reason(status, web), List.of());
            }
            return new ErrorAnswer(500, "Internal server error", List.of());
        }

        private static String reason(int status, WebApplicationException web) {
            if (status == 404) {
                return "Not found";
            }
            if (status == 405) {
                return "Method not allowed";
            }
            if (status == 415) {
                return "Unsupported media type";
            }
            Response.StatusType type = Response.Status.fromStatusCode(status);
            String message = web.getMessage();
            if (message != null && !message.startsWith("HTTP ")) {
                return message;
            }
            return type != null ? type.getReasonPhrase() : "HTTP " + status;
        }
    }
}
