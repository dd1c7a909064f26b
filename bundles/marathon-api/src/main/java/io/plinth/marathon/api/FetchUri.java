package io.plinth.marathon.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** An artifact the agent fetches into the sandbox before the task starts (Marathon's {@code fetch}). */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FetchUri(String uri, boolean extract, boolean executable, boolean cache, String destPath) {

    /** A legacy {@code uris} entry: archives are extracted, as Marathon did. */
    public static FetchUri legacy(String uri) {
        return new FetchUri(uri, true, false, false, null);
    }
}
