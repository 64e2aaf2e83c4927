package dev.pdm.helm;

/** Values that switch on every part of the chart, for checks that must see every object. */
final class EverythingOn {

  static final String VALUES =
      """
      ticketApi:
        autoscaling:
          enabled: true
        ingress:
          enabled: true
          tlsSecretName: pdm-tls
      gateways:
        - site: site-a
          siteBrokerUrl: tcp://site-a-broker:1883
        - site: site-b
          siteBrokerUrl: tcp://site-b-broker:1883
      streamJob:
        serviceAccount:
          create: true
        registry:
          source: inline
          content: "serial,batch"
      broker:
        enabled: true
        auth:
          existingSecret: pdm-broker-passwd
        tls:
          existingSecret: pdm-broker-tls
      postgresql:
        enabled: true
      influxdb2:
        enabled: true
      """;

  private EverythingOn() {}

  static RenderedManifests render() {
    return ChartUnderTest.get().renderYaml(VALUES);
  }
}
