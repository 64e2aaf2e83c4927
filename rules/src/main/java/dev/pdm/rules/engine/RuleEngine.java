package dev.pdm.rules.engine;

import dev.pdm.rules.backtest.BacktestReport;
import dev.pdm.rules.backtest.Backtester;
import dev.pdm.rules.decision.DecisionRequest;
import dev.pdm.rules.decision.DecisionSheet;
import dev.pdm.rules.examples.ExampleCase;
import dev.pdm.rules.examples.ExampleRunner;
import dev.pdm.rules.examples.ValidationReport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.kie.api.KieBase;
import org.kie.api.KieServices;
import org.kie.api.builder.KieBuilder;
import org.kie.api.builder.KieFileSystem;
import org.kie.api.builder.Message;
import org.kie.api.builder.ReleaseId;
import org.kie.api.builder.model.KieModuleModel;
import org.kie.api.builder.model.KieSessionModel;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.KieContainer;
import org.kie.internal.builder.conf.PropertySpecificOption;

/**
 * The facade over Drools: compiles DRL text at run time (classic engine, MVEL dialect; no build
 * step, so rulesets uploaded to a running service work), validates rulesets against their example
 * cases and backtests a candidate against the active version.
 */
public final class RuleEngine {

  /** Group of the in-memory modules rulesets are compiled into; never published anywhere. */
  private static final String RULESET_GROUP = "dev.pdm.rulesets";

  private static final Pattern PACKAGE = Pattern.compile("(?m)^\\s*package\\s+([\\w.]+)");

  private static final Pattern PARSER_POSITION = Pattern.compile("Line (\\d+):(\\d+)");

  private static final String NULL_PACKAGE = "Parser returned a null Package";

  /**
   * Rules resolve fact types through the loader of the fact classes, not the thread's context
   * loader, which differs between a plain JVM, tests and application servers.
   */
  private static final ClassLoader FACT_CLASSES = DecisionSheet.class.getClassLoader();

  private final KieServices kie = KieServices.Factory.get();
  private final AtomicLong builds = new AtomicLong();

  /**
   * Compiles a ruleset. Unknown fact types, unknown fields, syntax errors and uncompilable
   * consequences are errors; nothing is compiled or kept when there is one.
   *
   * @throws RulesetValidationException with every error and its line
   */
  public CompiledRuleset compile(String version, String drl) {
    if (version == null || version.isBlank()) {
      throw new IllegalArgumentException("a ruleset needs a version");
    }
    if (drl == null || drl.isBlank()) {
      throw new RulesetValidationException(
          version, List.of(new RulesetProblem(0, 0, "the ruleset is empty")));
    }
    List<RulesetProblem> clockReads = ClockLint.check(drl);
    if (!clockReads.isEmpty()) {
      throw new RulesetValidationException(version, clockReads);
    }
    // A fresh release id per build: the KIE repository is process-wide and keyed by release id,
    // so concurrent or repeated compilations must not overwrite each other's module.
    ReleaseId releaseId =
        kie.newReleaseId(RULESET_GROUP, "ruleset-" + builds.incrementAndGet(), "1.0.0");
    KieFileSystem files = kie.newKieFileSystem();
    files.generateAndWritePomXML(releaseId);
    files.writeKModuleXML(moduleModel().toXML());
    files.write(drlPath(drl), drl);
    KieBuilder builder = kie.newKieBuilder(files, FACT_CLASSES).buildAll();
    List<RulesetProblem> errors = problems(builder, Message.Level.ERROR);
    if (!errors.isEmpty()) {
      kie.getRepository().removeKieModule(releaseId);
      throw new RulesetValidationException(version, errors);
    }
    KieContainer container = kie.newKieContainer(releaseId, FACT_CLASSES);
    KieBase base = container.getKieBase();
    // The container keeps its module; the process-wide repository need not.
    kie.getRepository().removeKieModule(releaseId);
    List<String> names = new ArrayList<>();
    for (KiePackage pkg : base.getKiePackages()) {
      for (Rule rule : pkg.getRules()) {
        names.add(rule.getName());
      }
    }
    if (names.isEmpty()) {
      container.dispose();
      throw new RulesetValidationException(
          version, List.of(new RulesetProblem(0, 0, "the ruleset defines no rules")));
    }
    names.sort(null);
    return new CompiledRuleset(
        version, drl, container, names, problems(builder, Message.Level.WARNING));
  }

  /**
   * Compiles the DRL and runs every example case; accepted only if it compiles, has at least one
   * example and all pass. Never throws for a bad ruleset: the report says what is wrong.
   */
  public ValidationReport validate(String version, String drl, List<ExampleCase> examples) {
    CompiledRuleset compiled;
    try {
      compiled = compile(version, drl);
    } catch (RulesetValidationException e) {
      return ValidationReport.rejected(version, e.problems());
    }
    if (examples.isEmpty()) {
      // Examples are what pins a version's behaviour down; a version without any proves nothing.
      return ValidationReport.rejected(
          version, List.of(new RulesetProblem(0, 0, "a ruleset needs at least one example case")));
    }
    return ExampleRunner.run(compiled, examples);
  }

  /** {@link #validate(String, String, List)} for an unnamed candidate. */
  public ValidationReport validate(String drl, List<ExampleCase> examples) {
    return validate("candidate", drl, examples);
  }

  /** What the candidate would decide differently from the active version on recorded requests. */
  public BacktestReport backtest(
      CompiledRuleset active, CompiledRuleset candidate, List<DecisionRequest> recorded) {
    return Backtester.backtest(active, candidate, recorded);
  }

  /**
   * One default KieBase and stateful session. Property reactivity only where a class asks for it:
   * the input facts are immutable records, and the two mutable facts are class-reactive.
   */
  private KieModuleModel moduleModel() {
    KieModuleModel module = kie.newKieModuleModel();
    module.setConfigurationProperty(PropertySpecificOption.PROPERTY_NAME, "ALLOWED");
    module
        .newKieBaseModel("ruleset")
        .setDefault(true)
        .newKieSessionModel("decisions")
        .setType(KieSessionModel.KieSessionType.STATEFUL)
        .setDefault(true);
    return module;
  }

  /** The DRL goes into the folder of its package, where the KIE builder expects it. */
  private static String drlPath(String drl) {
    Matcher m = PACKAGE.matcher(drl);
    String folder = m.find() ? m.group(1).replace('.', '/') + "/" : "";
    return "src/main/resources/" + folder + "ruleset.drl";
  }

  private static List<RulesetProblem> problems(KieBuilder builder, Message.Level level) {
    List<RulesetProblem> problems = new ArrayList<>();
    for (Message m : builder.getResults().getMessages(level)) {
      if (m.getPath() != null && !m.getPath().endsWith(".drl")) {
        continue;
      }
      String text = m.getText().strip();
      int line = m.getLine();
      int column = m.getColumn();
      // Parser messages carry the position only in their text ("[ERR 101] Line 6:29 ...").
      Matcher at = PARSER_POSITION.matcher(text);
      if (at.find()) {
        line = line > 0 ? line : Integer.parseInt(at.group(1));
        column = column > 0 ? column : Integer.parseInt(at.group(2));
      }
      problems.add(new RulesetProblem(line, column, text));
    }
    // The parser adds this after its real errors; it tells a rule author nothing.
    if (problems.size() > 1) {
      problems.removeIf(p -> p.message().startsWith(NULL_PACKAGE));
    }
    return problems;
  }
}
