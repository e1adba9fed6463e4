package dev.warren.support;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Requests as bytes on a socket, for what a well-behaved client refuses to send (a query such as ?%zz). */
public final class RawHttp {

    private RawHttp() {
    }

    /** Sends this request target (sent as is) with an optional JSON body; reads the whole answer (Connection: close). */
    public static Http.Response send(int port, String method, String target, String json) {
        return send(port, method, target, json, json == null ? null : "application/json");
    }

    /** Sends this request target (sent as is) with an optional body of this content type (none when null). */
    public static Http.Response send(int port, String method, String target, String body, String contentType) {
        return send(port, method, target, body, contentType, java.util.Map.of());
    }

    /** Sends this request target (sent as is) with an optional body and these extra header lines. */
    public static Http.Response send(int port, String method, String target, String body, String contentType,
                                     java.util.Map<String, String> headers) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            // RunningWarren.ADMIN_KEY and Host: localhost unless the headers name their own (an empty value: none)
            boolean ownAuthorization = headers.keySet().stream().anyMatch("Authorization"::equalsIgnoreCase);
            boolean ownHost = headers.keySet().stream().anyMatch("Host"::equalsIgnoreCase);
            String head = method + " " + target + " HTTP/1.1\r\n" + (ownHost ? "" : "Host: localhost\r\n")
                    + "Connection: close\r\n"
                    + (ownAuthorization ? "" : "Authorization: Bearer " + RunningWarren.ADMIN_KEY + "\r\n")
                    + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                    + headers.entrySet().stream().filter(h -> !h.getValue().isEmpty())
                        .map(h -> h.getKey() + ": " + h.getValue() + "\r\n").collect(java.util.stream.Collectors.joining())
                    + "Content-Length: " + bytes.length + "\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.UTF_8));
            out.write(bytes);
            out.flush();
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + target + " failed: " + e, e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }

    private static Http.Response parse(byte[] bytes) throws IOException {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 4);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        String contentType = null;
        boolean chunked = false;
        java.util.Map<String, java.util.List<String>> headers = new java.util.LinkedHashMap<>();
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            int colon = line.indexOf(':');
            if (colon > 0 && !line.startsWith("HTTP/")) {
                headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>())
                        .add(line.substring(colon + 1).trim());
            }
            if (lower.startsWith("content-type:")) {
                contentType = line.substring(13).trim();
            }
            chunked |= lower.startsWith("transfer-encoding:") && lower.contains("chunked");
        }
        if (chunked) {
            body = unchunk(body);
        }
        com.fasterxml.jackson.databind.JsonNode json = contentType != null && contentType.contains("json") && !body.isBlank()
                ? new ObjectMapper().readTree(body) : null;
        return new Http.Response(status, contentType, null, body, json, headers);
    }

    private static String unchunk(String chunked) {
        StringBuilder body = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return body.toString();
    }
}
