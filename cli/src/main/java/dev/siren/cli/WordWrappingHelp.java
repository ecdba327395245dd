package dev.siren.cli;

import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.Column;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.TextTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.List;

/**
 * picocli's help with lines broken only at spaces. picocli wraps with the JDK's line breaker, which also breaks after
 * '.', ',' and '/' inside a word: "tokenizer.json" came out as "tokenizer." and "json" on two lines. The description
 * and footer are wrapped here, and the synopsis (which picocli breaks inside an option such as
 * {@code [--cases=BxT[,BxT...]]...}); the option table's descriptions by {@link SpaceBreakingTable}; everything else
 * (layout, widths, headings) is picocli's.
 */
final class WordWrappingHelp extends Help {

    /** A usage width at which no synopsis wraps. */
    private static final int ONE_LINE = 10_000;

    WordWrappingHelp(CommandSpec spec, ColorScheme colorScheme) {
        super(spec, colorScheme);
    }

    @Override
    public String description(Object... params) {
        return wrap(commandSpec().usageMessage().description(), params);
    }

    @Override
    public String footer(Object... params) {
        return wrap(commandSpec().usageMessage().footer(), params);
    }

    /** picocli's synopsis laid out on one line, then broken at spaces, continued under the first option. */
    @Override
    public String synopsis(int synopsisHeadingLength) {
        int width = commandSpec().usageMessage().width();
        String line;
        commandSpec().usageMessage().width(ONE_LINE); // picocli sizes buffers by the width: not Integer.MAX_VALUE
        try {
            line = super.synopsis(synopsisHeadingLength).strip();
        } finally {
            commandSpec().usageMessage().width(width);
        }
        String indent = " ".repeat(synopsisHeadingLength + commandSpec().qualifiedName().length() + 1);
        StringBuilder out = new StringBuilder();
        breakAtSpaces(line, width - synopsisHeadingLength, indent, width - indent.length(), out);
        return out.toString();
    }

    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals,
                                      ColorScheme scheme) {
        Layout layout = super.createDefaultLayout(options, positionals, scheme);
        TextTable table = new SpaceBreakingTable(scheme, layout.textTable().columns());
        table.indentWrappedLines = layout.textTable().indentWrappedLines;
        return new Layout(scheme, table, layout.optionRenderer(), layout.parameterRenderer());
    }

    /** Each line of each formatted paragraph, broken at spaces to the usage width; a continued line keeps its indent. */
    private String wrap(String[] paragraphs, Object... params) {
        StringBuilder out = new StringBuilder();
        int width = commandSpec().usageMessage().width();
        for (String paragraph : paragraphs) {
            String text = colorScheme().text(String.format(paragraph, params)).plainString();
            for (String line : text.split("\\R", -1)) {
                String indent = " ".repeat(line.length() - line.stripLeading().length());
                breakAtSpaces(line, width, indent, width - indent.length(), out);
            }
        }
        return out.toString();
    }

    /**
     * Appends {@code line} broken at spaces: the first part fits {@code firstRoom}, each continuation starts with
     * {@code indent} and fits {@code restRoom}.
     */
    private static void breakAtSpaces(String line, int firstRoom, String indent, int restRoom, StringBuilder out) {
        int start = 0;
        do {
            int end = lineEnd(line, start, start == 0 ? firstRoom : restRoom);
            out.append(start == 0 ? "" : indent).append(line.substring(start, end).stripTrailing())
                    .append(System.lineSeparator());
            start = skipSpaces(line, end);
        } while (start < line.length());
    }

    /** Where the line that starts at {@code start} ends: at the last space that lets it fit in {@code room}. */
    static int lineEnd(String text, int start, int room) {
        if (text.length() - start <= room) {
            return text.length();
        }
        int space = text.lastIndexOf(' ', start + room);
        if (space > start) {
            return space;
        }
        space = text.indexOf(' ', start); // one word longer than the line: it overflows
        return space < 0 ? text.length() : space;
    }

    private static int skipSpaces(String text, int from) {
        while (from < text.length() && text.charAt(from) == ' ') {
            from++;
        }
        return from;
    }

    /** A text table whose wrapping columns break only at spaces, handing picocli one line at a time. */
    private static final class SpaceBreakingTable extends TextTable {

        private final ColorScheme scheme;

        SpaceBreakingTable(ColorScheme scheme, Column[] columns) {
            super(scheme, columns);
            this.scheme = scheme;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            Column column = columns()[col];
            if (column.overflow != Column.Overflow.WRAP || value == null) {
                return super.putValue(row, col, value);
            }
            String plain = value.plainString();
            Cell last = new Cell(col, row);
            int start = 0;
            while (start < plain.length()) {
                boolean continued = start > 0;
                int room = column.width - column.indent - (continued ? indentWrappedLines : 0);
                int end = lineEnd(plain, start, room);
                Text line = value.substring(start, end);
                if (continued) {
                    addEmptyRow();
                    row++;
                    line = scheme.text(" ".repeat(indentWrappedLines)).concat(line);
                }
                last = super.putValue(row, col, line);
                start = skipSpaces(plain, end);
            }
            return last;
        }
    }
}
