package dev.siren.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** Bytes written straight to a socket, for requests no well-behaved HTTP client would send. */
final class RawHttp implements AutoCloseable {

    /** What the server sent before it closed the connection, and after how long. */
    record Outcome(String response, long millis) {
        int status() {
            return response.startsWith("HTTP/1.1 ") ? Integer.parseInt(response.substring(9, 12)) : -1;
        }

        String body() {
            int start = response.indexOf("\r\n\r\n");
            return start < 0 ? "" : response.substring(start + 4);
        }
    }

    private final Socket socket;
    private final long opened = System.nanoTime();

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000); // a server that never closes fails the test instead of hanging it
    }

    RawHttp send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** Reads until the server closes the connection; fails if it has not within the socket timeout. */
    Outcome awaitClose() throws IOException {
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                read.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept the connection open for 10 s; it sent: " + read.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // a reset also ends the connection
        }
        return new Outcome(read.toString(StandardCharsets.UTF_8), (System.nanoTime() - opened) / 1_000_000);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
