package dev.tokenguard.demo.carrier;

import java.util.LinkedHashMap;
import java.util.Map;

/** One {@code {"code": ..., "message": ...}} entry, the form both carriers list their errors in. */
final class ErrorEntry {
  private ErrorEntry() {}

  /** Code first, as the carriers print it. */
  static Map<String, String> of(String code, String message) {
    Map<String, String> entry = new LinkedHashMap<>();
    entry.put("code", code);
    entry.put("message", message);
    return entry;
  }
}
