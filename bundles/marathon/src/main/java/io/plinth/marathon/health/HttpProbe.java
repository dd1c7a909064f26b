package io.plinth.marathon.health;

import io.plinth.marathon.api.HealthCheck;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Marathon's HTTP and HTTPS checks: {@code GET scheme://host:port{path}}; a status of 200–399 within
 * {@code timeoutSeconds} passes. Redirects are not followed (a 3xx passes). A 1xx gives no result when
 * {@code ignoreHttp1xx} is set and fails otherwise. HTTPS does not verify the certificate nor the host
 * name, as Marathon doesn't: tasks usually serve self-signed certificates and the check only asks
 * "is it up". The response body is discarded. Thread-safe; one instance serves all tasks.
 */
public final class HttpProbe implements Probe {

    private final String scheme;
    private final HttpClient client;

    private HttpProbe(String scheme, HttpClient client) {
        this.scheme = scheme;
        this.client = client;
    }

    /** The plain HTTP probe; the client's callbacks run on {@code executor}. */
    public static HttpProbe http(Executor executor) {
        return new HttpProbe("http", builder(executor).build());
    }

    /** The HTTPS probe, trusting any certificate for any host; callbacks run on {@code executor}. */
    public static HttpProbe https(Executor executor) {
        return new HttpProbe("https", builder(executor).sslContext(trustingContext()).build());
    }

    @Override
    public CompletableFuture<Optional<ProbeOutcome>> probe(String host, int port, HealthCheck check) {
        int timeoutSeconds = Failures.timeoutSeconds(check);
        URI uri;
        try {
            uri = uri(scheme, host, port, check.path() == null || check.path().isEmpty() ? "/" : check.path());
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(Optional.of(ProbeOutcome.fail(e.getMessage())));
        }
        HttpRequest request = HttpRequest.newBuilder(uri).GET().timeout(Duration.ofSeconds(timeoutSeconds)).build();
        CompletableFuture<HttpResponse<Void>> response;
        try {
            response = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Optional.of(ProbeOutcome.fail(Failures.describe(e, timeoutSeconds))));
        }
        // The request timeout covers the wait for the headers only; this bounds the whole exchange.
        return response.orTimeout(timeoutSeconds, TimeUnit.SECONDS).handle((answer, failure) -> failure == null
                ? judge(answer.statusCode(), check.ignoreHttp1xx())
                : Optional.of(ProbeOutcome.fail(Failures.describe(failure, timeoutSeconds))));
    }

    /** Marathon's verdict on a status code; empty for an ignored 1xx. */
    static Optional<ProbeOutcome> judge(int status, boolean ignoreHttp1xx) {
        if (status >= 200 && status < 400) {
            return Optional.of(ProbeOutcome.pass());
        }
        if (status >= 100 && status < 200 && ignoreHttp1xx) {
            return Optional.empty();
        }
        return Optional.of(ProbeOutcome.fail("HTTP " + status));
    }

    /** The check's URL; an IPv6 host gets its brackets, a path with characters URIs forbid is quoted. */
    static URI uri(String scheme, String host, int port, String path) {
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String uriHost = bareHost.indexOf(':') >= 0 ? "[" + bareHost + "]" : bareHost;
        String absolutePath = path.startsWith("/") ? path : "/" + path;
        try {
            return new URI(scheme + "://" + uriHost + ":" + port + absolutePath);
        } catch (URISyntaxException e) {
            int query = absolutePath.indexOf('?');
            try {
                return new URI(scheme, null, bareHost, port, query < 0 ? absolutePath : absolutePath.substring(0, query),
                        query < 0 ? null : absolutePath.substring(query + 1), null);
            } catch (URISyntaxException again) {
                throw new IllegalArgumentException("path \"" + path + "\" does not form a URL with host " + host
                        + ": " + again.getMessage(), again);
            }
        }
    }

    private static HttpClient.Builder builder(Executor executor) {
        // HTTP/1.1 only: the default HTTP/2 upgrade header confuses some tasks' servers.
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor);
    }

    private static SSLContext trustingContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAnyServer()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS available for HTTPS health checks", e);
        }
    }

    /**
     * Accepts any server certificate. Being an {@link X509ExtendedTrustManager}, JSSE leaves the host
     * name check to it as well, so that is skipped too — without a JVM-wide system property.
     */
    private static final class TrustAnyServer extends X509ExtendedTrustManager {

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("a health check never acts as a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("a health check never acts as a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a health check never acts as a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
