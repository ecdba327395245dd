package dev.siren.guard.hub;

import java.time.Duration;
import java.util.Map;

/**
 * How long a Hub or CDN may keep a download waiting. Defaults suit a multi-GB backbone on a slow link: a stalled
 * connection is dropped (and resumed) after 30 s of silence, and a transfer that stays under 1,000 bytes/s for a
 * whole minute is abandoned, so a server trickling bytes cannot hold a run forever.
 *
 * @param silence        longest wait for a connection, for an answer, or between two bytes of a body
 *                       ({@code HF_HUB_DOWNLOAD_TIMEOUT}, seconds)
 * @param minSpeed       bytes per second a transfer must average over each {@code speedWindow}
 *                       ({@code SIREN_HUB_MIN_SPEED}; 0 turns the check off)
 * @param speedWindow    how long the speed is averaged over
 */
public record HubTimeouts(Duration silence, long minSpeed, Duration speedWindow) {

    public static final HubTimeouts DEFAULTS = new HubTimeouts(Duration.ofSeconds(30), 1_000, Duration.ofMinutes(1));

    public HubTimeouts {
        if (silence.isNegative() || silence.isZero() || minSpeed < 0 || speedWindow.isNegative()
                || speedWindow.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive and the minimum speed at least 0");
        }
    }

    /** The defaults, overridden by {@code HF_HUB_DOWNLOAD_TIMEOUT} and {@code SIREN_HUB_MIN_SPEED} when set. */
    static HubTimeouts fromEnvironment(Map<String, String> env) {
        Duration silence = DEFAULTS.silence;
        String seconds = env.get("HF_HUB_DOWNLOAD_TIMEOUT");
        if (seconds != null) {
            double value = number("HF_HUB_DOWNLOAD_TIMEOUT", seconds);
            if (value == 0) {
                throw new HubException("HF_HUB_DOWNLOAD_TIMEOUT is '" + seconds + "': expected seconds above 0");
            }
            silence = Duration.ofMillis((long) Math.ceil(value * 1000));
        }
        long minSpeed = DEFAULTS.minSpeed;
        String speed = env.get("SIREN_HUB_MIN_SPEED");
        if (speed != null) {
            minSpeed = (long) number("SIREN_HUB_MIN_SPEED", speed);
        }
        return new HubTimeouts(silence, minSpeed, DEFAULTS.speedWindow);
    }

    /** A finite number, 0 or more, up to a year's worth of seconds (beyond that timeouts overflow). */
    private static double number(String variable, String text) {
        try {
            double value = Double.parseDouble(text.strip());
            if (value >= 0 && value <= 31_536_000) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new HubException(variable + " is '" + text + "': expected a number from 0 to 31536000");
    }
}
