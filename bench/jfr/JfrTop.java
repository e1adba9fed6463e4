import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.nio.file.Path;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a JFR recording's CPU samples (jdk.ExecutionSample) went: the top frames (self time), the first warren frame
 * on each stack (inclusive), and the top frames' packages, each as a share of all samples. Optionally only the samples
 * between two UTC times of day (the bench scripts log their steps with these).
 *
 * java bench/jfr/JfrTop.java RECORDING.jfr [FROM-HH:MM:SS TO-HH:MM:SS] [ROWS]
 */
public class JfrTop {

    public static void main(String[] args) throws Exception {
        LocalTime from = args.length >= 3 ? LocalTime.parse(args[1]) : LocalTime.MIN;
        LocalTime to = args.length >= 3 ? LocalTime.parse(args[2]) : LocalTime.MAX;
        int rows = args.length >= 4 ? Integer.parseInt(args[3]) : args.length == 2 ? Integer.parseInt(args[1]) : 25;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> warren = new HashMap<>();
        Map<String, Integer> packages = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int total = 0;
        try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                LocalTime at = LocalTime.ofInstant(event.getStartTime(), ZoneOffset.UTC);
                if (at.isBefore(from) || at.isAfter(to)) {
                    continue;
                }
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                total++;
                List<RecordedFrame> frames = stack.getFrames();
                String top = name(frames.get(0));
                self.merge(top, 1, Integer::sum);
                packages.merge(pkg(frames.get(0)), 1, Integer::sum);
                String first = frames.stream().map(JfrTop::name).filter(n -> n.startsWith("dev.warren.")).findFirst()
                        .orElse("(no warren frame)");
                warren.merge(first, 1, Integer::sum);
                String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
                threads.merge(thread == null ? "?" : thread.replaceAll("[0-9]+", "N"), 1, Integer::sum);
            }
        }
        System.out.printf("%d execution samples%n", total);
        print("top frames (self)", self, total, rows);
        print("first warren frame on the stack (inclusive)", warren, total, rows);
        print("packages of the top frame", packages, total, rows);
        print("threads (digits as N)", threads, total, rows);
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String pkg(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        String[] parts = type.split("\\.");
        return parts.length <= 3 ? type.substring(0, Math.max(0, type.lastIndexOf('.'))) : String.join(".", List.of(parts).subList(0, 3));
    }

    private static void print(String title, Map<String, Integer> counts, int total, int rows) {
        System.out.printf("%n%s%n", title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(rows)
                .forEach(e -> System.out.printf("%6.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
    }
}
