package dev.warren.delivery;

import dev.warren.support.TargetServer;
import dev.warren.support.TargetServer.Answer;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cutting ends the calls under way at once, whatever they wait for, and refuses those that would start after. */
class CuttableConnectionsTest {

    @Test
    void cuttingEndsACallUnderWayAndRefusesTheNext() throws Exception {
        CuttableConnections connections = new CuttableConnections(PoolingHttpClientConnectionManagerBuilder.create().build());
        try (TargetServer target = TargetServer.start(request -> Answer.heldFor(60_000));
             CloseableHttpClient client = HttpClients.custom().setConnectionManager(connections).build()) {
            CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> post(client, target.url()));
            await("the call at the target").atMost(Duration.ofSeconds(10)).until(() -> target.requests().size() == 1);

            connections.cut();

            ExecutionException ended = assertThrows(ExecutionException.class, () -> call.get(5, TimeUnit.SECONDS),
                    "the call ends soon after the cut, not when the target would answer");
            assertInstanceOf(IOException.class, ended.getCause().getCause(), ended.toString());
            await("the target sees its caller gone").atMost(Duration.ofSeconds(5))
                    .until(() -> target.endedNanos(target.requests().get(0)).isPresent());
            CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> post(client, target.url()));
            assertThrows(ExecutionException.class, () -> next.get(5, TimeUnit.SECONDS), "no call starts after the cut");
            assertEquals(1, target.requests().size(), "the refused call never reached the target");
            assertTrue(target.aborted() >= 1, "the target's answer found no caller");
        }
    }

    private static String post(CloseableHttpClient client, String url) {
        try {
            return client.execute(new HttpPost(url), response -> EntityUtils.toString(response.getEntity()));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
