package dev.siren.cli;

import dev.siren.tokenizer.SirenException;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * The {@code siren} command's exit codes, in one place: 0 clean (or done), 1 flagged (only commands that score), 2 an
 * error, the user's (bad option, input or model) or siren's. A command returns {@link #CLEAN} or {@link #FLAGGED}
 * and lets errors propagate: {@link #handle} prints them as one line and exits {@link #ERROR}.
 */
final class ExitCodes {

    static final int CLEAN = 0;
    static final int FLAGGED = 1;
    static final int ERROR = 2;

    private ExitCodes() {
    }

    /**
     * picocli's execution exception handler: one line, "siren COMMAND: message". A {@link SirenException} or an
     * illegal argument says what to fix; anything else is a fault of siren and also names its type. No stack trace
     * either way (never "flagged", whatever failed).
     */
    static int handle(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandSpec().qualifiedName() + ": " + message(e));
        err.flush();
        return ERROR;
    }

    static String message(Throwable e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof SirenException || e instanceof IllegalArgumentException) {
            return message;
        }
        return message + " (" + e.getClass().getName() + ")";
    }
}
