package dev.warren.secrets;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecretMaskTest {

    @Test
    void userinfoOfAUrlIsMaskedWholly() {
        assertEquals("https://***@api.example.com:8443/hook", SecretMask.url("https://bob:s3cret@api.example.com:8443/hook"));
        assertEquals("http://***@h/p", SecretMask.url("http://onlytoken@h/p"));
        assertEquals("http://***@h", SecretMask.url("http://a:b@c@h"));
    }

    @Test
    void secretLookingQueryValuesAreMaskedAndOthersKept() {
        assertEquals("http://h/p?page=2&api_key=***&Access-Token=***&x=1#frag",
                SecretMask.url("http://h/p?page=2&api_key=abc&Access-Token=t0k&x=1#frag"));
        assertEquals("http://h/?sig=***&X-Amz-Signature=***&AUTH=***&client_secret=***&pwd=***",
                SecretMask.url("http://h/?sig=1&X-Amz-Signature=f00&AUTH=x&client_secret=y&pwd=z"));
        assertEquals("http://h/?%74oken=***&flag&=v&", SecretMask.url("http://h/?%74oken=abc&flag&=v&"),
                "an encoded name is judged decoded; odd pairs are kept as they are");
    }

    @Test
    void aUrlNoParserAcceptsIsStillMasked() {
        assertEquals("HTTP://***@h%zz/a b?password=***", SecretMask.url("HTTP://u:p@h%zz/a b?password=x%zz"));
        assertEquals("not a url", SecretMask.url("not a url"));
        assertNull(SecretMask.url(null));
    }

    @Test
    void webhookUrlsThatAreTheirOwnSecretShowOnlyTheirFirstPathSegment() {
        assertEquals("https://hooks.slack.com/services/***",
                SecretMask.url("https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX"));
        assertEquals("https://discord.com/api/***?wait=true",
                SecretMask.url("https://discord.com/api/webhooks/123/abcDEF-token?wait=true"));
        assertEquals("https://***@HOOKS.Slack.com:443/services/***", SecretMask.url("https://u:p@HOOKS.Slack.com:443/services/T/B/X"));
        assertEquals("https://acme.webhook.office.com/webhookb2/***",
                SecretMask.url("https://acme.webhook.office.com/webhookb2/guid@guid/IncomingWebhook/abc/def"));
        assertEquals("https://hooks.slack.com/services/", SecretMask.url("https://hooks.slack.com/services/"));
        assertEquals("https://api.example.com/hooks/slack/services/T0/B0/X",
                SecretMask.url("https://api.example.com/hooks/slack/services/T0/B0/X"), "other hosts keep their path");
        assertEquals("https://notdiscord.com/api/webhooks/1/t", SecretMask.url("https://notdiscord.com/api/webhooks/1/t"));
    }

    @Test
    void aUrlWithoutSecretsIsUnchanged() {
        String url = "https://example.com/tasks/run?queue=a&limit=10";
        assertEquals(url, SecretMask.url(url));
    }

    @Test
    void headerValuesAreAllMaskedAndTheirNamesKept() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer abc");
        headers.put("X-Team", "blue");
        assertEquals(Map.of("Authorization", "***", "X-Team", "***"), SecretMask.values(headers));
        assertNull(SecretMask.values(null));
    }

    @Test
    void parametersOfSecretNamesAndUrlsAreMasked() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("domain_name", "example.com");
        parameters.put("apiKey", "k");
        parameters.put("callback", "https://u:p@cb.example.com/x");
        assertEquals(Map.of("domain_name", "example.com", "apiKey", "***", "callback", "https://***@cb.example.com/x"),
                SecretMask.parameters(parameters));
    }

    @Test
    void secretLookingNamesAreMatchedCaseInsensitivelyAnywhere() {
        for (String name : new String[] {"TOKEN", "x-api-key", "ClientSecret", "db_password", "Signature", "Proxy-Authorization",
                "sig", "SIG", "code"}) {
            assertTrue(SecretMask.looksSecret(name), name);
        }
        for (String name : new String[] {"page", "limit", "queue", "postcode", "signal", "", null}) {
            assertFalse(SecretMask.looksSecret(name), String.valueOf(name));
        }
    }
}
