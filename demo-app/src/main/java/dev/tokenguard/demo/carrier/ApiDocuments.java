package dev.tokenguard.demo.carrier;

import java.util.List;
import java.util.Map;

/** The small fixed answers of the simulated API routes, shaped after the carriers' real ones. */
final class ApiDocuments {
  private ApiDocuments() {}

  static final Map<String, Object> FEDEX_RATE =
      Map.of(
          "output",
          Map.of(
              "rateReplyDetails",
              List.of(
                  Map.of(
                      "serviceType", "FEDEX_GROUND",
                      "ratedShipmentDetails", List.of(Map.of("totalNetCharge", 12.34))))));

  static final Map<String, Object> FEDEX_SHIP =
      Map.of(
          "output",
          Map.of("transactionShipments", List.of(Map.of("masterTrackingNumber", "794600000000"))));

  static final Map<String, Object> FEDEX_TRACK =
      Map.of(
          "output",
          Map.of(
              "completeTrackResults",
              List.of(
                  Map.of(
                      "trackingNumber", "794600000000",
                      "trackResults",
                      List.of(Map.of("latestStatusDetail", Map.of("description", "Delivered")))))));

  static final Map<String, Object> UPS_RATE =
      Map.of(
          "RateResponse",
          Map.of(
              "Response", Map.of("ResponseStatus", Map.of("Code", "1", "Description", "Success")),
              "RatedShipment",
              List.of(
                  Map.of("TotalCharges", Map.of("CurrencyCode", "USD", "MonetaryValue", "12.34")))));
}
