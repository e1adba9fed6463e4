package dev.warren.delivery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The scraper fetches {scheme}://{host}/ for a task's domain_name, and nothing else of the domain reaches the URL. */
class PageAddressesTest {

    @Test
    void aHostNameBecomesTheRootPageOverTheScheme() {
        assertEquals(Optional.of("https://example.com/"), PageAddresses.url("https", "example.com", false));
        assertEquals(Optional.of("http://www.example.com/"), PageAddresses.url("HTTP", "WWW.Example.com", false));
        assertEquals(Optional.of("http://93.184.215.14/"), PageAddresses.url("http", "93.184.215.14", false));
    }

    @Test
    void aPortIsTakenOnlyWhenAllowed() {
        assertEquals(Optional.empty(), PageAddresses.url("http", "127.0.0.1:15672", false));
        assertEquals(Optional.of("http://127.0.0.1:15672/"), PageAddresses.url("http", "127.0.0.1:15672", true));
        assertEquals(Optional.empty(), PageAddresses.url("http", "example.com:0", true));
        assertEquals(Optional.empty(), PageAddresses.url("http", "example.com:99999", true));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "example.com/path", "example.com?httpClientConfigurer=#class:x", "example.com#x",
            "user@example.com", "{{env:HOME}}", "${sys:user.home}", "RAW(x)", "example.com&bridgeEndpoint=true",
            "file:/etc/passwd", "http://example.com", "exa mple.com", "[::1]", "::1", "2130706433", "0x7f000001",
            "0177.0.0.1", "127.1", "example.com.", "-example.com", "a..b", "example.com:80:81", "example.com\n"})
    void anythingButAHostNameOrDottedAddressIsRefused(String domain) {
        assertEquals(Optional.empty(), PageAddresses.url("http", domain, true), domain);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp", "file", "", "http:", "javascript"})
    void aSchemeOtherThanHttpOrHttpsIsRefused(String scheme) {
        assertEquals(Optional.empty(), PageAddresses.url(scheme, "example.com", false));
    }

    @Test
    void aMissingDomainIsRefused() {
        assertEquals(Optional.empty(), PageAddresses.url("http", null, false));
    }
}
