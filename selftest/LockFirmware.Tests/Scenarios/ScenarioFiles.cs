namespace LockFirmware.Tests.Scenarios;

/// <summary>Finds the repository's sim/scenarios folder from the test's working directory.</summary>
internal static class ScenarioFiles
{
    public static string Dir
    {
        get
        {
            var d = new DirectoryInfo(AppContext.BaseDirectory);
            while (d != null && !File.Exists(Path.Combine(d.FullName, "LockFirmware.sln"))) d = d.Parent;
            if (d == null) throw new InvalidOperationException("repository root (LockFirmware.sln) not found above " + AppContext.BaseDirectory);
            return Path.Combine(d.FullName, "sim", "scenarios");
        }
    }

    /// <summary>Library scenarios that must pass with today's firmware (the others wait for detection; see docs/scenarios.md).</summary>
    public static readonly string[] MustPass =
    {
        "jam-while-locking.yaml", "motor-open-circuit.yaml", "motor-short.yaml", "motor-short-flat-pack-named-by-selftest.yaml",
        "motor-short-cold-flat-pack-no-boot-loop.yaml", "obstacle-at-tip-removed-lock-clears-all.yaml",
        "door-forced-while-pack-out-with-jam-kept.yaml", "key-stopped-part-way-relock-still-locks.yaml", "thumbturn-turned-back-during-lock-wins.yaml",
        "thumbturn-turned-back-during-unlock-wins.yaml", "key-turned-with-the-unlock-no-motor-fault.yaml",
        "key-turning-when-one-touch-lock-pressed.yaml", "motor-wire-cut-mid-stroke-named.yaml", "power-restored-while-key-turning-blames-nothing.yaml",
        "motor-short-part-way-then-power-cut-not-driven.yaml", "calibration-current-adc-frozen-named-sensor.yaml", "selftest-flat-pack-heat-no-open-circuit.yaml",
        "door-propped-open-a-day-no-false-battery-low.yaml", "door-always-open-drain-warns-within-the-week.yaml", "door-left-open-across-battery-change-with-jam-kept.yaml", "limit-switch-stuck.yaml",
        "manual-key.yaml", "power-cut.yaml", "wrong-code-lockout.yaml", "day-in-the-life.yaml",
        "door-forced-open.yaml", "weak-actuator.yaml", "console-status.yaml",
        "strike-misalignment.yaml", "stiff-actuator.yaml", "adc-stuck-current.yaml", "adc-stuck-battery.yaml",
        "battery-low.yaml", "battery-critical.yaml", "door-sensor-stuck.yaml", "door-sensor-stuck-open.yaml",
        "relock-without-entering.yaml", "adc-stuck-battery-stiff-cold.yaml", "limit-switch-repaired.yaml",
        "lock-worked-without-the-door.yaml", "power-cut-mid-stroke.yaml", "strike-offset-installed.yaml", "battery-low-nimh.yaml",
        "seized-actuator.yaml", "stiff-actuator-steady.yaml", "stiff-actuator-half-charged.yaml", "limit-switch-stuck-extended-open.yaml",
        "strike-check-finds-obstacle.yaml", "strike-check-confirms-misalignment.yaml", "limit-switch-stuck-open-cold.yaml", "jam-near-end-first-lock-cold.yaml",
        "jam-crawl-cold-nearly-empty-pack.yaml",
        "cold-stiff-used-pack-lock-refused-at-breakaway.yaml",
        "cold-stiff-nimh-lock-seated-then-opens.yaml",
        "cold-lock-taken-back-refuses-until-warm.yaml", "current-sensor-frozen-owner-still-gets-in.yaml", "weak-motor-cold-lock-let-finish.yaml",
        "freer-bolt-not-weak.yaml", "battery-swap-worn-alkaline-to-fresh-lithium.yaml", "stiff-bolt-used-pack-lock-refused-says-critical.yaml",
        "calibrate-into-a-jam-raises-lock-jammed.yaml",
        "uncalibrated-strike-out-of-line.yaml", "uncalibrated-obstacle-near-end-named-jam.yaml", "uncalibrated-obstacle-by-the-strike-found-door-open.yaml",
        "key-turned-part-way-and-back.yaml", "calibrate-refused-on-critical-pack.yaml", "obstacle-against-the-bolt-tip-named-jam.yaml",
        "power-cut-extended-switch-stuck-open-stays-locked.yaml", "power-cut-door-open-retracted-switch-stuck-open-stays-unlocked.yaml",
        "power-glitch-mid-unlock-critical-pack-stays-unlocked.yaml", "misalignment-cleared-by-key-into-fixed-strike.yaml", "strike-installed-out-of-line-repaired.yaml",
        "motor-wire-mended-selftest-clears.yaml", "power-cut-during-jam-retries-not-reported-locked.yaml", "battery-swap-with-extended-switch-failed-stays-locked.yaml",
        "recalibrated-in-the-cold-not-weak-when-warm.yaml", "recalibrated-in-the-cold-stiff-named-when-warm.yaml",
        "used-pack-fitted-bolt-home-locks.yaml", "idle-days-then-one-unlock-stays-ok.yaml", "away-a-month-low-pack-still-locks.yaml",
        "limit-switch-stuck-closed-power-glitch-still-relocks.yaml", "limit-switch-stuck-closed-while-locked-power-cut-stays-locked.yaml",
        "battery-swap-lithium-to-fresh-alkaline-stays-ok.yaml", "used-pack-estimate-no-sudden-drop.yaml", "adc-stuck-battery-repaired-no-false-faults.yaml",
        "flat-pack-capped-unlock-not-named-jam.yaml", "privacy-mode-ends-with-manual-unlock.yaml", "keypad-lockout-power-cut-late-not-served-again.yaml", "keypad-lockout-reboot-late-keeps-the-rest.yaml",
        "limit-switch-stuck-retracted-closed-cold.yaml", "limit-switch-stuck-retracted-open-unlocks.yaml", "jam-cleared-then-switch-stuck-open.yaml", "jam-near-end-named-at-the-unlock.yaml",
        "battery-dead-while-locked.yaml", "relock-after-battery-change.yaml", "passage-mode-cancels-relock.yaml",
        "lock-during-keypad-lockout.yaml", "star-clears-the-entry.yaml", "privacy-mode-refuses-codes.yaml", "privacy-mode-refuses-calibration-gesture.yaml", "calibrate-with-switch-stuck-names-it.yaml", "calibration-fails-power-cut.yaml", "jam-cleared-then-locked-by-key.yaml",
        "factory-reset-and-provision-again.yaml", "door-forced-during-lock-stroke.yaml",
        "battery-change-sleeps-deep.yaml", "battery-change-first-wake-keeps-clock-lost.yaml", "battery-swap-lithium-to-alkaline.yaml", "battery-swap-alkaline-to-nimh.yaml",
        "battery-swap-nimh-to-alkaline.yaml", "console-login-throttle-ends.yaml", "keypad-lockout-ends.yaml",
        "keypad-lockout-power-cut.yaml", "console-reboot-keeps-clock.yaml",
        "door-forced-open-power-cut.yaml", "code-typed-as-the-lock-falls-asleep.yaml",
        "relock-withdrawn-when-door-opens.yaml",
        "adc-stuck-battery-while-asleep.yaml", "indication-names-the-refusal.yaml",
        "stiff-actuator-in-hardware-cold.yaml", "cold-pack-refusing-locks-says-critical.yaml", "cold-night-then-warm-locks-again.yaml",
        "cold-night-power-cut-then-warm-locks-again.yaml", "lithium-cold-spell-not-stiff.yaml", "nimh-cold-snaps-not-stiff.yaml",
        "indication-after-battery-critical.yaml", "jam-at-zero-against-resting-bolt.yaml", "everyday-user-codes-only.yaml",
    };

    public static string Path_(string name) => Path.Combine(Dir, name);
}
