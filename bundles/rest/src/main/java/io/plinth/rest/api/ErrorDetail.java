package io.plinth.rest.api;

import java.util.List;

/**
 * One rejected part of a request, as Marathon reports it: the JSON path of the field
 * ({@code /id}, {@code /container/docker/image}) and what is wrong with it.
 */
public record ErrorDetail(String path, List<String> errors) {

    public ErrorDetail {
        errors = List.copyOf(errors);
    }

    public static ErrorDetail of(String path, String error) {
        return new ErrorDetail(path, List.of(error));
    }
}
