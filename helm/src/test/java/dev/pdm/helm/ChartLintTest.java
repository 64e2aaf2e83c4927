package dev.pdm.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.LintResult;
import org.junit.jupiter.api.Test;

class ChartLintTest {

  @Test
  void chartPassesStrictLintWithItsDefaults() {
    LintResult result = ChartUnderTest.get().lintStrict();

    assertThat(result.isFailed()).as("lint messages: %s", result.getMessages()).isFalse();
  }

  @Test
  void defaultsRenderTicketApiAndStreamJobAgainstExternalServices() {
    RenderedManifests rendered = ChartUnderTest.get().render();

    assertThat(rendered.kinds())
        .contains("StatefulSet", "Service", "ConfigMap", "FlinkDeployment", "NetworkPolicy")
        .doesNotContain("Deployment", "HorizontalPodAutoscaler", "Ingress", "Secret");
  }
}
