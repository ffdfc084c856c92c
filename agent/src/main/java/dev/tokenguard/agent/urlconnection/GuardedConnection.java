package dev.tokenguard.agent.urlconnection;

/** Marks the connections tokenguard hands out, so that they are never wrapped twice. */
interface GuardedConnection {
}
