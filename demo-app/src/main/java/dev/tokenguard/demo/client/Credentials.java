package dev.tokenguard.demo.client;

/**
 * What the application authenticates with.
 *
 * @param merchantId UPS's {@code x-merchant-id}; null to send none (and for FedEx)
 */
public record Credentials(String clientId, String clientSecret, String merchantId) {}
