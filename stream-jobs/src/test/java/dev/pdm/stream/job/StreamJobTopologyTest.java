package dev.pdm.stream.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.runtime.partitioner.ForwardPartitioner;
import org.apache.flink.streaming.runtime.partitioner.KeyGroupStreamPartitioner;
import org.junit.jupiter.api.Test;

class StreamJobTopologyTest {

  private static final List<String> UP_TO_THE_KEY_BY =
      List.of(
          "decode",
          "device-time-watermarks",
          "alarms",
          "telemetry",
          "enrich-alarms",
          "enrich-telemetry");

  @Test
  void eachReadersMessagesStayInOrderUpToTheKeyByOnSite() {
    StreamGraph graph = graph("1", "2");
    Map<String, StreamNode> nodes =
        graph.getStreamNodes().stream()
            .collect(Collectors.toMap(StreamNode::getOperatorName, n -> n, (a, b) -> a));

    for (String name : UP_TO_THE_KEY_BY) {
      StreamNode node = nodes.get(name);
      assertThat(node).as(name).isNotNull();
      assertThat(node.getParallelism()).as(name + " parallelism").isEqualTo(1);
      assertThat(node.getInEdges())
          .as(name + " input")
          .allSatisfy(e -> assertThat(e.getPartitioner()).isInstanceOf(ForwardPartitioner.class));
    }
    // The correlation itself still runs at the job's parallelism, keyed by site.
    Set<StreamEdge> intoCorrelation =
        graph.getStreamNodes().stream()
            .flatMap(n -> n.getInEdges().stream())
            .filter(e -> UP_TO_THE_KEY_BY.contains(graph.getSourceVertex(e).getOperatorName()))
            .filter(e -> !UP_TO_THE_KEY_BY.contains(graph.getTargetVertex(e).getOperatorName()))
            .filter(e -> e.getPartitioner() instanceof KeyGroupStreamPartitioner)
            .collect(Collectors.toSet());
    assertThat(intoCorrelation).isNotEmpty();
    assertThat(intoCorrelation)
        .allSatisfy(e -> assertThat(graph.getTargetVertex(e).getParallelism()).isEqualTo(2));
  }

  private static StreamGraph graph(String readers, String parallelism) {
    StreamJobConfig config =
        StreamJobConfig.parse(
            "--registry.path",
            "registry-not-read-while-building.csv",
            "--mqtt.url",
            "tcp://127.0.0.1:1",
            "--mqtt.readers",
            readers,
            "--parallelism",
            parallelism);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(Integer.parseInt(parallelism));
    StreamJobMain.production(config).build(env);
    return env.getStreamGraph();
  }
}
