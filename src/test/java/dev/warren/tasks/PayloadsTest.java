package dev.warren.tasks;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PayloadsTest {

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static final byte[] BINARY = {(byte) 0xff, 0x00, (byte) 0xfe, 0x10};

    @Test
    void aDeliveryCarriesThePublishedContentTypeWithTheCharsetOfItsEncodingForText() {
        assertEquals("application/json", Payloads.deliveredContentType("application/json", "UTF-8", utf8("{}")));
        assertEquals("text/plain; charset=ISO-8859-1", Payloads.deliveredContentType("text/plain", "latin1", utf8("a")));
        assertEquals("text/plain; charset=ascii", Payloads.deliveredContentType("text/plain; charset=ascii", "UTF-8", utf8("a")));
        assertEquals("image/png", Payloads.deliveredContentType("image/png", "gzip", BINARY));
    }

    @Test
    void withoutAContentTypeJsonIsSentAsJsonAndAnythingElseAsBytes() {
        assertEquals("application/json", Payloads.deliveredContentType(null, null, utf8("[1, 2]")));
        assertEquals("application/octet-stream", Payloads.deliveredContentType(null, null, utf8("{\"a\":")));
        assertEquals("application/octet-stream", Payloads.deliveredContentType("", null, BINARY));
        assertEquals("application/octet-stream", Payloads.deliveredContentType("not a type", null, BINARY),
                "a content type an HTTP client would refuse");
    }

    @Test
    void theViewKeepsTheNumbersOfAJsonPayloadAsStored() {
        String stored = "{\"huge\":1E+400,\"f\":0.1000000000000000055511151231257827,\"zeros\":1.50,\"big\":123456789012345678901234567890}";
        Payloads.View view = Payloads.view(utf8(stored), "application/json", "UTF-8");
        assertEquals("json", view.payloadEncoding());
        assertEquals(stored, new String(dev.warren.common.Json.write(view.payload()), StandardCharsets.UTF_8));
        assertEquals("1E+400", new String(dev.warren.common.Json.write(Payloads.view(utf8("1e400"), null, null).payload()),
                StandardCharsets.UTF_8), "a number too big for a double is not Infinity");
    }

    @Test
    void theViewShowsJsonAsJsonTextAsTextAndBytesInBase64WithWhichItIs() {
        Payloads.View json = Payloads.view(utf8("\"just a string\""), "application/json", null);
        assertEquals("json", json.payloadEncoding());
        assertEquals("just a string", json.payload().asText());

        Payloads.View text = Payloads.view(utf8("just a string"), "text/plain", null);
        assertEquals("text", text.payloadEncoding());
        assertEquals("just a string", text.payload().asText());
        assertEquals("text/plain", text.contentType());

        Payloads.View quoted = Payloads.view(utf8("\"just a string\""), "text/plain", null);
        assertEquals("text", quoted.payloadEncoding(), "text/plain is text even when it would parse as JSON");
        assertEquals("\"just a string\"", quoted.payload().asText());

        Payloads.View broken = Payloads.view(utf8("{\"a\":"), "application/json", null);
        assertEquals("text", broken.payloadEncoding());
        assertEquals("{\"a\":", broken.payload().asText());

        Payloads.View trailing = Payloads.view(utf8("{} x"), null, null);
        assertEquals("text", trailing.payloadEncoding(), "one JSON value and nothing after it");

        Payloads.View binary = Payloads.view(BINARY, "application/octet-stream", null);
        assertEquals("base64", binary.payloadEncoding());
        assertEquals("/wD+EA==", binary.payload().asText());

        Payloads.View latin1 = Payloads.view(new byte[] {'c', 'a', 'f', (byte) 0xe9}, "text/plain", "ISO-8859-1");
        assertEquals("text", latin1.payloadEncoding());
        assertEquals("café", latin1.payload().asText());
    }
}
