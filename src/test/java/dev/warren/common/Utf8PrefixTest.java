package dev.warren.common;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Utf8PrefixTest {

    private static String prefix(String text, int maxBytes) {
        return Utf8Prefix.of(text.getBytes(StandardCharsets.UTF_8), maxBytes);
    }

    @Test
    void shorterTextIsWhole() {
        assertEquals("héllo", prefix("héllo", 4096));
        assertEquals("", prefix("", 4096));
    }

    @Test
    void aCutThroughATwoByteCharacterLeavesTheWholeCharacterOut() {
        String answer = "a" + "é".repeat(3000);
        String kept = prefix(answer, 4096);
        assertEquals("a" + "é".repeat(2047), kept, "4095 bytes: the 2048th é would need byte 4097");
        assertEquals(4095, kept.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void aCutThroughThreeAndFourByteCharactersLeavesThemOut() {
        assertEquals("ab", prefix("ab€", 4), "€ is 3 bytes");
        assertEquals("ab", prefix("ab€", 3));
        assertEquals("ab€", prefix("ab€c", 5));
        assertEquals("a", prefix("a\uD83D\uDE00", 4), "an emoji is 4 bytes");
        assertEquals("a\uD83D\uDE00", prefix("a\uD83D\uDE00b", 5));
    }

    @Test
    void aCutOnACharacterBoundaryKeepsEveryByte() {
        assertEquals("x".repeat(4096), prefix("x".repeat(5000), 4096));
        assertEquals("é".repeat(2048), prefix("é".repeat(3000), 4096));
    }

    @Test
    void bytesThatAreNotUtf8DecodeAsTheyWouldWithoutACut() {
        byte[] continuations = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80};
        assertEquals(new String(continuations, 0, 4, StandardCharsets.UTF_8), Utf8Prefix.of(continuations, 4));
    }
}
