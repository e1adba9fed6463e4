package dev.warren.support;

import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Makes sure the RabbitMQ management API the tests (and warren's views) read answers: on a local broker without
 * the plugin it runs {@code rabbitmq-plugins enable rabbitmq_management} and waits for the API; otherwise it fails
 * with a message that says what to do.
 */
public final class ManagementApiPreparation {

    /** What to do about the management API. */
    enum Step { READY, ENABLE_PLUGIN, FAIL }

    static final String ENABLE_COMMAND = "rabbitmq-plugins enable rabbitmq_management";
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);
    static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    private static final List<String> LOCAL_HOSTS = List.of("localhost", "127.0.0.1", "[::1]", "::1");
    private static final List<String> COMMAND_DIRECTORIES = List.of("/usr/sbin", "/usr/local/sbin", "/usr/lib/rabbitmq/bin");

    private ManagementApiPreparation() {
    }

    /**
     * The step for the HTTP status the management API answered (0 for no answer at all): enabling the plugin can
     * only help when nothing listens, on this machine, at the plugin's own port, and the command is here.
     */
    static Step decide(int status, URI managementUri, boolean commandFound) {
        if (status == 200) {
            return Step.READY;
        }
        boolean local = LOCAL_HOSTS.contains(managementUri.getHost()) && managementUri.getPort() == 15672;
        return status == 0 && local && commandFound ? Step.ENABLE_PLUGIN : Step.FAIL;
    }

    /** Returns once the management API answers; else throws IllegalStateException saying what to do. */
    static void prepare(URI managementUri, Optional<Path> command) {
        int status = status(managementUri);
        Step step = decide(status, managementUri, command.isPresent());
        if (step == Step.READY) {
            return;
        }
        if (step == Step.FAIL) {
            throw new IllegalStateException(failure(managementUri, status != 0
                    ? "it answered HTTP " + status + "; check the user and password in the URI"
                    : command.isPresent()
                    ? "it is not the local broker's plugin port (15672), so warren's tests do not enable it"
                    : "rabbitmq-plugins was not found on this machine"));
        }
        System.err.println("warren tests: the RabbitMQ management API at " + safe(managementUri)
                + " does not answer; running " + ENABLE_COMMAND);
        String outcome = run(command.get());
        if (outcome != null) {
            throw new IllegalStateException(failure(managementUri, ENABLE_COMMAND + " failed: " + outcome));
        }
        try {
            await("the RabbitMQ management API at " + safe(managementUri)).atMost(STARTUP_TIMEOUT)
                    .pollInterval(Duration.ofSeconds(1)).until(() -> status(managementUri) == 200);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException(failure(managementUri, "the plugin was enabled but the API did not answer within "
                    + STARTUP_TIMEOUT.toSeconds() + " s"), e);
        }
    }

    /** The rabbitmq-plugins command on the PATH or in RabbitMQ's usual directories. */
    static Optional<Path> findCommand() {
        List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        directories.addAll(COMMAND_DIRECTORIES);
        return directories.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, "rabbitmq-plugins"))
                .filter(Files::isExecutable).findFirst();
    }

    /** The HTTP status of GET /api/overview with these credentials, 0 when nothing answers within the probe timeout. */
    static int status(URI managementUri) {
        String userInfo = managementUri.getUserInfo() != null ? managementUri.getUserInfo() : "guest:guest";
        HttpRequest request = HttpRequest.newBuilder(URI.create(safe(managementUri)
                        + (managementUri.getPath() == null ? "" : managementUri.getPath().replaceAll("/+$", "")) + "/api/overview"))
                .timeout(PROBE_TIMEOUT)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        try {
            return HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build()
                    .send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** What went wrong and what to do, for the test report. */
    static String failure(URI managementUri, String why) {
        return "The RabbitMQ management API at " + safe(managementUri) + " does not answer (" + why + "). warren's tests "
                + "and its queue, topic and exchange views read it. Enable it on the broker with `" + ENABLE_COMMAND
                + "` (as root or the rabbitmq user) and run the tests again, or point WARREN_TEST_RABBITMQ_URI and "
                + "WARREN_TEST_RABBITMQ_MANAGEMENT_URI at a broker whose management API answers.";
    }

    /** null when the command succeeded, else why not. */
    private static String run(Path command) {
        try {
            Process process = new ProcessBuilder(command.toString(), "-q", "enable", "rabbitmq_management")
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "no answer within " + COMMAND_TIMEOUT.toSeconds() + " s";
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.exitValue() == 0 ? null : "exit " + process.exitValue() + (output.isEmpty() ? "" : ": " + output);
        } catch (IOException e) {
            return e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The URI without its credentials. */
    private static String safe(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }
}
