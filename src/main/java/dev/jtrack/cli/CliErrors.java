package dev.jtrack.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns failures into one clear line on stderr and an exit status, never a stack trace
 * (set {@code JTRACK_DEBUG=1} to see the trace).
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        err.println("jtrack " + cmd.getCommandName() + ": " + message);
        if (System.getenv("JTRACK_DEBUG") != null) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ex instanceof UserError ue ? ue.exitCode() : 1;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("jtrack: " + ex.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return 2;
    }
}
