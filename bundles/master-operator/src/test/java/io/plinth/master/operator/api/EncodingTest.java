package io.plinth.master.operator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.apache.mesos.v1.master.Protos.Call;
import org.junit.jupiter.api.Test;

class EncodingTest {

    @Test
    void contentTypeChoosesTheBodysEncoding() {
        assertEquals(Encoding.JSON, Encoding.ofContentType("application/json"));
        assertEquals(Encoding.JSON, Encoding.ofContentType("Application/JSON; charset=utf-8"));
        assertEquals(Encoding.PROTOBUF, Encoding.ofContentType("application/x-protobuf"));
    }

    @Test
    void aMissingContentTypeIsABadRequestAnOtherOneUnsupported() {
        CallRejected missing = assertThrows(CallRejected.class, () -> Encoding.ofContentType(null));
        assertEquals(400, missing.status());
        assertEquals("Expecting 'Content-Type' to be present", missing.getMessage());
        CallRejected other = assertThrows(CallRejected.class, () -> Encoding.ofContentType("text/plain"));
        assertEquals(415, other.status());
        assertEquals("Expecting 'Content-Type' of application/json or application/x-protobuf", other.getMessage());
    }

    @Test
    void acceptChoosesTheAnswersEncodingJsonByDefault() {
        assertEquals(Encoding.JSON, Encoding.ofAccept(null));
        assertEquals(Encoding.JSON, Encoding.ofAccept(""));
        assertEquals(Encoding.JSON, Encoding.ofAccept("*/*"));
        assertEquals(Encoding.JSON, Encoding.ofAccept("application/*"));
        assertEquals(Encoding.JSON, Encoding.ofAccept("application/json, application/x-protobuf"));
        assertEquals(Encoding.PROTOBUF, Encoding.ofAccept("application/x-protobuf"));
        assertEquals(Encoding.PROTOBUF, Encoding.ofAccept("application/x-protobuf, application/json;q=0.5"));
        assertEquals(Encoding.PROTOBUF, Encoding.ofAccept("application/json;q=0, */*"));
        assertEquals(Encoding.JSON, Encoding.ofAccept("text/html, application/json"));
    }

    @Test
    void anAcceptWithNeitherIsNotAcceptable() {
        CallRejected rejected = assertThrows(CallRejected.class, () -> Encoding.ofAccept("text/html"));
        assertEquals(406, rejected.status());
        assertEquals("Expecting 'Accept' to allow 'application/x-protobuf' or 'application/json'", rejected.getMessage());
        assertEquals(406, assertThrows(CallRejected.class,
                () -> Encoding.ofAccept("application/json;q=0, application/x-protobuf;q=0")).status());
    }

    @Test
    void callsAreReadInBothEncodings() {
        Call call = Call.newBuilder().setType(Call.Type.GET_STATE).build();
        assertEquals(call, Encoding.JSON.decodeCall("{\"type\":\"GET_STATE\"}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(call, Encoding.PROTOBUF.decodeCall(call.toByteArray()));
        assertEquals(call, Encoding.PROTOBUF.decodeCall(Encoding.PROTOBUF.encode(call)));
        assertEquals(call, Encoding.JSON.decodeCall(Encoding.JSON.encode(call)));
    }

    @Test
    void malformedBodiesAreBadRequestsThatNameTheProblem() {
        assertBadRequest(Encoding.JSON, "{\"type\":", "Failed to");
        assertBadRequest(Encoding.JSON, "", "Failed to parse body into JSON");
        assertBadRequest(Encoding.JSON, "{\"type\":\"GET_EVERYTHING\"}", "Failed to convert JSON into Call protobuf");
        assertBadRequest(Encoding.JSON, "{\"kind\":\"GET_STATE\"}", "kind");
        CallRejected garbage = assertThrows(CallRejected.class,
                () -> Encoding.PROTOBUF.decodeCall(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF}));
        assertEquals(400, garbage.status());
        assertTrue(garbage.getMessage().startsWith("Failed to parse body into Call protobuf"), garbage.getMessage());
    }

    private static void assertBadRequest(Encoding encoding, String body, String expected) {
        CallRejected rejected = assertThrows(CallRejected.class,
                () -> encoding.decodeCall(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(400, rejected.status());
        assertTrue(rejected.getMessage().contains(expected), rejected.getMessage());
    }
}
