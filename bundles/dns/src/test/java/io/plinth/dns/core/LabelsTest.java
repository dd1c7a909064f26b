package io.plinth.dns.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelsTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', emptyValue = "", value = {
            "''|''",
            "a|a",
            "-|''",
            "a---|a",
            "---a---|a",
            "---a---b|a---b",
            "a.b.c.d.e|a-b-c-d-e",
            "a.c.d_de.|a-c-d-de",
            "abc-123|abc-123",
            "4abc123|4abc123",
            "-4abc123|4abc123",
            "Worker_1|worker-1",
            "web.prod|web-prod",
            "fd%gsf---gs7-f$gs--d7fddg-123|fdgsf---gs7-fgs--d7fddg-123",
            "r29f.dev.angrypigs|r29f-dev-angrypigs",
            "émile zola|milezola",
    })
    void rfc1123(String name, String label) {
        assertEquals(label, Labels.rfc1123(name));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', emptyValue = "", value = {
            "4abc123|abc123",
            "-4abc123|abc123",
            "89fdgsf---gs7-fgs--d7fddg-123|fdgsf---gs7-fgs--d7fddg1",
            "89fdgsf---gs7-fgs--d7fddg---123|fdgsf---gs7-fgs--d7fddg1",
            "89fdgsf---gs7-fgs--d7fddg-|fdgsf---gs7-fgs--d7fddg",
            "chronos with a space AND MIXED CASE-2.0.1|chronoswithaspaceandmixe",
            "chronos with a space AND----------MIXED--|chronoswithaspaceandmixe",
            "123|''",
    })
    void rfc952(String name, String label) {
        assertEquals(label, Labels.rfc952(name));
    }

    @Test
    void cutsAt63AndRefillsAfterADroppedHyphenRun() {
        String digits = "123456789012345678901234567890123456789";
        assertEquals("fdgsf---gs7-fgs--d7fddg" + digits + "1",
                Labels.rfc1123("fd%gsf---gs7-f$gs--d7fddg" + digits + "-123"));
        assertEquals("fdgsf---gs7-fgs--d7fddg" + digits,
                Labels.rfc1123("##fdgsf---gs7-fgs--d7fddg" + digits + "-"));
        String sixtyTwo = "hello" + "-".repeat(56) + "f";
        assertEquals(sixtyTwo, Labels.rfc1123(sixtyTwo), "a label within 63 characters is kept whole");
        assertEquals("hellof", Labels.rfc1123("hello" + "-".repeat(58) + "f"));
        assertEquals("hellof", Labels.rfc952("hello" + "-".repeat(58) + "f"));
        assertEquals(63, Labels.rfc1123("x".repeat(100)).length());
        assertEquals(24, Labels.rfc952("x".repeat(100)).length());
    }

    @Test
    void neverEndsInAHyphenEvenWhereMesosDnsWould() {
        // The cut lands in the hyphen run, and the refill from "b...b-c" would end on its hyphen.
        String label = Labels.rfc1123("a" + "-".repeat(62) + "b".repeat(61) + "-c");
        assertEquals("a" + "b".repeat(61), label);
        assertTrue(label.length() <= 63);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', emptyValue = "", value = {
            "''|''",
            ".|''",
            "...|''",
            "abc.|abc",
            ".a.c|a.c",
            "a..c.e|a.c.e",
            "space space.com|spacespace.com",
            "not$1234.com|not1234.com",
            "(@ host . com|host.com",
            "MiXeDcase.CoM|mixedcase.com",
            "My_Framework.v2|my-framework.v2",
            "pod_123$abc.marathon-0.6.0-dev.mesos|pod-123abc.marathon-0.6.0-dev.mesos",
    })
    void domainFragKeepsDotsBetweenLabels(String name, String fragment) {
        assertEquals(fragment, Labels.domainFrag(name, Labels::rfc1123));
    }

    @Test
    void domainFragUnderRfc952DropsLabelsThatStartWithDigitsOnly() {
        assertEquals("pod-123abc.marathon-0.dev.mesos",
                Labels.domainFrag("pod_123$abc.marathon-0.6.0-dev.mesos", Labels::rfc952));
        assertEquals("", Labels.domainFrag(null, Labels::rfc952));
    }

    @Test
    void specSelectsTheRule() {
        assertEquals("4x", Labels.spec(false).apply("4x"));
        assertEquals("x", Labels.spec(true).apply("4x"));
    }
}
