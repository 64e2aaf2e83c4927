package dev.pdm.rules.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rejects rules that read the machine's clock. A rule that does decides differently in a test, an
 * example run, a backtest and production for the same request; rules must read {@code Clock}.
 */
final class ClockLint {

  private static final Pattern SYSTEM_CLOCK =
      Pattern.compile(
          "\\b(?:Instant|LocalDate|LocalDateTime|ZonedDateTime|OffsetDateTime|LocalTime)\\s*\\.\\s*now\\s*\\("
              + "|\\bSystem\\s*\\.\\s*(?:currentTimeMillis|nanoTime)\\s*\\("
              + "|\\bnew\\s+(?:java\\.util\\.)?Date\\s*\\(\\s*\\)"
              + "|\\bClock\\s*\\.\\s*system\\w*\\s*\\(");

  private ClockLint() {}

  static List<RulesetProblem> check(String drl) {
    List<RulesetProblem> problems = new ArrayList<>();
    String[] lines = drl.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String code = withoutLineComment(lines[i]);
      Matcher m = SYSTEM_CLOCK.matcher(code);
      while (m.find()) {
        problems.add(
            new RulesetProblem(
                i + 1,
                m.start() + 1,
                "'"
                    + m.group().replaceAll("\\s+", "")
                    + "' reads the machine's clock; match a Clock fact and use its now()"));
      }
    }
    return problems;
  }

  private static String withoutLineComment(String line) {
    int comment = line.indexOf("//");
    return comment < 0 ? line : line.substring(0, comment);
  }
}
