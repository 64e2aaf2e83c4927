package dev.pdm.ticket.it;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(PostgresTestResource.class)
class SmokeIT {

  @Test
  void aCreatedTicketCanBeReadBackWithItsDeviceFacts() {
    String serial = Api.device(Api.newSerial("INV"), "East", "GOLD", "CUST-SMOKE");
    long id = Api.createFault(serial, "P2");
    Api.get(id)
        .then()
        .statusCode(200)
        .body("serial", equalTo(serial))
        .body("status", equalTo("NEW"));
  }
}
