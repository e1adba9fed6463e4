package dev.warren.jobs;

import dev.warren.store.Store;
import dev.warren.support.RunningWarren;
import dev.warren.support.TargetServer;
import dev.warren.support.TargetServer.Answer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.warren.jobs.JobFixtures.broker;
import static dev.warren.jobs.JobFixtures.httpGroup;
import static dev.warren.support.WarrenCalls.declaredQueue;
import static dev.warren.support.WarrenCalls.publishBatch;
import static dev.warren.support.WarrenCalls.putGroup;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A warren that stops while delivering has written the record of every delivery it finished before its store closed. */
class ShutdownRecordsIT {

    @Test
    void closingTheStoresWritesEveryRecordStillWaitingForTheJobWriterFirst() throws Exception {
        String url = "jdbc:h2:file:" + Files.createTempDirectory("warren-store-shutdown")
                + "/warren;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        byte[] payload = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<String> ids = IntStream.range(0, 300).mapToObj(n -> "job-" + n).toList();
        Store store = new Store(url, "warren", "warren", 2).start();
        JobStore jobs = new JobStore(store, true);
        jobs.insert(ids.stream().map(id -> new JobStore.NewJob(id, "q", payload, "h", null, "application/json", null)).toList());
        List<JobStore.Claim.Proceed> claims = ids.stream().map(id -> (JobStore.Claim.Proceed) jobs.claim(id, "q", 0, true,
                new JobStore.Payload(payload, "application/json", null), "w")).toList();
        // the ends are submitted, not waited for: most are still queued for the writer when the stop comes
        claims.forEach(claim -> jobs.attemptEnded(new JobStore.EndedAttempt(claim.jobId(), claim.attempt(),
                java.time.Instant.now(), "w", 1, 200, null, "ok"), JobStatus.FINISHED));

        new dev.warren.config.StoreShutdown(jobs, store).close();

        try (Store reopened = new Store(url, "warren", "warren", 2).start(); JobStore read = new JobStore(reopened, true)) {
            List<String> notFinished = ids.stream().filter(id -> read.views().find(id).orElseThrow().status() != JobStatus.FINISHED)
                    .toList();
            assertEquals(List.of(), notFinished, "every attempt's end was written before the store closed");
        }
    }

    @Test
    void theLastDeliveriesBeforeAStopAreRecordedAsFinished() throws Exception {
        String url = "jdbc:h2:file:" + Files.createTempDirectory("warren-shutdown-records")
                + "/warren;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        RunningWarren warren = RunningWarren.start(Map.of("warren.store.url", url));
        String queue = declaredQueue(warren, "shutdown-records");
        Set<String> answered;
        try (TargetServer target = TargetServer.start(request -> Answer.ok().after(300))) {
            putGroup(warren, queue, httpGroup(4, target.url(), 3, 100));
            List<String> ids = publishBatch(warren, queue, IntStream.range(0, 60).mapToObj(n -> Map.of("n", n)).toList());
            await("deliveries under way").atMost(Duration.ofSeconds(30)).until(() -> target.requests().size() >= 8);

            warren.close();

            answered = target.requests().stream().map(TargetServer.Request::webhookId).collect(Collectors.toSet());
            assertTrue(ids.containsAll(answered), "only published tasks were delivered");
        } finally {
            broker().deleteQueues(queue);
        }
        try (Store store = new Store(url, "warren", "warren", 2).start(); JobStore jobs = new JobStore(store, true)) {
            List<String> notFinished = new ArrayList<>();
            for (String id : answered) {
                JobStatus status = jobs.views().find(id).orElseThrow().status();
                if (status != JobStatus.FINISHED) {
                    notFinished.add(id + " " + status.json());
                }
            }
            assertEquals(List.of(), notFinished, "every task the target answered is recorded finished ("
                    + answered.size() + " delivered before the stop)");
        }
    }
}
