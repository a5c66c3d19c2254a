package io.smsbridge.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A STOMP 1.2 client as its specification describes it (no library: the Java ones are unmaintained), for tests that
 * produce and subscribe as a Python or Ruby STOMP producer would.
 */
public final class StompClient implements AutoCloseable {

    /** A frame: its command, headers and body. */
    public record Frame(String command, Map<String, String> headers, String body) {
    }

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private int receipts;

    public StompClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(15_000);
        out = socket.getOutputStream();
        in = socket.getInputStream();
        Frame connected = send("CONNECT", Map.of("accept-version", "1.2", "host", "localhost"), null, false);
        if (!connected.command().equals("CONNECTED")) {
            throw new IOException("STOMP CONNECT answered " + connected);
        }
    }

    /** SEND with a receipt: returns once the broker has taken the message (or throws with its ERROR frame). */
    public void sendTo(String destination, Map<String, String> headers, String body) throws IOException {
        sendTo(destination, headers, body, true);
    }

    /**
     * SEND; with {@code receipt}, waits until the broker has taken it and every frame before it (STOMP processes a
     * connection's frames in order); without, returns at once.
     */
    public void sendTo(String destination, Map<String, String> headers, String body, boolean receipt) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put("destination", destination);
        all.put("content-type", "application/json");
        Frame answer = send("SEND", all, body, receipt);
        if (receipt && !answer.command().equals("RECEIPT")) {
            throw new IOException("STOMP SEND answered " + answer);
        }
    }

    public void subscribe(String destination, String id) throws IOException {
        Frame answer = send("SUBSCRIBE", Map.of("destination", destination, "id", id, "ack", "auto"), null, true);
        if (!answer.command().equals("RECEIPT")) {
            throw new IOException("STOMP SUBSCRIBE answered " + answer);
        }
    }

    /** The next frame from the broker, or null if none comes within {@code millis}. */
    public Frame receive(int millis) throws IOException {
        socket.setSoTimeout(millis);
        try {
            return read();
        } catch (SocketTimeoutException none) {
            return null;
        } finally {
            socket.setSoTimeout(15_000);
        }
    }

    private Frame send(String command, Map<String, String> headers, String body, boolean receipt) throws IOException {
        StringBuilder frame = new StringBuilder(command).append('\n');
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (receipt) {
            all.put("receipt", "r" + (++receipts));
        }
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            all.put("content-length", String.valueOf(content.length));
        }
        all.forEach((name, value) -> frame.append(name).append(':').append(value).append('\n'));
        frame.append('\n');
        out.write(frame.toString().getBytes(StandardCharsets.UTF_8));
        out.write(content);
        out.write(0);
        out.flush();
        return receipt || command.equals("CONNECT") ? read() : null;
    }

    private Frame read() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) == '\n' || b == '\r') {
            // heart-beats and the end of the previous frame
        }
        while (b > 0) {
            bytes.write(b);
            b = in.read();
        }
        if (b < 0) {
            throw new IOException("STOMP connection closed");
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        int blank = text.indexOf("\n\n");
        String[] head = (blank < 0 ? text : text.substring(0, blank)).split("\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < head.length; i++) {
            int colon = head[i].indexOf(':');
            headers.putIfAbsent(head[i].substring(0, colon), head[i].substring(colon + 1));
        }
        return new Frame(head[0], headers, blank < 0 ? "" : text.substring(blank + 2));
    }

    @Override
    public void close() throws IOException {
        try {
            send("DISCONNECT", Map.of(), null, true);
        } catch (IOException alreadyClosed) {
            // closing anyway
        }
        socket.close();
    }
}
