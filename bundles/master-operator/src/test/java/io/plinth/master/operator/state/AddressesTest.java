package io.plinth.master.operator.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.plinth.master.operator.testing.Fixtures;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.junit.jupiter.api.Test;

class AddressesTest {

    @Test
    void theAddressFieldWins() {
        assertEquals("10.0.0.1", Addresses.ip(Fixtures.master()));
        assertEquals("master@10.0.0.1:5050", Addresses.pid(Fixtures.master()));
    }

    @Test
    void withoutAddressTheUint32IsReadInMesosByteOrder() {
        MasterInfo master = MasterInfo.newBuilder().setId("m").setIp(16_777_343).setPort(8080).build();
        assertEquals("127.0.0.1", Addresses.ip(master));
        MasterInfo high = MasterInfo.newBuilder().setId("m").setIp((int) 0xFE01A8C0L).setPort(1).build();
        assertEquals("192.168.1.254", Addresses.ip(high), "octets above 127 read as unsigned");
    }

    @Test
    void aRecordedPidIsKept() {
        assertEquals("master@1.2.3.4:5", Addresses.pid(Fixtures.master().toBuilder().setPid("master@1.2.3.4:5").build()));
        assertEquals("slave(1)@10.0.0.3:5051", Addresses.pid(Fixtures.agentS1()));
        assertEquals("slave(1)@a1.example:5051", Addresses.pid(Fixtures.agentS0()));
    }
}
