package dev.warren.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** H2's shell in a child JVM, connected to a database (another process holding or writing the file); its output collected. */
final class H2Shell implements AutoCloseable {

    private final Process process;
    private final StringBuffer shown = new StringBuffer();

    H2Shell(String url, String user, String password) throws IOException {
        process = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), "org.h2.tools.Shell", "-url", url, "-user", user, "-password", password)
                .redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (InputStream out = process.getInputStream()) {
                for (int c = out.read(); c >= 0; c = out.read()) {
                    shown.append((char) c);
                }
            } catch (IOException e) {
                shown.append(e);
            }
        });
        reader.setDaemon(true);
        reader.start();
    }

    /** Types these statements into the shell. */
    void type(String statements) throws IOException {
        OutputStream in = process.getOutputStream();
        in.write(statements.getBytes(StandardCharsets.UTF_8));
        in.flush();
    }

    /** True once the shell has printed this. */
    boolean hasShown(String text) {
        return shown.indexOf(text) >= 0;
    }

    /** Kills the process (kill -9) and waits until it is gone. */
    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }
}
