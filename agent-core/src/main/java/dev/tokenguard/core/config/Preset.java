package dev.tokenguard.core.config;

/**
 * The carrier whose published rules fill a block's defaults and bring its API policies
 * ({@link Presets}). Answers from the token cache keep whatever JSON the carrier sent, so a preset
 * does not shape them.
 */
public enum Preset { FEDEX, UPS, USPS, GENERIC }
