package dev.tokenguard.it.app;

/** The smallest application: for start-up and configuration tests. */
public final class HelloApp {
    public static void main(String[] args) {
        System.out.println("hello");
    }
}
