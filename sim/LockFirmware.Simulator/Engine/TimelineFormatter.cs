using LockFirmware.Access;
using LockFirmware.Actuation;
using LockFirmware.Diagnosis;
using LockFirmware.Indication;
using LockFirmware.Power;
using LockFirmware.Runtime;

namespace LockFirmware.Simulator.Engine;

/// <summary>Turns firmware events into the readable timeline lines people see from <c>locksim</c>.</summary>
public static class TimelineFormatter
{
    /// <summary>snake_case name of a stroke end reason (the firmware's own table).</summary>
    public static string StrokeEndName(int code) => Names.StrokeEnd((StrokeEnd)code);

    /// <summary>Formats a scenario time as seconds with milliseconds.</summary>
    public static string Time(long tMs) => $"{tMs / 1000,6}.{tMs % 1000:D3}s";

    /// <summary>One line for <paramref name="e"/>.</summary>
    public static string Describe(SimEvent e)
    {
        string what = e.Kind switch
        {
            LockEventKind.State => $"lock_state={Names.LockState((LockState)e.Code)} door_state={Names.DoorState((DoorState)e.Detail)}",
            LockEventKind.Alarm => $"ALARM {Names.Alarm((AlarmCode)e.Code)}",
            LockEventKind.Fault => $"FAULT {FaultCatalogue.Name((FaultCode)e.Code)} (code {FaultCatalogue.Number((FaultCode)e.Code)}): {FaultCatalogue.Remedy((FaultCode)e.Code)}",
            LockEventKind.FaultCleared => $"fault cleared: {FaultCatalogue.Name((FaultCode)e.Code)}",
            LockEventKind.Indication => e.Code == (int)IndicationPattern.Fault
                ? $"indication: fault {FaultCatalogue.Name((FaultCode)e.Detail)} = {FaultCatalogue.Number((FaultCode)e.Detail) / 10} long + {FaultCatalogue.Number((FaultCode)e.Detail) % 10} short red flashes with beeps"
                : $"indication: {IndicationPlayer.Name((IndicationPattern)e.Code)} ({Look((IndicationPattern)e.Code)})",
            LockEventKind.Operation => $"operation {Names.Operation((LockOperation)e.Code)} by {Names.Source((OperationSource)e.Detail)}",
            LockEventKind.OperationError => $"operation refused: {Names.OperationError((OperationError)e.Code)} ({Names.Source((OperationSource)e.Detail)})",
            LockEventKind.Battery => $"battery {Names.BatteryLevel((BatteryLevel)e.Code)} {e.Detail} mV",
            LockEventKind.Stroke => $"stroke ended: {StrokeEndName(e.Code)} after {e.Detail} ms",
            LockEventKind.Selftest => e.Code == 0 ? "self-test passed" : $"self-test FAILED (checks 0x{e.Detail:X})",
            // The firmware's console event says how a command ended (code 0 ok, 1 error with the ERR code as detail).
            LockEventKind.Console => e.Code == 0 ? "console: command ok" : $"console: command failed (ERR {e.Detail})",
            _ => e.Kind.ToString(),
        };
        return $"{Time(e.TMs)}  {what}";
    }

    private static string Look(IndicationPattern p) => p switch
    {
        IndicationPattern.Accepted => "green, one beep",
        IndicationPattern.WrongCode => "3 red blinks, 3 beeps",
        IndicationPattern.Locked => "green blink, one beep",
        IndicationPattern.Unlocked => "2 green blinks, 2 beeps",
        IndicationPattern.Refused => "long red, long beep",
        IndicationPattern.Lockout => "fast red blinks",
        IndicationPattern.Calibrating => "amber blinks",
        _ => "dark",
    };
}
