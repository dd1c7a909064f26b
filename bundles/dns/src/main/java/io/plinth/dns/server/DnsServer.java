package io.plinth.dns.server;

import io.plinth.dns.core.model.DnsConfig;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Serves an {@link Answerer} over UDP and TCP on one address and port.
 *
 * <p>Lifecycle: construct, {@link #start()} once, {@link #close()} (idempotent; joins the server's threads).
 * Threads: {@link Limits#localWorkers()} UDP loops that each receive a datagram and, when it is for the Mesos
 * domain, answer it on the spot; a bounded pool for UDP queries that go upstream (so a slow resolver cannot
 * stall answers for the domain); one TCP accept loop and at most {@link Limits#maxTcpConnections()} TCP
 * connection threads. Local answers take no hand-off to a pool: the queue and the thread switches it costs per
 * packet added about a quarter to the CPU time of each answer (docs/benchmarks/dns.md).
 * When the forward pool is full the packet is dropped and counted; when the loops fall behind, the kernel's
 * socket buffer overflows and drops. UDP clients retry.
 *
 * <p>Bad input never escapes a loop: a packet that does not parse gets FORMERR when its header can be read,
 * otherwise it is dropped; responses (QR set) are always dropped so two servers cannot bounce errors at each
 * other. UDP answers are cut to 512 bytes, or to the client's EDNS size (at most {@value #MAX_UDP_SIZE}),
 * with the TC bit set so the client retries over TCP.
 */
public final class DnsServer implements AutoCloseable {
    /** RFC 1035 limit for UDP clients that do not speak EDNS. */
    static final int CLASSIC_UDP_SIZE = 512;
    /** The transport of UDP answers in {@link ResponseCache} keys. */
    private static final int UDP = 0;
    /** DNS Flag Day 2020 size: larger UDP answers risk IP fragmentation, so they go over TCP instead. */
    static final int MAX_UDP_SIZE = 1232;
    static final int MAX_TCP_SIZE = 65535;

    private static final Logger LOG = LoggerFactory.getLogger(DnsServer.class);
    private static final int BIND_ATTEMPTS = 10;
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(5);

    /**
     * Resource bounds.
     *
     * @param localWorkers      UDP receive loops, each answering the queries it receives for the domain from the
     *                          records snapshot
     * @param forwardWorkers    threads waiting on the upstream for UDP queries outside the domain
     * @param queueCapacity     UDP queries waiting for a forward worker before new ones are dropped
     * @param maxTcpConnections open TCP connections; further ones are closed at once
     * @param tcpIdleTimeout    how long a TCP connection may sit without sending a complete read
     */
    public record Limits(int localWorkers, int forwardWorkers, int queueCapacity, int maxTcpConnections,
                         Duration tcpIdleTimeout) {
        public Limits {
            if (localWorkers < 1 || forwardWorkers < 1 || queueCapacity < 1 || maxTcpConnections < 1) {
                throw new IllegalArgumentException("DNS server limits must be positive: " + localWorkers + ", "
                        + forwardWorkers + ", " + queueCapacity + ", " + maxTcpConnections);
            }
            Objects.requireNonNull(tcpIdleTimeout, "tcpIdleTimeout");
            if (tcpIdleTimeout.isNegative() || tcpIdleTimeout.isZero()) {
                throw new IllegalArgumentException("tcpIdleTimeout must be positive: " + tcpIdleTimeout);
            }
        }

        public static Limits defaults() {
            return new Limits(2, 8, 512, 64, Duration.ofSeconds(10));
        }
    }

    /**
     * Counters since start.
     *
     * @param queries        messages received (UDP datagrams and TCP messages)
     * @param malformed      messages that did not parse as a query (including stray responses)
     * @param forwarded      queries sent to the upstream
     * @param dropped        queries or connections refused because a pool or the connection limit was full
     * @param errors         unexpected failures (socket errors, bugs); 0 in a healthy server
     * @param answersByRcode responses sent, by rcode name ("NOERROR", "NXDOMAIN", "FORMERR", ...)
     */
    public record Stats(long queries, long malformed, long forwarded, long dropped, long errors,
                        Map<String, Long> answersByRcode) {
        public Stats {
            answersByRcode = Map.copyOf(answersByRcode);
        }
    }

    private record Decoded(Message query, byte[] reply) {}

    private final String listener;
    private final int requestedPort;
    private final Answerer answerer;
    private final ResponseCache cache = new ResponseCache();
    private final Limits limits;
    private final ThreadPoolExecutor forwardPool;
    private final ThreadPoolExecutor connectionPool;
    private final Semaphore connectionPermits;
    private final Set<Socket> openConnections = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAdder queries = new LongAdder();
    private final LongAdder malformed = new LongAdder();
    private final LongAdder forwarded = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Map<String, LongAdder> answersByRcode = new ConcurrentHashMap<>();

    private volatile DatagramSocket udp;
    private volatile ServerSocket tcp;
    private volatile List<Thread> udpThreads = List.of();
    private volatile Thread acceptThread;

    /** Binds to the config's listener and port with default limits. */
    public DnsServer(DnsConfig config, Answerer answerer) {
        this(config.listener(), config.port(), answerer, Limits.defaults());
    }

    /**
     * @param listener IP literal to bind ("0.0.0.0", "::", "127.0.0.1")
     * @param port     port for both UDP and TCP; 0 picks a free port, the same for both when possible
     */
    public DnsServer(String listener, int port, Answerer answerer, Limits limits) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.requestedPort = port;
        this.answerer = Objects.requireNonNull(answerer, "answerer");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.forwardPool = pool("forward", limits.forwardWorkers(),
                new ArrayBlockingQueue<>(limits.queueCapacity()));
        // Permits bound the connections; the pool has slack so a thread still returning cannot cause a reject.
        this.connectionPool = pool("tcp", 2 * limits.maxTcpConnections(), new SynchronousQueue<>());
        this.connectionPermits = new Semaphore(limits.maxTcpConnections());
    }

    /**
     * Binds both sockets and starts the loops.
     *
     * @throws IOException           when either socket cannot be bound (nothing is left open)
     * @throws IllegalStateException when called twice or after {@link #close()}
     */
    public void start() throws IOException {
        if (closed.get() || !started.compareAndSet(false, true)) {
            throw new IllegalStateException("DNS server already started or closed");
        }
        bind(InetAddress.getByName(listener));
        List<Thread> loops = new ArrayList<>();
        for (int i = 1; i <= limits.localWorkers(); i++) {
            Thread loop = new Thread(this::receiveUdp, "plinth-dns-udp-" + i);
            loop.setDaemon(true);
            loops.add(loop);
        }
        udpThreads = List.copyOf(loops);
        acceptThread = new Thread(this::acceptTcp, "plinth-dns-tcp-accept");
        acceptThread.setDaemon(true);
        udpThreads.forEach(Thread::start);
        acceptThread.start();
    }

    /** The bound UDP port; valid after {@link #start()}. */
    public int udpPort() {
        return requireStarted(udp).getLocalPort();
    }

    /** The bound TCP port; valid after {@link #start()}. */
    public int tcpPort() {
        return requireStarted(tcp).getLocalPort();
    }

    public Stats stats() {
        Map<String, Long> byRcode = new TreeMap<>();
        answersByRcode.forEach((rcode, count) -> byRcode.put(rcode, count.sum()));
        return new Stats(queries.sum(), malformed.sum(), forwarded.sum(), dropped.sum(), errors.sum(), byRcode);
    }

    /** Closes the sockets, stops the pools and waits (bounded) for the threads to end. Safe to call twice. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closeQuietly(udp);
        closeQuietly(tcp);
        openConnections.forEach(DnsServer::closeQuietly);
        forwardPool.shutdownNow();
        connectionPool.shutdownNow();
        try {
            long deadline = System.nanoTime() + SHUTDOWN_WAIT.toNanos();
            for (Thread loop : udpThreads) {
                join(loop, deadline);
            }
            join(acceptThread, deadline);
            for (ThreadPoolExecutor pool : List.of(forwardPool, connectionPool)) {
                pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Parses and answers one wire message synchronously; null when it is to be dropped. The TCP path and
     * tests use this; the UDP path splits it to hand forwarded queries to their pool.
     */
    byte[] handle(byte[] packet, InetAddress client, int sizeLimit) {
        queries.increment();
        Decoded decoded = decode(packet);
        return decoded.query() == null ? decoded.reply() : respond(decoded.query(), client, sizeLimit);
    }

    private void bind(InetAddress address) throws IOException {
        if (requestedPort != 0) {
            DatagramSocket datagram = new DatagramSocket(new InetSocketAddress(address, requestedPort));
            try {
                tcp = serverSocket(address, requestedPort);
            } catch (IOException e) {
                datagram.close();
                throw e;
            }
            udp = datagram;
            return;
        }
        // Clients retry truncated UDP answers over TCP on the same port, so try to get one port for both.
        for (int attempt = 0; attempt < BIND_ATTEMPTS; attempt++) {
            DatagramSocket datagram = new DatagramSocket(new InetSocketAddress(address, 0));
            try {
                tcp = serverSocket(address, datagram.getLocalPort());
                udp = datagram;
                return;
            } catch (BindException e) {
                datagram.close();
            }
        }
        DatagramSocket datagram = new DatagramSocket(new InetSocketAddress(address, 0));
        try {
            tcp = serverSocket(address, 0);
        } catch (IOException e) {
            datagram.close();
            throw e;
        }
        udp = datagram;
    }

    private static ServerSocket serverSocket(InetAddress address, int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** One of the UDP loops; each has its own buffer, and the socket serialises their receives. */
    private void receiveUdp() {
        byte[] buffer = new byte[MAX_TCP_SIZE];
        while (!closed.get()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                udp.receive(packet);
            } catch (IOException e) {
                if (!closed.get()) {
                    errors.increment();
                    LOG.warn("DNS UDP receive failed", e);
                }
                continue;
            }
            try {
                dispatchUdp(Arrays.copyOfRange(buffer, packet.getOffset(), packet.getOffset() + packet.getLength()),
                        (InetSocketAddress) packet.getSocketAddress());
            } catch (RuntimeException e) {
                errors.increment();
                LOG.warn("DNS UDP dispatch failed", e);
            }
        }
    }

    private void dispatchUdp(byte[] packet, InetSocketAddress from) {
        queries.increment();
        InetAddress client = from.getAddress();
        Object snapshot = answerer.snapshot();
        ByteBuffer key = packet.length >= Header.LENGTH
                ? ResponseCache.key(packet, UDP, answerer.recursionAvailable(client)) : null;
        if (key != null) {
            ResponseCache.Hit hit = cache.get(snapshot, key, packet);
            if (hit != null) {
                count(hit.rcode());
                sendUdp(hit.wire(), from);
                return;
            }
        }
        Decoded decoded = decode(packet);
        if (decoded.query() == null) {
            if (decoded.reply() != null) {
                sendUdp(decoded.reply(), from);
            }
            return;
        }
        Message query = decoded.query();
        if (key != null && answerer.isAuthoritative(query, client)) {
            int sizeLimit = udpSizeLimit(query);
            Message response = answer(query, client);
            byte[] kept = cache.put(snapshot, key, response, sizeLimit);
            sendUdp(kept != null ? kept : encode(response, sizeLimit), from);
            return;
        }
        if (!answerer.forwards(query, client)) {
            sendUdp(respond(query, client, udpSizeLimit(query)), from);
            return;
        }
        try {
            forwardPool.execute(() -> sendUdp(respond(query, client, udpSizeLimit(query)), from));
        } catch (RejectedExecutionException e) {
            dropped.increment();
        }
    }

    private void sendUdp(byte[] reply, InetSocketAddress to) {
        try {
            udp.send(new DatagramPacket(reply, reply.length, to));
        } catch (IOException e) {
            if (!closed.get()) {
                errors.increment();
                LOG.debug("DNS UDP send to {} failed", to, e);
            }
        }
    }

    private void acceptTcp() {
        while (!closed.get()) {
            Socket socket;
            try {
                socket = tcp.accept();
            } catch (IOException e) {
                if (!closed.get()) {
                    errors.increment();
                    LOG.warn("DNS TCP accept failed", e);
                }
                continue;
            }
            if (!connectionPermits.tryAcquire()) {
                dropped.increment();
                closeQuietly(socket);
                continue;
            }
            openConnections.add(socket);
            try {
                connectionPool.execute(() -> serveConnection(socket));
            } catch (RejectedExecutionException e) {
                release(socket);
                if (!closed.get()) {
                    dropped.increment();
                }
            }
        }
    }

    private void serveConnection(Socket socket) {
        try {
            socket.setSoTimeout(Math.toIntExact(Math.min(Integer.MAX_VALUE, limits.tcpIdleTimeout().toMillis())));
            socket.setTcpNoDelay(true);
            DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            OutputStream out = socket.getOutputStream();
            InetAddress client = socket.getInetAddress();
            while (!closed.get()) {
                int length;
                try {
                    length = in.readUnsignedShort();
                } catch (EOFException | SocketTimeoutException e) {
                    return;
                }
                byte[] packet = in.readNBytes(length);
                if (packet.length < length) {
                    return;
                }
                byte[] reply = handle(packet, client, MAX_TCP_SIZE);
                if (reply != null) {
                    byte[] framed = new byte[reply.length + 2];
                    framed[0] = (byte) (reply.length >>> 8);
                    framed[1] = (byte) reply.length;
                    System.arraycopy(reply, 0, framed, 2, reply.length);
                    out.write(framed);
                    out.flush();
                }
            }
        } catch (IOException e) {
            LOG.debug("DNS TCP connection from {} ended", socket.getRemoteSocketAddress(), e);
        } catch (RuntimeException e) {
            errors.increment();
            LOG.warn("DNS TCP connection failed", e);
        } finally {
            release(socket);
        }
    }

    private void release(Socket socket) {
        // Permit first: a client that sees the close may reconnect at once and must find a free slot.
        if (openConnections.remove(socket)) {
            connectionPermits.release();
        }
        closeQuietly(socket);
    }

    private Decoded decode(byte[] packet) {
        Message query;
        try {
            query = new Message(packet);
        } catch (IOException | RuntimeException e) {
            malformed.increment();
            LOG.debug("Malformed DNS message ({} bytes): {}", packet.length, e.toString());
            return new Decoded(null, formatError(packet));
        }
        if (query.getHeader().getFlag(Flags.QR)) {
            malformed.increment();
            return new Decoded(null, null);
        }
        return new Decoded(query, null);
    }

    private byte[] formatError(byte[] packet) {
        if (packet.length < Header.LENGTH) {
            return null;
        }
        Header header;
        try {
            header = new Header(Arrays.copyOf(packet, Header.LENGTH));
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (header.getFlag(Flags.QR)) {
            return null;
        }
        Message reply = new Message(header.getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setOpcode(header.getOpcode());
        if (header.getFlag(Flags.RD)) {
            reply.getHeader().setFlag(Flags.RD);
        }
        reply.getHeader().setRcode(Rcode.FORMERR);
        count(Rcode.FORMERR);
        return reply.toWire();
    }

    private byte[] respond(Message query, InetAddress client, int sizeLimit) {
        return encode(answer(query, client), sizeLimit);
    }

    /** The answerer's response, made to match the query's EDNS and counted; SERVFAIL if the answerer failed. */
    private Message answer(Message query, InetAddress client) {
        Message response;
        try {
            if (answerer.forwards(query, client)) {
                forwarded.increment();
            }
            response = answerer.answer(query, client);
        } catch (RuntimeException e) {
            errors.increment();
            LOG.warn("Answering {} failed", query.getQuestion(), e);
            response = new Message(query.getHeader().getID());
            response.getHeader().setFlag(Flags.QR);
            response.getHeader().setRcode(Rcode.SERVFAIL);
        }
        matchEdns(query, response);
        count(response.getHeader().getRcode());
        return response;
    }

    /** RFC 6891: an OPT record in the response only when the query had one. */
    private static void matchEdns(Message query, Message response) {
        OPTRecord responseOpt = response.getOPT();
        if (query.getOPT() == null && responseOpt != null) {
            response.removeRecord(responseOpt, Section.ADDITIONAL);
        } else if (query.getOPT() != null && responseOpt == null) {
            response.addRecord(new OPTRecord(MAX_UDP_SIZE, 0, 0), Section.ADDITIONAL);
        }
    }

    private static int udpSizeLimit(Message query) {
        OPTRecord opt = query.getOPT();
        if (opt == null) {
            return CLASSIC_UDP_SIZE;
        }
        return Math.max(CLASSIC_UDP_SIZE, Math.min(opt.getPayloadSize(), MAX_UDP_SIZE));
    }

    /**
     * The response's wire form; when that exceeds {@code sizeLimit}, the same without authority and additional
     * records (TC clear: no answer is missing), and when even that does not fit, the longest prefix of its
     * answers that does, with TC set (RFC 2181 §9).
     */
    static byte[] encode(Message response, int sizeLimit) {
        byte[] wire = response.toWire();
        if (wire.length <= sizeLimit) {
            return wire;
        }
        List<Record> answers = response.getSection(Section.ANSWER);
        // As Mesos-DNS: the additional records go first, and leaving them out is not truncation
        // (RFC 2181, 9): the client gets every answer and has no reason to ask again over TCP.
        byte[] lean = truncated(response, answers, answers.size(), false).toWire();
        if (lean.length <= sizeLimit) {
            return lean;
        }
        byte[] best = truncated(response, answers, 0, true).toWire();
        int low = 0;
        int high = answers.size();
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            byte[] candidate = truncated(response, answers, mid, true).toWire();
            if (candidate.length <= sizeLimit) {
                low = mid;
                best = candidate;
            } else {
                high = mid - 1;
            }
        }
        return best;
    }

    /** {@code full} with only its first {@code keep} answers, no additional records but OPT, TC as asked. */
    private static Message truncated(Message full, List<Record> answers, int keep, boolean truncatedFlag) {
        Header header = full.getHeader();
        Message cut = new Message(header.getID());
        Header out = cut.getHeader();
        for (int flag : new int[] {Flags.QR, Flags.AA, Flags.RD, Flags.RA, Flags.AD, Flags.CD}) {
            if (header.getFlag(flag)) {
                out.setFlag(flag);
            }
        }
        if (truncatedFlag) {
            out.setFlag(Flags.TC);
        }
        out.setOpcode(header.getOpcode());
        out.setRcode(header.getRcode());
        full.getSection(Section.QUESTION).forEach(q -> cut.addRecord(q, Section.QUESTION));
        answers.subList(0, keep).forEach(a -> cut.addRecord(a, Section.ANSWER));
        OPTRecord opt = full.getOPT();
        if (opt != null) {
            cut.addRecord(opt, Section.ADDITIONAL);
        }
        return cut;
    }

    private void count(int rcode) {
        answersByRcode.computeIfAbsent(Rcode.string(rcode), k -> new LongAdder()).increment();
    }

    private static ThreadPoolExecutor pool(String role, int threads, BlockingQueue<Runnable> queue) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, queue,
                daemonThreads("plinth-dns-" + role + "-"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static <T> T requireStarted(T socket) {
        if (socket == null) {
            throw new IllegalStateException("DNS server not started");
        }
        return socket;
    }

    private static void join(Thread thread, long deadlineNanos) throws InterruptedException {
        if (thread != null && thread != Thread.currentThread()) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime())));
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("Closing {} failed", closeable, e);
        }
    }
}
