package io.lapse.jobs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/** The WARN and ERROR (or from another least level) messages one logger emits while the capture is open, with their run ids. */
final class LogCapture implements AutoCloseable {

  private final List<String> messages = Collections.synchronizedList(new ArrayList<>());
  private final List<String> runIds = Collections.synchronizedList(new ArrayList<>());
  private final String loggerName;
  private final Appender appender;

  private LogCapture(String loggerName, Level least) {
    this.loggerName = loggerName;
    this.appender = new Appender();
    appender.start();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Configuration config = context.getConfiguration();
    LoggerConfig logger = new LoggerConfig(loggerName, Level.INFO, true);
    logger.addAppender(appender, least, null);
    config.addLogger(loggerName, logger);
    context.updateLoggers();
  }

  static LogCapture of(String loggerName) {
    return new LogCapture(loggerName, Level.WARN);
  }

  /** The messages of {@code least} and above, INFO included when asked. */
  static LogCapture of(String loggerName, Level least) {
    return new LogCapture(loggerName, least);
  }

  List<String> messages() {
    return List.copyOf(messages);
  }

  /** The run id (MDC {@code run_id}) of each message, "" where there was none. */
  List<String> runIds() {
    return List.copyOf(runIds);
  }

  @Override
  public void close() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().removeLogger(loggerName);
    context.updateLoggers();
    appender.stop();
  }

  private final class Appender extends AbstractAppender {
    Appender() {
      super("capture-" + loggerName, null, null, true, Property.EMPTY_ARRAY);
    }

    @Override
    public void append(LogEvent event) {
      messages.add(event.getMessage().getFormattedMessage());
      String runId = event.getContextData().getValue(Lapse.RUN_ID);
      runIds.add(runId == null ? "" : runId);
    }
  }
}
