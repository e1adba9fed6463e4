package dev.warren.auth;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyFormatTest {

    @Test
    void aKeyIsThePrefixAnd256RandomBitsInBase64Url() {
        String key = KeyFormat.newKey();
        assertTrue(key.startsWith("wrn_"));
        assertEquals(4 + 43, key.length(), "32 bytes in base64url without padding");
        assertTrue(key.substring(4).matches("[A-Za-z0-9_-]+"));
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertTrue(keys.add(KeyFormat.newKey()));
        }
    }

    @Test
    void theStoreKeepsOnlyTheSha256() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", KeyFormat.hash(""));
        String key = KeyFormat.newKey();
        assertEquals(64, KeyFormat.hash(key).length());
        assertFalse(KeyFormat.hash(key).contains(key.substring(4, 12)));
        assertNotEquals(KeyFormat.hash(key), KeyFormat.hash(KeyFormat.newKey()));
    }

    @Test
    void onlyAShortPrefixIsShown() {
        String key = KeyFormat.newKey();
        assertEquals(key.substring(0, 12), KeyFormat.shown(key));
        assertEquals("(configured)", KeyFormat.shown("my-own-admin-key-123"));
    }

    @Test
    void hashesCompareInConstantTime() {
        assertTrue(KeyFormat.sameHash("abc", "abc"));
        assertFalse(KeyFormat.sameHash("abc", "abd"));
        assertFalse(KeyFormat.sameHash(null, "abc"));
    }

    @Test
    void idsAreShortAndNotSecret() {
        assertTrue(KeyFormat.newId().matches("k_[0-9a-f]{12}"));
    }
}
