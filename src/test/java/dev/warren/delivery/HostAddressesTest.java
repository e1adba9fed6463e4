package dev.warren.delivery;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How an address and port are shown in messages: IPv6 in RFC 5952's shortest form, in brackets. */
class HostAddressesTest {

    @ParameterizedTest
    @CsvSource({
            "127.0.0.1, 127.0.0.1:80",
            "::1, [::1]:80",
            "::, [::]:80",
            "FE80:0:0:0:0:0:0:1, [fe80::1]:80",
            "2001:db8:0:1:0:0:0:1, [2001:db8:0:1::1]:80",
            "2001:db8:0:0:1:0:0:1, [2001:db8::1:0:0:1]:80",
            "2001:db8:1:2:3:4:5:6, [2001:db8:1:2:3:4:5:6]:80",
            "1:0:0:0:0:0:0:0, [1::]:80",
            "fd00:ec2:0:0:0:0:0:254, [fd00:ec2::254]:80"})
    void anAddressIsShownAsPeopleWriteIt(String literal, String shown) throws Exception {
        assertEquals(shown, HostAddresses.withPort(InetAddress.getByName(literal), 80));
    }
}
