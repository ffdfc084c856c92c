package dev.tokenguard.demo.carrier;

/** One route's behaviour: a request in, a reply out. I/O and failures are the {@link Router}'s. */
@FunctionalInterface
interface Endpoint {
  Reply answer(Request request);
}
