package dev.tokenguard.core.guard;

import dev.tokenguard.core.http.Exchange;
import dev.tokenguard.core.policy.PolicyPass;

/**
 * A carrier request observe mode let go as the application made it: a token request ({@code lead}
 * set where enforce would have made this very call, so that its answer ends that would-be flight) or
 * an API request (the policy counters it passed in shadow, whose places its response frees).
 * {@code killSwitchRefused}: enforce would have refused it, so its answer is one enforce would never
 * have had, and does not feed the kill-switch.
 */
record ObservedExchange(CarrierRuntime carrier, boolean tokenRequest, Observation.Lead lead, PolicyPass pass,
                        Object credential, String credentialLabel, boolean killSwitchRefused) implements Exchange {}
