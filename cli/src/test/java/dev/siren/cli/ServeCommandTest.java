package dev.siren.cli;

import dev.siren.guard.testkit.KeywordGuard;
import dev.siren.server.ServerConfig;
import dev.siren.server.SirenServer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ServeCommandTest {

    @Test
    void optionsBecomeTheServerConfig() {
        ServeCommand command = new ServeCommand((name, threads) -> KeywordGuard.standard());
        new CommandLine(command).parseArgs("--port", "0", "--threshold", "0.2", "--openai-categories", "mirror",
                "--max-batch-size", "8", "--max-queued-tokens", "16", "--max-client-tokens", "12",
                "--max-batch-tokens", "64", "--max-sessions", "3", "--max-client-sessions", "2");
        ServerConfig config = command.config();
        assertEquals(0, config.port());
        assertEquals(0.2, config.threshold());
        assertTrue(config.mirrorOpenAiCategories());
        assertEquals(8, config.maxBatchSize());
        assertEquals(16, config.maxQueuedTokens());
        assertEquals(12, config.maxClientTokens());
        assertEquals(64, config.maxBatchTokens());
        assertEquals(3, config.maxSessions());
        assertEquals(2, config.maxClientSessions());
    }

    @Test
    void securityOptionsBecomeTheServerConfig(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path keys = dir.resolve("keys.txt");
        java.nio.file.Files.writeString(keys, "sk-first-key-0123456789\nsk-second-key-0123456789\n");
        java.nio.file.Path head = java.nio.file.Files.createDirectory(dir.resolve("my-head"));
        ServeCommand command = new ServeCommand((name, threads) -> KeywordGuard.standard());
        command.environment = java.util.Map.of();
        new CommandLine(command).parseArgs("--guard", head.toString(), "--api-keys", keys.toString(), "--admin-port", "9091",
                "--cors-origin", "https://app.example", "--allowed-host", "guard.internal", "--body-timeout-ms", "500",
                "--max-connections", "7", "--log-text");
        ServerConfig config = command.config();
        assertEquals(2, config.apiKeys().size());
        assertEquals(9091, config.adminPort());
        assertEquals(java.util.List.of("https://app.example"), config.corsOrigins());
        assertEquals(java.util.List.of("guard.internal"), config.allowedHosts());
        assertEquals(500, config.bodyTimeout().toMillis());
        assertEquals(7, config.maxConnections());
        assertTrue(config.logText());
        assertEquals("my-head", config.modelId(), "the folder's name, not its path");

        ServeCommand fromEnvironment = new ServeCommand((name, threads) -> KeywordGuard.standard());
        fromEnvironment.environment = java.util.Map.of("SIREN_API_KEYS", "sk-env-key-0123456789abc,sk-env-key-2-0123456789");
        new CommandLine(fromEnvironment).parseArgs("--guard", "org/some-head");
        assertEquals(2, fromEnvironment.config().apiKeys().size());
        assertEquals("org/some-head", fromEnvironment.config().modelId(), "a Hub repo id is kept");
        assertEquals("siren-tuned", ServeCommand.modelId("tuned"), "a shipped guard's name");
        assertEquals("siren-default", ServeCommand.modelId("default"));
    }

    @Test
    void listeningBeyondLoopbackWithoutKeysIsAUserError() {
        ServeCommand command = new ServeCommand((name, threads) -> KeywordGuard.standard());
        command.environment = java.util.Map.of();
        new CommandLine(command).parseArgs("--host", "0.0.0.0", "--port", "0");
        CliException e = assertThrows(CliException.class, () -> ServeCommand.start(KeywordGuard.standard(), command.config()));
        assertTrue(e.getMessage().contains("--allow-unauthenticated"), e.getMessage());
    }

    @Test
    void theStartedServiceScores() throws Exception {
        ServeCommand command = new ServeCommand((name, threads) -> KeywordGuard.standard());
        new CommandLine(command).parseArgs("--port", "0");
        try (SirenServer server = ServeCommand.start(KeywordGuard.standard(), command.config())) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/score"))
                            .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"bomb\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode());
            assertTrue(response.body().contains("\"harmful\":true"), response.body());
        }
    }

    @Test
    void badOptionsAndUnloadableGuardsExitTwo() {
        StringWriter err = new StringWriter();
        CommandLine bad = new CommandLine(new ServeCommand((name, threads) -> KeywordGuard.standard()));
        bad.setErr(new PrintWriter(err, true));
        assertEquals(2, bad.execute("--openai-categories", "all"));
        assertTrue(err.toString().contains("harmful-only or mirror"), err.toString());

        CommandLine missing = new CommandLine(new ServeCommand(GuardLoader.pretrained()));
        missing.setErr(new PrintWriter(err, true));
        assertEquals(2, missing.execute("--guard", "nowhere", "--port", "0"));
        assertTrue(err.toString().contains("cannot load guard 'nowhere'"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
    }

    @Test
    void aPortInUseIsAUserError() throws Exception {
        try (SirenServer taken = SirenServer.start(KeywordGuard.standard(), ServerConfig.builder().port(0).build())) {
            ServeCommand command = new ServeCommand((name, threads) -> KeywordGuard.standard());
            new CommandLine(command).parseArgs("--port", String.valueOf(taken.port()));
            CliException e = assertThrows(CliException.class, () -> ServeCommand.start(KeywordGuard.standard(), command.config()));
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1:" + taken.port()), e.getMessage());
        }
    }

    @Test
    void helpHasExamples() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ServeCommand());
        cli.setOut(new PrintWriter(out, true));
        assertEquals(0, cli.execute("--help"));
        assertTrue(out.toString().contains("Examples:"));
        assertTrue(out.toString().contains("/v1/moderations"));
    }

    /** As a user's shell would: the real command in its own JVM, stopped with SIGTERM. */
    @Test
    void sigtermDrainsAndExitsZero() throws Exception {
        String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin, "--add-modules", "jdk.incubator.vector", "-cp",
                System.getProperty("java.class.path"), SirenCli.class.getName(), "serve", "--port", "0")
                .redirectErrorStream(true).start();
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null && !line.contains("(Ctrl-C to stop)")) {
                seen.append(line).append('\n');
            }
            assertTrue(line != null, "the service never came up:\n" + seen);
            child.toHandle().destroy(); // SIGTERM; Process.destroy would also close our end of its output
            while ((line = lines.readLine()) != null) {
                seen.append(line).append('\n');
            }
            assertTrue(child.waitFor(30, java.util.concurrent.TimeUnit.SECONDS), "still running after SIGTERM");
            assertEquals(0, child.exitValue(), seen.toString());
            assertTrue(seen.toString().contains("siren serve: drained and stopped"), seen.toString());
        } finally {
            child.destroyForcibly();
        }
    }
}
