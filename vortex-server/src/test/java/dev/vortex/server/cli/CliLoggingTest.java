package dev.vortex.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The command line's logging set up in code is the one the XML files describe. */
class CliLoggingTest {
    private final LoggerContext context = new LoggerContext();

    @AfterEach
    void clear() {
        System.clearProperty(CliLogging.FORMAT_PROPERTY);
        context.stop();
    }

    private ExecutionStatus configure(String format) {
        if (format != null) {
            System.setProperty(CliLogging.FORMAT_PROPERTY, format);
        }
        CliLogging logging = new CliLogging();
        logging.setContext(context);
        return logging.configure(context);
    }

    private ConsoleAppender<ILoggingEvent> console(String name) {
        return (ConsoleAppender<ILoggingEvent>)
                context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender(name);
    }

    @Test
    void plain_isOneLinePerEventOnStdout_withNettyAndJGitAtWarn() {
        assertThat(configure("plain")).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);

        ConsoleAppender<ILoggingEvent> console = console("STDOUT");
        assertThat(console.isStarted()).isTrue();
        assertThat(console.getTarget()).isEqualTo("System.out");
        assertThat(((PatternLayoutEncoder) console.getEncoder()).getPattern())
                .isEqualTo("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{24} - %msg%n");
        assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("org.eclipse.jgit").getLevel()).isEqualTo(Level.WARN);
    }

    @Test
    void json_isLogstashJsonOnStdout() {
        configure("json");

        assertThat(console("STDOUT").getEncoder()).isInstanceOf(LogstashEncoder.class);
    }

    @Test
    void watch_isWarningsOnStderr() {
        configure("watch");

        ConsoleAppender<ILoggingEvent> console = console("STDERR");
        assertThat(console.getTarget()).isEqualTo("System.err");
        assertThat(((PatternLayoutEncoder) console.getEncoder()).getPattern())
                .isEqualTo("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{24} - %msg%n");
    }

    @Test
    void withoutTheCommandLinesAsking_logbackGoesOnToItsFiles() {
        // Embedders (tests, the benchmarks, Spring applications) keep logback.xml or their own configuration.
        assertThat(configure(null)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME)
                        .iteratorForAppenders()
                        .hasNext())
                .isFalse();
    }

    @Test
    void theLevel_comesFromVortexLogLevel_inAnyCase_withTheDefaultForNothingOrNonsense() {
        assertThat(CliLogging.level("debug", Level.INFO)).isEqualTo(Level.DEBUG);
        assertThat(CliLogging.level(" WARN ", Level.INFO)).isEqualTo(Level.WARN);
        assertThat(CliLogging.level(null, Level.INFO)).isEqualTo(Level.INFO);
        assertThat(CliLogging.level("", Level.WARN)).isEqualTo(Level.WARN);
        assertThat(CliLogging.level("loud", Level.INFO)).isEqualTo(Level.INFO);
    }
}
