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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cutting ends the calls under way at once, whatever they wait for, and refuses those that would start after; cutting
 * some threads' calls leaves the others'.
 */
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

    @Test
    void cuttingSomeThreadsEndsOnlyTheirCallsEvenToTheSameHost() throws Exception {
        CuttableConnections connections = new CuttableConnections(PoolingHttpClientConnectionManagerBuilder.create().build());
        ExecutorService stopping = Executors.newSingleThreadExecutor();
        ExecutorService running = Executors.newSingleThreadExecutor();
        try (TargetServer target = TargetServer.start(request -> Answer.heldFor(60_000));
             CloseableHttpClient client = HttpClients.custom().setConnectionManager(connections).build()) {
            Thread stoppingThread = stopping.submit(Thread::currentThread).get();
            CompletableFuture<String> cut = CompletableFuture.supplyAsync(() -> post(client, target.url()), stopping);
            CompletableFuture<String> other = CompletableFuture.supplyAsync(() -> post(client, target.url()), running);
            await("both calls at the target").atMost(Duration.ofSeconds(10)).until(() -> target.requests().size() == 2);

            connections.cut(List.of(stoppingThread));

            assertThrows(ExecutionException.class, () -> cut.get(5, TimeUnit.SECONDS), "the thread's call ends");
            assertTrue(connections.isCut(stoppingThread), "its failure is known to be a cut");
            await("the target sees one caller gone").atMost(Duration.ofSeconds(5))
                    .until(() -> target.requests().stream().filter(r -> target.endedNanos(r).isPresent()).count() == 1);
            assertFalse(other.isDone(), "the other thread's call to the same host goes on");
            assertFalse(connections.isCut(Thread.currentThread()));
            CompletableFuture<String> next = CompletableFuture.supplyAsync(() -> post(client, target.url()), stopping);
            assertThrows(ExecutionException.class, () -> next.get(5, TimeUnit.SECONDS), "the cut thread starts no call");
            assertEquals(2, target.requests().size(), "the refused call never reached the target");
        } finally {
            stopping.shutdownNow();
            running.shutdownNow();
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
