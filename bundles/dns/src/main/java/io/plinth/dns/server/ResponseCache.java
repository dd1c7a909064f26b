package io.plinth.dns.server;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.Message;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/**
 * Encoded authoritative answers of the current records snapshot, keyed by the query's bytes after its id
 * (flags, question, EDNS size) and what else shapes the answer (transport size limit, whether the client may
 * recurse). A question asked again is answered by copying bytes and setting the id: parsing the query,
 * building the answer and encoding it with name compression were nearly all of the work per query.
 *
 * <p>Records still take turns: an answer of several records is kept in each of its rotations (up to
 * {@value #MAX_ROTATIONS}, from the answerer's own shuffled order), and every query gets one at random, so
 * each record comes first equally often. A new snapshot starts an empty cache; at most
 * {@value #MAX_ENTRIES} questions are kept per snapshot, so random names cannot grow it without bound.
 * Thread-safe.
 */
final class ResponseCache {

    static final int MAX_ROTATIONS = 16;
    static final int MAX_ENTRIES = 100_000;

    /** One question's encoded answers (one per rotation) and their rcode, for the counters. */
    record Hit(byte[] wire, int rcode) {
    }

    private record Entry(byte[][] variants, int rcode) {
    }

    private record Generation(Object snapshot, ConcurrentHashMap<ByteBuffer, Entry> entries, AtomicInteger size) {
    }

    private volatile Generation generation = new Generation(new Object(), new ConcurrentHashMap<>(), new AtomicInteger());

    /**
     * The key of {@code packet} (at least a header long) asked over {@code transport} (any number that
     * tells transports with different size limits apart) by a client that may or may not recurse.
     */
    static ByteBuffer key(byte[] packet, int transport, boolean recursionAvailable) {
        ByteBuffer key = ByteBuffer.allocate(packet.length);
        key.put((byte) transport).put((byte) (recursionAvailable ? 1 : 0)).put(packet, 2, packet.length - 2);
        return key.flip();
    }

    /** The cached answer to {@code packet} (its id set), or null. */
    Hit get(Object snapshot, ByteBuffer key, byte[] packet) {
        Generation current = generation;
        if (current.snapshot != snapshot) {
            return null;
        }
        Entry entry = current.entries.get(key);
        if (entry == null) {
            return null;
        }
        byte[][] variants = entry.variants;
        byte[] wire = variants[variants.length == 1 ? 0 : ThreadLocalRandom.current().nextInt(variants.length)].clone();
        wire[0] = packet[0];
        wire[1] = packet[1];
        return new Hit(wire, entry.rcode);
    }

    /**
     * Keeps {@code response} (the answer to the packet behind {@code key}, from {@code snapshot}) in each
     * rotation of its answer section, encoded for {@code sizeLimit}; returns its encoding as it is, or null
     * when it was not kept (the cache is full, or holds it already).
     */
    byte[] put(Object snapshot, ByteBuffer key, Message response, int sizeLimit) {
        Generation current = generation;
        if (current.snapshot != snapshot) {
            current = new Generation(snapshot, new ConcurrentHashMap<>(), new AtomicInteger());
            generation = current;
        }
        if (current.size.get() >= MAX_ENTRIES || current.entries.containsKey(key)) {
            return null;
        }
        List<Record> answers = response.getSection(Section.ANSWER);
        int rotations = answers.size() > 1 ? Math.min(answers.size(), MAX_ROTATIONS) : 1;
        byte[][] variants = new byte[rotations][];
        for (int r = 0; r < rotations; r++) {
            variants[r] = DnsServer.encode(r == 0 ? response : rotated(response, answers, r), sizeLimit);
        }
        if (current.entries.putIfAbsent(key, new Entry(variants, response.getRcode())) == null) {
            current.size.incrementAndGet();
        }
        return variants[0];
    }

    private static Message rotated(Message response, List<Record> answers, int by) {
        Message copy = response.clone();
        copy.removeAllRecords(Section.ANSWER);
        List<Record> order = new ArrayList<>(answers.subList(by, answers.size()));
        order.addAll(answers.subList(0, by));
        order.forEach(r -> copy.addRecord(r, Section.ANSWER));
        return copy;
    }
}
