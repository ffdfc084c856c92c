package dev.tokenguard.core.config;

/** The carrier whose rules fill a block's defaults, and whose token-response shape is answered. */
public enum Preset { FEDEX, UPS, GENERIC }
