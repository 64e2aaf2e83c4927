package dev.pdm.rules;

import dev.pdm.model.batchrisk.BatchRiskSignal;
import dev.pdm.model.batchrisk.BatchRiskStatus;
import dev.pdm.model.catalogue.AlarmCatalogue;
import dev.pdm.model.catalogue.AlarmCode;
import dev.pdm.model.codec.Schema;
import dev.pdm.model.device.CustomerTier;
import dev.pdm.model.device.DeviceClass;
import dev.pdm.model.device.DeviceFacts;
import dev.pdm.model.event.Severity;
import dev.pdm.model.incident.Incident;
import dev.pdm.model.incident.IncidentKind;
import dev.pdm.model.incident.IncidentStatus;
import dev.pdm.rules.decision.DecisionRequest;
import dev.pdm.rules.decision.Priority;
import dev.pdm.rules.decision.TicketFact;
import dev.pdm.rules.decision.TicketStatus;
import dev.pdm.rules.decision.TicketType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Named instants and intent-named builders for rule tests. */
public final class Fixtures {

  public static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
  public static final Instant ONE_MINUTE_LATER = T0.plus(Duration.ofMinutes(1));
  public static final Instant FIVE_MINUTES_LATER = T0.plus(Duration.ofMinutes(5));
  public static final Instant ONE_HOUR_LATER = T0.plus(Duration.ofHours(1));
  public static final Instant TWO_HOURS_LATER = T0.plus(Duration.ofHours(2));
  public static final String BATCH = "B2025-07";
  public static final String SERIAL = "INV-0001";

  public static final String GROUND_FAULT = "sunspec-inv:GROUND_FAULT";
  public static final String BAT_GROUND_FAULT = "sunspec-bat:GROUND_FAULT";
  public static final String CHARGER_GROUND_FAILURE = "ocpp16:GroundFailure";
  public static final String BAT_OVER_TEMP_ALARM = "sunspec-bat:OVER_TEMP_ALARM";
  public static final String OVER_TEMP = "sunspec-inv:OVER_TEMP";
  public static final String DC_OVER_VOLT = "sunspec-inv:DC_OVER_VOLT";
  public static final String HW_TEST_FAILURE = "sunspec-inv:HW_TEST_FAILURE";
  public static final String AC_UNDER_VOLT = "sunspec-inv:AC_UNDER_VOLT";
  public static final String CABINET_OPEN = "sunspec-inv:CABINET_OPEN";
  public static final String MANUAL_SHUTDOWN = "sunspec-inv:MANUAL_SHUTDOWN";
  public static final String GRID_DISCONNECT = "sunspec-inv:GRID_DISCONNECT";
  public static final String HEATSINK_TEMP_RISE = "pdm-predict:HEATSINK_TEMP_RISE";
  public static final String NO_ERROR = "ocpp16:NoError";

  private Fixtures() {}

  public static IncidentBuilder incident(String serial, String code) {
    return new IncidentBuilder(serial, code);
  }

  public static DeviceBuilder device(String serial) {
    return new DeviceBuilder(serial);
  }

  public static TicketBuilder ticket(String id, String serial) {
    return new TicketBuilder(id, serial);
  }

  public static RequestBuilder request(IncidentBuilder incident) {
    return new RequestBuilder(incident.build());
  }

  public static BatchRiskSignal batchSignal(String batch, String failureMode, int affected) {
    return batchSignal(batch, failureMode, affected, 1, BatchRiskStatus.ACTIVE);
  }

  private static BatchRiskSignal batchSignal(
      String batch, String failureMode, int affected, long version, BatchRiskStatus status) {
    List<String> serials = new ArrayList<>();
    for (int i = 1; i <= affected; i++) {
      serials.add(String.format("INV-%04d", i));
    }
    return new BatchRiskSignal(
        Schema.VERSION,
        null,
        version,
        batch,
        DeviceClass.INVERTER,
        "SUN-100K",
        List.of("V1.2.0"),
        failureMode,
        affected,
        400,
        serials,
        affected / 400.0,
        0.002,
        affected / 400.0 / 0.002,
        0.999,
        7.1,
        4.6,
        "SPRT(p0=0.002,p1=0.01,alpha=0.01,beta=0.05)",
        T0.minus(Duration.ofDays(30)),
        T0,
        T0,
        T0,
        status);
  }

  /** The version of {@link #batchSignal} that closes its episode. */
  public static BatchRiskSignal endedBatchSignal(String batch, String failureMode, int affected) {
    return batchSignal(batch, failureMode, affected, 2, BatchRiskStatus.ENDED);
  }

  /** An incident as the stream job publishes it, defaults from the catalogue. */
  public static final class IncidentBuilder {
    private final String serial;
    private final String code;
    private final AlarmCode catalogued;
    private Severity severity;
    private IncidentKind kind = IncidentKind.FAULT;
    private IncidentStatus status = IncidentStatus.ACTIVE;
    private Instant firstSeen = T0;
    private Instant lastSeen = T0;
    private Instant clearedAt;
    private Instant asOf;
    private int occurrences = 1;
    private boolean flapping;
    private int flapCount;
    private long version = 1;
    private String batch = BATCH;

    IncidentBuilder(String serial, String code) {
      this.serial = serial;
      this.code = code;
      this.catalogued = AlarmCatalogue.standard().get(code);
      this.severity = catalogued.defaultSeverity();
      if (code.startsWith("pdm-predict:")) {
        kind = IncidentKind.PREDICTIVE;
      }
    }

    public IncidentBuilder severity(Severity s) {
      severity = s;
      return this;
    }

    public IncidentBuilder raisedAt(Instant t) {
      firstSeen = t;
      lastSeen = t;
      return this;
    }

    /**
     * The version published while the incident was still raised at {@code t} (device time), e.g.
     * the stream job's version when a warning has been raised for its sustain time.
     */
    public IncidentBuilder stillRaisedAt(Instant t) {
      asOf = t;
      return this;
    }

    public IncidentBuilder repeated(int times) {
      occurrences = times;
      return this;
    }

    public IncidentBuilder flapping(int transitions) {
      flapping = true;
      flapCount = transitions;
      return this;
    }

    public IncidentBuilder clearedAt(Instant t) {
      status = IncidentStatus.CLEARED;
      clearedAt = t;
      lastSeen = t;
      return this;
    }

    public IncidentBuilder version(long v) {
      version = v;
      return this;
    }

    public IncidentBuilder batch(String b) {
      batch = b;
      return this;
    }

    public Incident build() {
      return new Incident(
          Schema.VERSION,
          null,
          version,
          kind,
          status,
          serial,
          catalogued.deviceClass(),
          "SUN-100K",
          "V1.2.0",
          batch,
          "site-hz-01",
          code,
          List.of(code),
          severity,
          firstSeen,
          lastSeen,
          clearedAt,
          occurrences,
          flapping,
          flapCount,
          List.of(),
          List.of(),
          null,
          asOf != null ? asOf : lastSeen);
    }

    public String id() {
      return build().incidentId();
    }
  }

  /** A registry row; GOLD tier, warranty expired, unless told otherwise. */
  public static final class DeviceBuilder {
    private final String serial;
    private DeviceClass deviceClass = DeviceClass.INVERTER;
    private CustomerTier tier = CustomerTier.GOLD;
    private LocalDate warrantyEnd = LocalDate.parse("2025-12-31");

    DeviceBuilder(String serial) {
      this.serial = serial;
    }

    public DeviceBuilder of(DeviceClass c) {
      deviceClass = c;
      return this;
    }

    public DeviceBuilder tier(CustomerTier t) {
      tier = t;
      return this;
    }

    public DeviceBuilder underWarranty() {
      warrantyEnd = LocalDate.parse("2030-06-30");
      return this;
    }

    public DeviceFacts build() {
      return new DeviceFacts(
          serial,
          deviceClass,
          "SUN-100K",
          "V1.2.0",
          BATCH,
          "site-hz-01",
          "Hangzhou Solar Park",
          "Zhejiang",
          "East China",
          "Asia/Shanghai",
          "cust-7",
          "Zhejiang Green Power",
          tier,
          LocalDate.parse("2023-05-01"),
          warrantyEnd);
    }
  }

  /** An open P3 device-fault ticket unless told otherwise. */
  public static final class TicketBuilder {
    private final String id;
    private final String serial;
    private TicketType type = TicketType.DEVICE_FAULT;
    private TicketStatus status = TicketStatus.OPEN;
    private Priority priority = Priority.P3;
    private List<String> codes = List.of();
    private Instant openedAt = T0.minus(Duration.ofDays(3));
    private Instant closedAt;
    private List<String> incidentIds = List.of();
    private String batch = BATCH;
    private String failureMode;

    TicketBuilder(String id, String serial) {
      this.id = id;
      this.serial = serial;
    }

    public TicketBuilder type(TicketType t) {
      type = t;
      return this;
    }

    public TicketBuilder priority(Priority p) {
      priority = p;
      return this;
    }

    public TicketBuilder code(String code) {
      codes = List.of(code);
      failureMode = AlarmCatalogue.standard().get(code).family();
      return this;
    }

    public TicketBuilder failureMode(String mode) {
      failureMode = mode;
      return this;
    }

    public TicketBuilder incident(String incidentId) {
      incidentIds = List.of(incidentId);
      return this;
    }

    public TicketBuilder closedAt(Instant t) {
      status = TicketStatus.CLOSED;
      closedAt = t;
      return this;
    }

    public TicketBuilder batch(String b) {
      batch = b;
      return this;
    }

    public TicketFact build() {
      return new TicketFact(
          id,
          serial,
          type,
          status,
          priority,
          codes,
          openedAt,
          closedAt,
          incidentIds,
          batch,
          failureMode);
    }
  }

  /** An incident request for a registered GOLD device at {@code ONE_MINUTE_LATER}. */
  public static final class RequestBuilder {
    private final Incident incident;
    private DeviceFacts device;
    private final List<TicketFact> tickets = new ArrayList<>();
    private Instant now = ONE_MINUTE_LATER;

    RequestBuilder(Incident incident) {
      this.incident = incident;
      this.device = Fixtures.device(incident.serial()).of(incident.deviceClass()).build();
    }

    public RequestBuilder device(DeviceBuilder d) {
      device = d.of(incident.deviceClass()).build();
      return this;
    }

    public RequestBuilder unregistered() {
      device = null;
      return this;
    }

    public RequestBuilder ticket(TicketBuilder t) {
      tickets.add(t.build());
      return this;
    }

    public RequestBuilder at(Instant t) {
      now = t;
      return this;
    }

    public DecisionRequest build() {
      return DecisionRequest.forIncident(incident, device, tickets, now);
    }
  }
}
