package io.lapse.jobs;

import io.lapse.features.engagement.ClickstreamScenario;
import io.lapse.features.engagement.ClickstreamSimulator;
import io.lapse.jobs.config.GenerateSettings;
import io.lapse.models.bgnbd.BgNbdParams;
import io.lapse.testing.TestSpark;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Input files of pipeline tests with a clickstream: 200 customers with BG/NBD transactions
 * (2024), and the default two-segment clickstream simulation (2024) of {@code users} users with a
 * known dis-engagement process, written once per test class.
 */
final class ClickstreamFixture {

  final Path transactions;
  final Path customers;
  final Path events;
  final ClickstreamSimulator.Simulation simulation;

  ClickstreamFixture(String name, int users) {
    try {
      Path dir = TestSpark.tempDir(name);
      GenerateSettings settings = new GenerateSettings("unused", 200, 13L,
          LocalDate.parse("2024-01-01"), LocalDate.parse("2024-03-31"),
          LocalDate.parse("2024-12-31"), List.of(new GenerateSettings.Segment("web", 1.0,
              new BgNbdParams(0.5, 4, 0.8, 2.5), 6, 4, 15)));
      GenerateJob.Result generated = GenerateJob.run(settings, dir);
      transactions = generated.transactions();
      customers = generated.customers();
      simulation = ClickstreamSimulator.simulate(
          ClickstreamScenario.year2024().withUsers(users));
      events = dir.resolve("events.csv");
      simulation.writeCsv(events);
    } catch (RuntimeException e) {
      throw e;
    }
  }

  /** The configuration of a lake reading these files (or another events file). */
  Map<String, Object> config(Path eventsFile) {
    Map<String, Object> conf = new HashMap<>(TestLake.csvInput(transactions, customers));
    conf.put("lapse.segments.source", "all");
    conf.put("lapse.input.events.format", "csv");
    conf.put("lapse.input.events.path", eventsFile.toString());
    conf.put("lapse.input.events.timestamp-format", ClickstreamSimulator.TIMESTAMP_FORMAT);
    conf.put("lapse.input.events.columns.timestamp", "ts");
    conf.put("lapse.input.events.columns.session-id", "session_id");
    conf.put("lapse.input.events.columns.referrer-id", "referrer_user_id");
    conf.put("lapse.input.events.columns.event-id", "event_id");
    conf.put("lapse.input.events.columns.amount", "amount");
    // One candidate per algorithm family keeps the tests quick.
    conf.put("lapse.models.onset.logistic.reg-params", List.of(0.01));
    conf.put("lapse.models.onset.gbt.max-depths", List.of());
    return conf;
  }

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
