using System.Text.Encodings.Web;
using System.Text.Json;
using LockFirmware.Access;
using LockFirmware.Diagnosis;
using LockFirmware.Indication;
using LockFirmware.Power;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Engine;

namespace LockFirmware.Simulator.Scenarios;

/// <summary>
/// Writes the contract's JSON lines (one object per line, fixed key order) with <see cref="Utf8JsonWriter"/>,
/// so the same scenario and seed give byte-identical output.
/// </summary>
public sealed class JsonLineWriter
{
    private static readonly JsonWriterOptions Options = new() { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Stream _out;

    /// <summary>Writes to <paramref name="output"/>.</summary>
    public JsonLineWriter(Stream output) => _out = output;

    private void Line(long tMs, string type, Action<Utf8JsonWriter> body)
    {
        using (var w = new Utf8JsonWriter(_out, Options))
        {
            w.WriteStartObject();
            if (type == "summary")
            {
                w.WriteString("type", type);
                w.WriteNumber("t_ms", tMs);
            }
            else
            {
                w.WriteNumber("t_ms", tMs);
                w.WriteString("type", type);
            }
            body(w);
            w.WriteEndObject();
        }
        _out.WriteByte((byte)'\n');
        _out.Flush();
    }

    /// <summary>One firmware event.</summary>
    public void Event(SimEvent e)
    {
        string type = Names.EventKind(e.Kind);
        Line(e.TMs, type, w =>
        {
            switch (e.Kind)
            {
                case LockEventKind.State:
                    w.WriteString("lock_state", Names.LockState((LockState)e.Code));
                    w.WriteString("door_state", Names.DoorState((DoorState)e.Detail));
                    break;
                case LockEventKind.Alarm:
                    w.WriteString("alarm", Names.Alarm((AlarmCode)e.Code));
                    break;
                case LockEventKind.Fault:
                    w.WriteString("fault", FaultCatalogue.Name((FaultCode)e.Code));
                    w.WriteNumber("code", FaultCatalogue.Number((FaultCode)e.Code));
                    w.WriteString("severity", FaultCatalogue.Severity((FaultCode)e.Code).ToString().ToLowerInvariant());
                    w.WriteNumber("detail", e.Detail);
                    w.WriteString("remedy", FaultCatalogue.Remedy((FaultCode)e.Code));
                    break;
                case LockEventKind.FaultCleared:
                    w.WriteString("fault", FaultCatalogue.Name((FaultCode)e.Code));
                    w.WriteNumber("code", FaultCatalogue.Number((FaultCode)e.Code));
                    break;
                case LockEventKind.Indication:
                    w.WriteString("pattern", IndicationPlayer.Name((IndicationPattern)e.Code));
                    if (e.Code == (int)IndicationPattern.Fault)
                    {
                        w.WriteString("fault", FaultCatalogue.Name((FaultCode)e.Detail));
                        w.WriteNumber("code", FaultCatalogue.Number((FaultCode)e.Detail));
                    }
                    break;
                case LockEventKind.Operation:
                    w.WriteString("operation", Names.Operation((LockOperation)e.Code));
                    w.WriteString("source", Names.Source((OperationSource)e.Detail));
                    break;
                case LockEventKind.OperationError:
                    w.WriteString("error", Names.OperationError((OperationError)e.Code));
                    w.WriteString("source", Names.Source((OperationSource)e.Detail));
                    break;
                case LockEventKind.Console:
                    w.WriteString("direction", "result");
                    w.WriteBoolean("ok", e.Code == 0);
                    break;
                case LockEventKind.Battery:
                    w.WriteString("battery_level", Names.BatteryLevel((BatteryLevel)e.Code));
                    w.WriteNumber("battery_mv", e.Detail);
                    break;
                case LockEventKind.Stroke:
                    w.WriteString("end", TimelineFormatter.StrokeEndName(e.Code));
                    w.WriteNumber("duration_ms", e.Detail);
                    break;
                case LockEventKind.Selftest:
                    w.WriteBoolean("passed", e.Code == 0);
                    w.WriteNumber("failed_checks", e.Detail);
                    break;
                default:
                    w.WriteNumber("code", e.Code);
                    w.WriteNumber("detail", e.Detail);
                    break;
            }
        });
    }

    /// <summary>
    /// A console line: <paramref name="direction"/> <c>in</c> (sent to the firmware) or <c>out</c> (printed by it);
    /// <paramref name="received"/> false for a line sent while the lock had no power (written as <c>"received": false</c>).
    /// </summary>
    public void Console(long tMs, string direction, string line, bool received = true) => Line(tMs, "console", w =>
    {
        w.WriteString("direction", direction);
        w.WriteString("line", line);
        // Only on a line the lock never received (sent during a power cut): an added key, the others unchanged.
        if (!received) w.WriteBoolean("received", false);
    });

    /// <summary>The final summary line with exactly the contract's keys.</summary>
    public void Summary(LockSnapshot s, IEnumerable<string> expectationsFailed) => Line(s.TMs, "summary", w =>
    {
        void Str(string k, string? v) { if (v == null) w.WriteNull(k); else w.WriteString(k, v); }
        void Arr(string k, IEnumerable<string> xs)
        {
            w.WriteStartArray(k);
            foreach (string x in xs) w.WriteStringValue(x);
            w.WriteEndArray();
        }
        Str("lock_state", s.LockState);
        Str("door_state", s.DoorState);
        Arr("faults_active", s.FaultsActive);
        Arr("faults_seen", s.FaultsSeen);
        Arr("alarms", s.Alarms);
        if (s.BatteryMillivolts is int mv) w.WriteNumber("battery_mv", mv); else w.WriteNull("battery_mv");
        Str("battery_level", s.BatteryLevel);
        w.WriteNumber("locks", s.Locks);
        w.WriteNumber("unlocks", s.Unlocks);
        w.WriteNumber("bolt_mm", Math.Round(s.BoltMm, 2));
        w.WriteBoolean("motor_energised", s.MotorEnergised);
        w.WriteBoolean("mcu_running", s.McuRunning);
        Arr("expectations_failed", expectationsFailed);
    });
}
