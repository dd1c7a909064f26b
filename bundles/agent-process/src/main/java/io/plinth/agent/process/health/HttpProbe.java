package io.plinth.agent.process.health;

import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.mesos.v1.Protos.HealthCheck.HTTPCheckInfo;

/**
 * GET {@code scheme://host:port/path}; a final status of 200–399 is healthy.
 *
 * <p>Like Mesos' {@code curl -L -k}: redirects are followed and, for https, the task's certificate is
 * not verified, since the task usually serves a self-signed one and the check only asks "is it up".
 * {@code statuses} is ignored, as Mesos does. The whole exchange, body included, must finish within
 * the timeout.
 */
final class HttpProbe implements Probe {

    private final HttpClient client;
    private final HttpRequest request;
    private final Duration timeout;
    private final Object lock = new Object();

    // guarded by lock
    private boolean closed;
    private CompletableFuture<?> inFlight;

    HttpProbe(HTTPCheckInfo http, String host, Duration timeout) {
        String scheme = http.hasScheme() ? http.getScheme() : "http";
        String path = http.hasPath() ? http.getPath() : "/";
        this.timeout = timeout;
        this.request = HttpRequest.newBuilder(uri(scheme, host, http.getPort(), path))
                .GET()
                .timeout(timeout)
                .build();
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.ALWAYS);
        if (scheme.equals("https")) {
            builder.sslContext(trustingContext());
        }
        this.client = builder.build();
    }

    /** The check's URL; paths with characters URIs forbid (spaces...) are quoted rather than refused. */
    static URI uri(String scheme, String host, int port, String path) {
        String bareHost = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        String uriHost = bareHost.indexOf(':') >= 0 ? "[" + bareHost + "]" : bareHost;
        try {
            return new URI(scheme + "://" + uriHost + ":" + port + path);
        } catch (URISyntaxException e) {
            int query = path.indexOf('?');
            try {
                return new URI(scheme, null, bareHost, port, query < 0 ? path : path.substring(0, query),
                        query < 0 ? null : path.substring(query + 1), null);
            } catch (URISyntaxException again) {
                throw new IllegalArgumentException("http.path \"" + path + "\" does not form a URL with host "
                        + host + ": " + again.getMessage(), again);
            }
        }
    }

    @Override
    public Result check() {
        String what = "HTTP GET " + request.uri();
        CompletableFuture<HttpResponse<Void>> response;
        synchronized (lock) {
            if (closed) {
                return Result.unhealthy(what + " not sent: checker closed");
            }
            try {
                response = client.sendAsync(request, HttpResponse.BodyHandlers.discarding());
            } catch (RuntimeException e) {
                return Result.unhealthy(what + " failed: " + Probe.describe(e));
            }
            inFlight = response;
        }
        try {
            int status = response.get(timeout.toNanos(), TimeUnit.NANOSECONDS).statusCode();
            String detail = what + " returned " + status;
            return status >= 200 && status < 400 ? Result.healthy(detail) : Result.unhealthy(detail);
        } catch (TimeoutException e) {
            response.cancel(true);
            return Result.unhealthy(what + " timed out after " + Probe.seconds(timeout));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return Result.unhealthy(cause instanceof HttpTimeoutException
                    ? what + " timed out after " + Probe.seconds(timeout)
                    : what + " failed: " + Probe.describe(cause));
        } catch (CancellationException e) {
            return Result.unhealthy(what + " aborted: checker closed");
        } catch (InterruptedException e) {
            response.cancel(true);
            Thread.currentThread().interrupt();
            return Result.unhealthy(what + " interrupted");
        } finally {
            synchronized (lock) {
                inFlight = null;
            }
        }
    }

    @Override
    public void close() {
        CompletableFuture<?> abort;
        synchronized (lock) {
            closed = true;
            abort = inFlight;
        }
        if (abort != null) {
            abort.cancel(true);
        }
    }

    private static SSLContext trustingContext() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new TrustAnyServer()}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no TLS available for an https health check", e);
        }
    }

    /**
     * Accepts any server certificate and host name, as Mesos' {@code curl -k} does. Being an
     * {@link X509ExtendedTrustManager}, JSSE leaves the host name check to it too, so nothing is
     * verified; this context is only ever used to probe the task it belongs to.
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
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("a health check never acts as a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("a health check never acts as a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType)
                throws java.security.cert.CertificateException {
            throw new java.security.cert.CertificateException("a health check never acts as a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
