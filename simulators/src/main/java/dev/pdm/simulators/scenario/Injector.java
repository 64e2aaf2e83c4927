package dev.pdm.simulators.scenario;

/** One kind of fault a scenario injects; scenarios are lists of injectors. */
interface Injector {

  /** The name written as {@code scenario} in the ground truth. */
  String name();

  void inject(PlanBuilder plan);
}
