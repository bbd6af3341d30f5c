package dev.vortex.server.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Locale;
import net.logstash.logback.encoder.LogstashEncoder;

/**
 * The command line's logging, set up in code: one line per event on stdout ({@code plain}), one JSON object per
 * line ({@code json}), or warnings on stderr ({@code watch}, whose stdout is its output); the level from
 * {@code VORTEX_LOG_LEVEL}. The plain format is the one of {@code logback.xml} beside it, which embedders (and an
 * explicit {@code -Dlogback.configurationFile}) still get.
 *
 * <p>Why in code: reading an XML configuration loads an XML parser and Logback's configuration model (some 600
 * classes) and runs them once, ~0.2 s of every start of {@code vortex serve}, a fifth of the start on a 2-core
 * machine. Found by Logback through {@link java.util.ServiceLoader}; it acts only when {@link VortexCommand}
 * asked for it ({@value #FORMAT_PROPERTY}) and no configuration file was named, and otherwise lets Logback go on
 * to its usual files.
 */
public final class CliLogging extends ContextAwareBase implements Configurator {
    /** Set by the command line before the first logger exists: {@code plain}, {@code json} or {@code watch}. */
    static final String FORMAT_PROPERTY = "vortex.cli.log-format";

    private static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %msg%n";
    private static final String WATCH_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{24} - %msg%n";

    /** Made by Logback's service loader. */
    public CliLogging() {}

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        String format = System.getProperty(FORMAT_PROPERTY);
        if (format == null || System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        boolean watch = format.equals("watch");
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName(watch ? "STDERR" : "STDOUT");
        if (watch) {
            console.setTarget("System.err");
        }
        console.setEncoder(encoder(context, format.equals("json"), watch));
        console.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(level(System.getenv("VORTEX_LOG_LEVEL"), watch ? Level.WARN : Level.INFO));
        root.addAppender(console);
        if (!watch) {
            context.getLogger("io.netty").setLevel(Level.WARN);
            context.getLogger("org.eclipse.jgit").setLevel(Level.WARN);
        }
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext context, boolean json, boolean watch) {
        if (json) {
            LogstashEncoder encoder = new LogstashEncoder();
            encoder.setContext(context);
            encoder.start();
            return encoder;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(watch ? WATCH_PATTERN : PATTERN);
        encoder.start();
        return encoder;
    }

    /** {@code VORTEX_LOG_LEVEL} as Logback reads a level (any case); {@code fallback} when unset or unknown. */
    static Level level(String name, Level fallback) {
        return name == null || name.isBlank()
                ? fallback
                : Level.toLevel(name.trim().toUpperCase(Locale.ROOT), fallback);
    }
}
