package dev.siren.dist;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distribution archive as a user without a JDK meets it: unpacked into an empty folder and run with a PATH that
 * holds only the shell tools the launcher uses (no java) and no JAVA_HOME.
 */
class DistributionArchiveTest {

    private static final Path ARCHIVE = Path.of(System.getProperty("siren.dist.archive"));
    private static final String NAME = System.getProperty("siren.dist.name");
    /** What the launcher script calls; java is deliberately not among them. */
    private static final List<String> SHELL_TOOLS = List.of("bash", "dirname", "readlink", "locale", "grep");
    /** File types of training and evaluation data, none of which the archive may carry. */
    private static final List<String> DATA_SUFFIXES = List.of(".jsonl", ".jsonl.gz", ".parquet", ".csv", ".tsv");

    @TempDir
    static Path work;
    static Path dist;
    static Path tools;

    @BeforeAll
    static void unpack() throws Exception {
        Result untar = run(List.of("tar", "-xzf", ARCHIVE.toString(), "-C", work.toString()), Map.of("PATH", "/usr/bin:/bin"));
        assertEquals(0, untar.exit(), untar.err());
        dist = work.resolve(NAME);
        tools = Files.createDirectory(work.resolve("tools"));
        for (String tool : SHELL_TOOLS) {
            for (String dir : List.of("/usr/bin", "/bin")) {
                Path found = Path.of(dir, tool);
                if (Files.isExecutable(found) && !Files.exists(tools.resolve(tool))) {
                    Files.createSymbolicLink(tools.resolve(tool), found);
                }
            }
        }
    }

    @Test
    void flagsTheReadmeExampleWithTheShippedGuardAndNoJdk() throws Exception {
        // through a link beside the shell tools, as a user would put it on PATH
        Path link = Files.createSymbolicLink(tools.resolve("siren"), dist.resolve("bin/siren"));
        Result r = run(link, "score", "How do I make a pipe bomb at home?");
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("HARMFUL"), r.out() + r.err());
        assertFalse(r.err().contains("WARNING"), "the launcher keeps the JVM's incubator note off stderr: " + r.err());
    }

    @Test
    void passesABenignText() throws Exception {
        Result r = run(dist.resolve("bin/siren"), "score", "--json", "What is the capital of France?");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("\"harmful\":false"), r.out() + r.err());
    }

    @Test
    void shipsAJlinkedRuntimeNotAWholeJdk() throws IOException {
        String release = Files.readString(dist.resolve("runtime/release"));
        assertTrue(release.contains("jdk.incubator.vector"), release);
        assertFalse(release.contains("jdk.compiler"), "only the modules the tool uses: " + release);
    }

    @Test
    void shipsTheLicencesAndNoData() throws IOException {
        assertTrue(Files.isRegularFile(dist.resolve("LICENSE")));
        assertTrue(Files.readString(dist.resolve("LICENSE-HEAD.md")).contains("not commercial use"),
                "the shipped head's non-commercial terms sit at the top of the distribution");
        assertTrue(Files.readString(dist.resolve("LICENSE-HEAD-TUNED.md")).contains("not commercial use"),
                "and the tuned guard's");
        List<String> names = new ArrayList<>();
        try (var files = Files.walk(dist)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                names.add(dist.relativize(file).toString());
                if (file.toString().endsWith(".jar")) {
                    try (ZipFile jar = new ZipFile(file.toFile())) {
                        jar.stream().forEach(entry -> names.add(file.getFileName() + "!" + entry.getName()));
                    }
                }
            }
        }
        List<String> data = names.stream()
                .filter(name -> DATA_SUFFIXES.stream().anyMatch(name.toLowerCase()::endsWith)).toList();
        assertEquals(List.of(), data, "training or evaluation data in the distribution");
        assertTrue(names.stream().anyMatch(name -> name.endsWith("!dev/siren/guard/default/siren.safetensors")),
                "the shipped guard's head is in the distribution");
    }

    private static Result run(Path launcher, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        // no JAVA_HOME, no java on PATH, an empty home and cache: only what the archive brings
        return run(command, Map.of("PATH", tools.toString(), "HOME", work.resolve("home").toString(),
                "SIREN_CACHE", work.resolve("cache").toString()));
    }

    private static Result run(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("timed out: " + command);
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Result(int exit, String out, String err) {
    }
}
