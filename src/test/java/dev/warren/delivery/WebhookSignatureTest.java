package dev.warren.delivery;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Standard Webhooks signatures: v1,base64(HMAC-SHA256(key, "{id}.{timestamp}.{body}")). */
class WebhookSignatureTest {

    /** The example of the Standard Webhooks specification's reference libraries. */
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long TIMESTAMP = 1614265330L;
    private static final String BODY = "{\"test\": 2432232314}";

    /** HMAC-SHA256 computed here, independently of the code under test. */
    private static String expected(byte[] key, String id, long timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] digest = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        return "v1," + Base64.getEncoder().encodeToString(digest);
    }

    @Test
    void signsTheStandardWebhooksExample() {
        String signature = new WebhookSignature(SECRET).sign(ID, TIMESTAMP, BODY.getBytes(StandardCharsets.UTF_8));
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", signature);
    }

    @Test
    void aWhsecSecretIsTheBase64OfTheKey() throws Exception {
        byte[] key = Base64.getDecoder().decode(SECRET.substring("whsec_".length()));
        String body = "{\"order\":42,\"note\":\"h\u00e9llo\"}";
        assertEquals(expected(key, "job-1", 1_700_000_000L, body),
                new WebhookSignature(SECRET).sign("job-1", 1_700_000_000L, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anyOtherSecretIsUsedAsItsUtf8Bytes() throws Exception {
        String secret = "plain-secret";
        assertEquals(expected(secret.getBytes(StandardCharsets.UTF_8), "job-2", 42L, "[]"),
                new WebhookSignature(secret).sign("job-2", 42L, "[]".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSignatureCoversIdTimestampAndBody() {
        WebhookSignature signer = new WebhookSignature(SECRET);
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String base = signer.sign(ID, TIMESTAMP, body);
        assertNotEquals(base, signer.sign(ID + "x", TIMESTAMP, body), "another id");
        assertNotEquals(base, signer.sign(ID, TIMESTAMP + 1, body), "another timestamp");
        assertNotEquals(base, signer.sign(ID, TIMESTAMP, "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8)),
                "another body");
        assertTrue(base.startsWith("v1,"), base);
    }
}
