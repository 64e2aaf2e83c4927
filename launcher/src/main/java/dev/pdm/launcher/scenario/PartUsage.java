package dev.pdm.launcher.scenario;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU and memory per part of a run. The broker (when HiveMQ), the Flink job, QuestDB and the
 * simulator share the harness's JVM, so their CPU is told apart by thread (MQTT client threads
 * carry their client id, the other libraries name their threads); the ticket API, the edge
 * gateways, Mosquitto and PostgreSQL are child processes, measured from {@code /proc}. Memory of
 * the in-process parts cannot be split: the JVM's heap and resident size are reported for them
 * together.
 */
final class PartUsage {

  /**
   * CPU seconds per part, and per thread (harness JVM threads by name, the gateway's by the name
   * its process gives them in /proc), at one instant.
   */
  record Sample(
      Map<String, Double> cpuSeconds, Map<String, Double> threadCpuSeconds, long wallNanos) {}

  /** What the report shows per part. */
  record Usage(String part, double cpuSeconds, double cores, String memory) {}

  /**
   * One thread's CPU between two samples: a part whose busiest thread is near a full core cannot go
   * faster however many cores are idle.
   */
  record ThreadUsage(String thread, double cpuSeconds, double cores) {}

  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final long ticketApiPid;
  private final java.util.function.Supplier<long[]> gatewayPids;
  private final String postgresDataDir;

  /**
   * @param postgresDataDir the embedded PostgreSQL's data directory: its server detaches from the
   *     harness, so its processes are found by the directory on their command line
   */
  PartUsage(
      long ticketApiPid, java.util.function.Supplier<long[]> gatewayPids, String postgresDataDir) {
    this.ticketApiPid = ticketApiPid;
    this.gatewayPids = gatewayPids;
    this.postgresDataDir = postgresDataDir;
  }

  Sample sample() {
    Map<String, Double> cpu = new TreeMap<>();
    Map<String, Double> perThread = new TreeMap<>();
    long[] ids = threads.getAllThreadIds();
    ThreadInfo[] infos = threads.getThreadInfo(ids);
    double inThreads = 0;
    for (int i = 0; i < ids.length; i++) {
      if (infos[i] == null) {
        continue;
      }
      long nanos = threads.getThreadCpuTime(ids[i]);
      if (nanos < 0) {
        continue;
      }
      double s = nanos / 1e9;
      inThreads += s;
      String name = infos[i].getThreadName();
      String part = partOf(name);
      cpu.merge(part, s, Double::sum);
      perThread.merge(part + ": " + name, s, Double::sum);
    }
    double process = processCpuSeconds();
    cpu.merge("JVM (GC, compiler, exited threads)", Math.max(0, process - inThreads), Double::sum);
    cpu.put("ticket-api (process)", procCpuSeconds(ticketApiPid));
    // Summed over the run's gateway processes (one per offline site, one for the rest). A
    // restarted gateway starts from zero: figures span the current instances only.
    double gateways = 0;
    for (long pid : gatewayPids.get()) {
      gateways += procCpuSeconds(pid);
      procThreadCpuSeconds(pid)
          .forEach((name, s) -> perThread.merge("edge gateway: " + name, s, Double::sum));
    }
    cpu.put(GATEWAY, gateways);
    double pg = 0;
    for (ProcessHandle p : postgresProcesses()) {
      pg += procCpuSeconds(p.pid());
    }
    cpu.put("PostgreSQL (processes)", pg);
    double mosquitto = 0;
    for (ProcessHandle p : mosquittoProcesses()) {
      mosquitto += procCpuSeconds(p.pid());
    }
    cpu.put("MQTT broker (Mosquitto process)", mosquitto);
    return new Sample(cpu, perThread, System.nanoTime());
  }

  /**
   * The {@code n} threads that used the most CPU between two samples, busiest first. A thread
   * absent from {@code from} (started in between) counts from zero; one absent from {@code to}
   * (ended in between) is left out.
   */
  static List<ThreadUsage> busiestThreads(Sample from, Sample to, int n) {
    double wall = (to.wallNanos() - from.wallNanos()) / 1e9;
    return to.threadCpuSeconds().entrySet().stream()
        .map(
            e -> {
              double cpu = e.getValue() - from.threadCpuSeconds().getOrDefault(e.getKey(), 0.0);
              return new ThreadUsage(e.getKey(), cpu, wall > 0 ? cpu / wall : 0);
            })
        .sorted(
            java.util.Comparator.comparingDouble(ThreadUsage::cpuSeconds)
                .reversed()
                .thenComparing(ThreadUsage::thread))
        .limit(n)
        .toList();
  }

  List<Usage> between(Sample from, Sample to) {
    double wall = (to.wallNanos() - from.wallNanos()) / 1e9;
    Map<String, String> memory = new LinkedHashMap<>();
    Runtime rt = Runtime.getRuntime();
    String jvm =
        String.format(
            Locale.ROOT,
            "harness JVM: heap used %d MiB of %d MiB max, RSS %d MiB (shared by the in-process parts)",
            (rt.totalMemory() - rt.freeMemory()) >> 20,
            rt.maxMemory() >> 20,
            rssKib(ProcessHandle.current().pid()) >> 10);
    memory.put("ticket-api (process)", "RSS " + (rssKib(ticketApiPid) >> 10) + " MiB");
    long[] gatewayProcesses = gatewayPids.get();
    long gatewayKib = 0;
    for (long pid : gatewayProcesses) {
      gatewayKib += rssKib(pid);
    }
    memory.put(
        GATEWAY,
        "RSS "
            + (gatewayKib >> 10)
            + " MiB"
            + (gatewayProcesses.length > 1
                ? " (" + gatewayProcesses.length + " processes summed)"
                : ""));
    long pgKib = 0;
    for (ProcessHandle p : postgresProcesses()) {
      pgKib += pssKib(p.pid());
    }
    memory.put("PostgreSQL (processes)", "PSS " + (pgKib >> 10) + " MiB");
    long mosquittoKib = 0;
    for (ProcessHandle p : mosquittoProcesses()) {
      mosquittoKib += rssKib(p.pid());
    }
    memory.put("MQTT broker (Mosquitto process)", "RSS " + (mosquittoKib >> 10) + " MiB");
    return to.cpuSeconds().entrySet().stream()
        .map(
            e -> {
              double cpu = e.getValue() - from.cpuSeconds().getOrDefault(e.getKey(), 0.0);
              return new Usage(
                  e.getKey(), cpu, wall > 0 ? cpu / wall : 0, memory.getOrDefault(e.getKey(), jvm));
            })
        .toList();
  }

  static final String GATEWAY = "edge gateway (processes)";

  /** Which part a thread of the harness JVM works for, by its name. */
  static String partOf(String thread) {
    String t = thread.toLowerCase(Locale.ROOT);
    if (t.contains("pdm-sim")) {
      return "simulator";
    }
    if (t.contains("pdm-gateway") || t.startsWith("gateway-") || t.contains("pdm-uplink")) {
      return "edge gateway";
    }
    if (t.contains("pdm-tap")
        || t.contains("pdm-probe")
        || t.contains("pdm-trace")
        || t.equals("main")) {
      return "harness";
    }
    if (t.startsWith("wal-apply")
        || t.startsWith("view-compiler")
        || t.startsWith("shared-")
        || t.startsWith("mat-view")
        || t.startsWith("logging_")
        || t.contains("questdb")) {
      return "QuestDB";
    }
    if (t.contains("hivemq") || t.contains("nioeventloop") || t.contains("epoll")) {
      return "MQTT broker (HiveMQ)";
    }
    if (t.contains("pdm-stream")
        || t.contains("flink")
        || t.contains("source:")
        || t.contains("writer (")
        || t.contains("sink: writer")
        || t.startsWith("decode ->")
        || t.contains("incidents (")
        || t.contains("observations (")
        || t.contains("baseline (")
        || t.contains("batch-risk")
        || t.contains("asyncoperations")
        || t.contains("outputflusher")
        || t.contains("time trigger")
        || t.contains("mini-cluster")
        || t.contains("jobmanager")
        || t.contains("taskmanager")
        || t.contains("resourcemanager")
        || t.contains("pekko")
        || t.contains("okhttp")
        || t.contains("checkpoint")) {
      return "Flink job";
    }
    return "other threads";
  }

  private static double processCpuSeconds() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime() / 1e9;
    }
    return 0;
  }

  /** The postmaster of this run's data directory and its backends. */
  private List<ProcessHandle> postgresProcesses() {
    List<ProcessHandle> masters =
        ProcessHandle.allProcesses()
            .filter(p -> commandLine(p.pid()).contains(postgresDataDir))
            .toList();
    List<ProcessHandle> all = new java.util.ArrayList<>(masters);
    masters.forEach(m -> m.children().forEach(all::add));
    return all;
  }

  private List<ProcessHandle> mosquittoProcesses() {
    java.util.Set<Long> gateways = new java.util.HashSet<>();
    for (long pid : gatewayPids.get()) {
      gateways.add(pid);
    }
    return ProcessHandle.current()
        .children()
        .filter(p -> !gateways.contains(p.pid()) && commandLine(p.pid()).contains("mosquitto"))
        .toList();
  }

  private static String commandLine(long pid) {
    try {
      return Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).replace('\0', ' ');
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** utime + stime of a process from /proc, in seconds (clock ticks of 1/100 s). */
  static double procCpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** utime + stime per thread of a process, by the thread name in /proc (at most 15 chars). */
  private static Map<String, Double> procThreadCpuSeconds(long pid) {
    Map<String, Double> out = new TreeMap<>();
    if (pid < 0) {
      return out;
    }
    try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks.toList()) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          out.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0, Double::sum);
        } catch (IOException | RuntimeException e) {
          // the thread ended while we read
        }
      }
    } catch (IOException | RuntimeException e) {
      return out;
    }
    return out;
  }

  private static long rssKib(long pid) {
    return statusField(Path.of("/proc", Long.toString(pid), "status"), "VmRSS:");
  }

  private static long pssKib(long pid) {
    long pss = statusField(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss:");
    return pss > 0 ? pss : rssKib(pid);
  }

  private static long statusField(Path file, String field) {
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return 0;
  }
}
