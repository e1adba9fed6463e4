import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The class-data archive's training run (pom.xml): starts warren with the given JVM and warren arguments, asks it what a
 * client asks first (readiness, liveness) until it has started, then stops it; the JVM writes the archive as it exits.
 * Without the requests, the classes of serving HTTP were left out of the archive and loaded from the jars at each start.
 *
 * java src/build/CdsTraining.java PORT LOG-FILE JVM-AND-WARREN-ARGUMENTS...
 */
public class CdsTraining {

    /** How long warren is asked after its first answer: past the end of its start-up (worker groups restored). */
    private static final Duration SETTLE = Duration.ofMillis(2500);
    private static final Duration GIVE_UP = Duration.ofSeconds(120);

    public static void main(String[] args) throws Exception {
        String base = "http://127.0.0.1:" + args[0] + "/observe/health";
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(List.of(args).subList(2, args.length));
        Process warren = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of(args[1]).toFile()).start();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long giveUp = System.nanoTime() + GIVE_UP.toNanos();
        long stopAt = Long.MAX_VALUE;
        while (warren.isAlive() && System.nanoTime() < Math.min(stopAt, giveUp)) {
            for (String path : List.of("/ready", "/live", "")) {
                try {
                    client.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    stopAt = Math.min(stopAt, System.nanoTime() + SETTLE.toNanos());
                } catch (java.io.IOException e) {
                    // not listening yet
                }
            }
            Thread.sleep(100);
        }
        warren.destroy();
        if (!warren.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            warren.destroyForcibly();
        }
        System.exit(0);
    }
}
