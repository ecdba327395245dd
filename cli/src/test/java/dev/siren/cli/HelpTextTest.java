package dev.siren.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every command's help as {@code siren help COMMAND} prints it (80 columns): lines break only between words
 * (picocli's line breaker would also break after '.' or '-', as in "tokenizer." / "json"), and examples are written
 * to fit, a long one continued on indented lines after a '\'.
 */
class HelpTextTest {

    /** Wide enough that picocli wraps nothing but the option table's fixed first column. */
    private static final int UNWRAPPED = 1000;

    @Test
    void linesBreakOnlyBetweenWords() {
        forEachCommand((name, cmd) -> {
            String wrapped = cmd.getUsageMessage();
            cmd.setUsageHelpWidth(UNWRAPPED);
            List<String> words = words(cmd.getUsageMessage());
            List<String> wrappedWords = words(wrapped);
            for (int i = 0; i < Math.min(words.size(), wrappedWords.size()); i++) {
                if (!words.get(i).equals(wrappedWords.get(i))) {
                    fail(name + " --help splits '" + words.get(i) + "' into '" + wrappedWords.get(i) + "' + '"
                            + wrappedWords.get(i + 1) + "':\n" + wrapped);
                }
            }
            assertEquals(words.size(), wrappedWords.size(), name + ":\n" + wrapped);
        });
    }

    @Test
    void examplesFitTheWidthAndContinueOnIndentedLines() {
        forEachCommand((name, cmd) -> {
            String footer = footer(cmd);
            cmd.setUsageHelpWidth(UNWRAPPED);
            assertEquals(footer(cmd), footer, name + " --help: a footer line is longer than 80 columns and wrapped");
            List<String> lines = footer.lines().toList();
            int exampleIndent = -1;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (exampleIndent < 0) {
                    exampleIndent = indent(line);
                }
                if (line.endsWith("\\")) {
                    assertTrue(i + 1 < lines.size() && !lines.get(i + 1).isBlank()
                                    && indent(lines.get(i + 1)) > exampleIndent,
                            name + " --help: '" + line + "' is not followed by an indented continuation:\n" + footer);
                } else {
                    exampleIndent = -1;
                }
            }
        });
    }

    @Test
    void atAWidthThatWrapsNothingTheHelpIsPicoclisOwn() {
        forEachCommand((name, cmd) -> {
            cmd.setUsageHelpWidth(UNWRAPPED);
            String ours = cmd.getUsageMessage();
            cmd.setHelpFactory(Help::new);
            assertEquals(cmd.getUsageMessage(), ours, name);
        });
    }

    @Test
    void theKnownSplitIsGone() {
        CommandLine tokenize = SirenCli.commandLine().getSubcommands().get("tokenize");
        String help = tokenize.getUsageMessage(Help.Ansi.OFF);
        assertFalse(help.contains("tokenizer.\njson"), help);
        assertTrue(help.contains("tokenizer.json"), help);
    }

    private static String footer(CommandLine cmd) {
        Help help = cmd.getHelp();
        return help.footerHeading() + help.footer();
    }

    private static void forEachCommand(java.util.function.BiConsumer<String, CommandLine> check) {
        Map<String, CommandLine> commands = SirenCli.commandLine().getSubcommands();
        assertTrue(commands.size() >= 8, commands.keySet().toString());
        for (var command : commands.entrySet()) {
            if (!command.getKey().equals("help")) {
                CommandLine cmd = command.getValue();
                cmd.setColorScheme(Help.defaultColorScheme(Help.Ansi.OFF));
                check.accept(command.getKey(), cmd);
            }
        }
    }

    private static List<String> words(String text) {
        return new ArrayList<>(Arrays.asList(text.strip().split("\\s+")));
    }

    private static int indent(String line) {
        return line.length() - line.stripLeading().length();
    }
}
