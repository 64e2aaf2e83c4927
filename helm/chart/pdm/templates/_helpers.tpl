{{/*
Chart name, truncated to the 63 characters a DNS label allows.
*/}}
{{- define "pdm.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified release-scoped name. Components append their own suffix, so it is kept short
enough that "<fullname>-<component>-<site>" still fits a label.
*/}}
{{- define "pdm.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 40 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 40 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Name of one component's objects: pdm.componentName (dict "ctx" $ "component" "ticket-api").
*/}}
{{- define "pdm.componentName" -}}
{{- printf "%s-%s" (include "pdm.fullname" .ctx) .component | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Chart label value.
*/}}
{{- define "pdm.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels of one component: immutable once deployed, so nothing version-dependent here.
Usage: include "pdm.selectorLabels" (dict "ctx" $ "component" "ticket-api")
*/}}
{{- define "pdm.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pdm.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{/*
Full label set of one component's objects.
Usage: include "pdm.labels" (dict "ctx" $ "component" "ticket-api")
*/}}
{{- define "pdm.labels" -}}
helm.sh/chart: {{ include "pdm.chart" .ctx }}
{{ include "pdm.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: pdm
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
{{- with .ctx.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/*
Image reference; the tag defaults to the chart's appVersion.
Usage: include "pdm.image" (dict "ctx" $ "image" .Values.ticketApi.image)
*/}}
{{- define "pdm.image" -}}
{{- printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag) }}
{{- end }}

{{/*
Service account of the chart's own workloads (ticket-api, gateways, broker).
*/}}
{{- define "pdm.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "pdm.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Central MQTT broker: the in-chart Mosquitto when enabled, otherwise the external one.
*/}}
{{- define "pdm.mqtt.host" -}}
{{- if .Values.broker.enabled }}
{{- include "pdm.componentName" (dict "ctx" . "component" "broker") }}
{{- else }}
{{- required "external.mqtt.host is required when broker.enabled=false" .Values.external.mqtt.host }}
{{- end }}
{{- end }}

{{- define "pdm.mqtt.port" -}}
{{- if .Values.broker.enabled }}
{{- .Values.broker.service.port }}
{{- else }}
{{- .Values.external.mqtt.port }}
{{- end }}
{{- end }}

{{/*
Broker URL in the tcp://host:port form the Paho clients of the gateway and the stream job take.
*/}}
{{- define "pdm.mqtt.url" -}}
{{- $scheme := ternary "tcp" .Values.external.mqtt.scheme .Values.broker.enabled }}
{{- printf "%s://%s:%s" $scheme (include "pdm.mqtt.host" .) (include "pdm.mqtt.port" .) }}
{{- end }}

{{/*
JDBC URL of ticket-api: an explicit URL wins, then the in-chart PostgreSQL, then the external one.
*/}}
{{- define "pdm.jdbcUrl" -}}
{{- if .Values.external.postgresql.jdbcUrl }}
{{- .Values.external.postgresql.jdbcUrl }}
{{- else if .Values.postgresql.enabled }}
{{- printf "jdbc:postgresql://%s-postgresql:5432/%s" .Release.Name .Values.postgresql.auth.database }}
{{- else }}
{{- printf "jdbc:postgresql://%s:%v/%s" .Values.external.postgresql.host .Values.external.postgresql.port .Values.external.postgresql.database }}
{{- end }}
{{- end }}

{{/*
InfluxDB v2 write endpoint, organisation and bucket: the in-chart InfluxDB 2 or the external one.
*/}}
{{- define "pdm.influx.url" -}}
{{- if .Values.influxdb2.enabled }}
{{- printf "http://%s-influxdb2:80" .Release.Name }}
{{- else }}
{{- .Values.external.influxdb.url }}
{{- end }}
{{- end }}

{{- define "pdm.influx.org" -}}
{{- if .Values.influxdb2.enabled }}
{{- .Values.influxdb2.adminUser.organization }}
{{- else }}
{{- .Values.external.influxdb.org }}
{{- end }}
{{- end }}

{{- define "pdm.influx.bucket" -}}
{{- if .Values.influxdb2.enabled }}
{{- .Values.influxdb2.adminUser.bucket }}
{{- else }}
{{- .Values.external.influxdb.bucket }}
{{- end }}
{{- end }}

{{/*
Name of the FlinkDeployment, which the operator also uses as the Flink cluster id and as the
`app` label of the JobManager and TaskManager pods.
*/}}
{{- define "pdm.streamJob.name" -}}
{{- include "pdm.componentName" (dict "ctx" . "component" "stream-jobs") }}
{{- end }}

{{/*
Name of one site's gateway objects.
Usage: include "pdm.gateway.name" (dict "ctx" $ "site" "site-a")
*/}}
{{- define "pdm.gateway.name" -}}
{{- printf "%s-gw-%s" (include "pdm.fullname" .ctx) .site | trunc 52 | trimSuffix "-" }}
{{- end }}
