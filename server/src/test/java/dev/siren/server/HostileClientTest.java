package dev.siren.server;

import dev.siren.guard.testkit.KeywordGuard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Slow and malformed clients: every broken request is answered in OpenAI's error shape or its connection is closed
 * within the configured timeouts, and a normal request is served meanwhile.
 */
class HostileClientTest {

    private static final Duration TIMEOUT = Duration.ofMillis(1000);
    private static final String HEAD = "POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
    private static SirenServer server;
    private static TestClient client;

    @BeforeAll
    static void start() throws Exception {
        server = SirenServer.start(KeywordGuard.standard(), ServerConfig.builder().port(0)
                .headerTimeout(TIMEOUT).bodyTimeout(TIMEOUT).idleTimeout(Duration.ofSeconds(5))
                .maxConnections(4).maxHeaderBytes(2048).build());
        client = new TestClient(server.port());
        // one request first, so that a cold JVM on a busy machine does not take longer than the timeouts under test
        assertEquals(200, client.post("/v1/score", "{\"prompt\":\"warm up\"}").status());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Runs the hostile exchange while a normal request is made, which must succeed. */
    private static RawHttp.Outcome whileServingOthers(String hostile) throws Exception {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send(hostile);
            CompletableFuture<TestClient.Answer> normal = CompletableFuture.supplyAsync(
                    () -> client.post("/v1/score", "{\"prompt\":\"a bomb\"}"));
            // read at once: a server that closes with unread input resets the connection, which discards an
            // answer the client has not read yet
            RawHttp.Outcome outcome = raw.awaitClose();
            assertEquals(200, normal.join().status(), normal.join().body());
            assertTrue(outcome.millis() < TIMEOUT.toMillis() + 3000, "closed after " + outcome.millis() + " ms");
            return outcome;
        }
    }

    private static void assertOpenAiError(RawHttp.Outcome outcome, int status, String code) {
        assertEquals(status, outcome.status(), outcome.response());
        assertTrue(outcome.response().contains("application/json"), outcome.response());
        assertTrue(outcome.body().contains("\"code\":\"" + code + "\""), outcome.body());
        assertFalse(outcome.response().contains("Exception"), outcome.response());
        assertTrue(outcome.response().toLowerCase().contains("x-request-id:"), outcome.response());
    }

    @Test
    void halfSentHeadersAreCutOff() throws Exception {
        RawHttp.Outcome outcome = whileServingOthers("POST /v1/score HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Le");
        assertTrue(outcome.millis() >= TIMEOUT.toMillis() - 100, "closed too early: " + outcome.millis() + " ms");
    }

    @Test
    void halfSentBodyIsAnswered408() throws Exception {
        assertOpenAiError(whileServingOthers(HEAD + "Content-Length: 100\r\n\r\n{\"prompt\":"), 408, "request_timeout");
    }

    @Test
    void unfulfilledContentLengthIsAnswered408() throws Exception {
        assertOpenAiError(whileServingOthers(HEAD + "Content-Length: 50\r\n\r\n"), 408, "request_timeout");
    }

    @Test
    void badChunkSizeIsAnswered400() throws Exception {
        assertOpenAiError(whileServingOthers(HEAD + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"), 400, "invalid_http");
    }

    @Test
    void nonNumericContentLengthIsAnswered400InJson() throws Exception {
        assertOpenAiError(whileServingOthers(HEAD + "Content-Length: abc\r\n\r\n{}"), 400, "invalid_http");
    }

    @Test
    void aUrlOverTheLimitIsAnswered414() throws Exception {
        assertOpenAiError(whileServingOthers("GET /" + "a".repeat(4000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"), 414, "url_too_long");
    }

    @Test
    void headersOverTheLimitAreAnswered431() throws Exception {
        assertOpenAiError(whileServingOthers(HEAD + "X-Big: " + "b".repeat(4000) + "\r\nContent-Length: 2\r\n\r\n{}"),
                431, "headers_too_large");
    }

    @Test
    void idleConnectionsBeyondTheCapDoNotLockOthersOut() throws Exception {
        List<RawHttp> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 12; i++) { // three times the cap, sending nothing
                idle.add(new RawHttp(server.port()));
            }
            long start = System.nanoTime();
            CompletableFuture<TestClient.Answer> normal = CompletableFuture.supplyAsync(
                    () -> client.post("/v1/score", "{\"prompt\":\"hello\"}"));
            assertEquals(200, normal.join().status());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 4 * TIMEOUT.toMillis() + 3000, "served after " + millis + " ms");
        } finally {
            for (RawHttp raw : idle) {
                raw.close();
            }
        }
    }

    @Test
    void aBrokenBodyDoesNotMakeShutdownWaitTheFullGrace() throws Exception {
        SirenServer own = SirenServer.start(KeywordGuard.standard(), ServerConfig.builder().port(0)
                .bodyTimeout(TIMEOUT).shutdownGrace(Duration.ofSeconds(20)).build());
        try (RawHttp raw = new RawHttp(own.port())) {
            raw.send(HEAD + "Content-Length: 100\r\n\r\n{");
            Thread.sleep(100); // the request is in the service now, waiting for its body
            long start = System.nanoTime();
            own.close();
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < TIMEOUT.toMillis() + 3000, "shutdown took " + millis + " ms");
        }
    }
}
