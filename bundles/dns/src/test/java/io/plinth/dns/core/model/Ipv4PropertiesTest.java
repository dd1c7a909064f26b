package io.plinth.dns.core.model;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Assertions;

/** {@link DnsConfig#isIpv4} is hand-written for speed; it must agree with the plain definition. */
class Ipv4PropertiesTest {

    /** Dotted-decimal IPv4: four octets 0-255 without leading zeros. */
    private static final Pattern DOTTED = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    @Property(tries = 1000)
    void agreesWithTheDefinition(@ForAll("addressLike") String text) {
        Assertions.assertEquals(DOTTED.matcher(text).matches(), DnsConfig.isIpv4(text), text);
    }

    @Provide
    Arbitrary<String> addressLike() {
        Arbitrary<String> part = Arbitraries.oneOf(Arbitraries.integers().between(0, 300).map(String::valueOf),
                Arbitraries.strings().withChars("0123456789.a-").ofMaxLength(4));
        return part.list().ofMinSize(0).ofMaxSize(6).map(parts -> String.join(".", parts));
    }
}
