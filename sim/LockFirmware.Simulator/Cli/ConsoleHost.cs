using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using LockFirmware.Hal;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Scenarios;

namespace LockFirmware.Simulator.Cli;

/// <summary>
/// <c>locksim console [--pty]</c>: the firmware in real time (virtual time paced to a Stopwatch) with its serial
/// console on this terminal or on a pseudo-terminal. Lines starting with <c>sim</c> are handled here (plant faults
/// and inputs, same names as scenario files); every other line goes to the firmware's console link.
/// </summary>
public sealed class ConsoleHost
{
    private readonly SimulatedLock _sim;
    private readonly Action<string> _print;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly StringBuilder _replyLine = new();
    private int _awaitingReplies;

    /// <summary>
    /// Longest a <c>sim</c> line waits (virtual ms) for the firmware to finish answering the console lines sent before it:
    /// a `selftest` answers after its 15 ms pulse and checks, everything else at once; a lock that never answers (asleep
    /// and woken by nothing) does not hold the simulator's own commands up longer than this.
    /// </summary>
    public const int SimLineWaitMs = 5000;

    /// <summary>Creates a host around <paramref name="sim"/>; <paramref name="print"/> shows text to the person.</summary>
    public ConsoleHost(SimulatedLock sim, Action<string> print)
    {
        _sim = sim;
        _print = print;
        sim.Serial.OnOutput = (buf, off, n) =>
        {
            string text = Encoding.ASCII.GetString(buf, off, n);
            CountReplies(text);
            _print(text);
        };
        sim.OnEvent = e => _print(TimelineFormatter.Describe(e) + "\r\n");
    }

    /// <summary>Counts the firmware's finished replies (a line `OK` or `ERR ...` ends each, docs/console.md).</summary>
    private void CountReplies(string text)
    {
        foreach (char c in text)
        {
            if (c != '\n')
            {
                if (c != '\r') _replyLine.Append(c);
                continue;
            }
            string line = _replyLine.ToString();
            _replyLine.Clear();
            if (_awaitingReplies > 0 && (line == "OK" || line.StartsWith("ERR ", StringComparison.Ordinal))) _awaitingReplies--;
        }
    }

    /// <summary>Queues a line typed by the person (thread-safe).</summary>
    public void Enqueue(string line) => _lines.Enqueue(line);

    /// <summary>
    /// Handles queued lines and advances virtual time to <paramref name="targetMs"/> (scenario time). Tests call
    /// this directly with virtual targets; the interactive loop calls it with the Stopwatch's elapsed time.
    /// </summary>
    public void Pump(long targetMs)
    {
        while (_lines.TryDequeue(out string? line)) Handle(line);
        if (targetMs > _sim.NowMs) _sim.RunUntil(targetMs);
    }

    /// <summary>Handles one line now.</summary>
    public void Handle(string line)
    {
        line = line.TrimEnd('\r', '\n');
        if (!SimCommand.IsSimCommand(line))
        {
            // The lock has no power (a `sim power_cut`): the line reaches no UART and is lost; say so rather than stay silent.
            if (!_sim.Plant.McuPowered) _print($"{TimelineFormatter.Time(_sim.NowMs)}  (no power: line not received)\r\n");
            else _awaitingReplies++;
            _sim.ConsoleAt(_sim.NowMs, line);
            return;
        }
        // Lines piped in arrive together: the firmware answers over virtual time (115200 baud), a sim line at once, so
        // `status` then `sim status` printed the simulator's reply first. Let the firmware finish the lines before it.
        AwaitReplies();
        string reply = SimCommand.Execute(_sim, line, (t, what) => _print($"{TimelineFormatter.Time(t)}  > {what}\r\n"));
        _print(reply.Replace("\n", "\r\n") + "\r\n");
    }

    /// <summary>
    /// Runs virtual time on until the firmware has answered every console line sent so far (at most
    /// <see cref="SimLineWaitMs"/>, and not while it has no power): before a sim line, and at the end of piped input.
    /// </summary>
    public void AwaitReplies()
    {
        long waitUntil = _sim.NowMs + SimLineWaitMs;
        while (_awaitingReplies > 0 && _sim.Plant.McuPowered && _sim.NowMs < waitUntil) _sim.RunUntil(_sim.NowMs + 1);
        _awaitingReplies = 0;
    }

    /// <summary>Runs <c>locksim console [--pty]</c> until end of input (or Ctrl+C); returns the exit code.</summary>
    public static int Execute(string[] args, TextWriter error)
    {
        bool pty = false;
        foreach (string a in args)
        {
            if (a == "--pty") pty = true;
            else
            {
                error.WriteLine($"locksim console: unknown option '{a}'");
                error.WriteLine(Program.Usage);
                return 2;
            }
        }
        PseudoTerminal? terminal = null;
        if (pty)
        {
            try { terminal = PseudoTerminal.Open(); }
            catch (Exception e) when (e is IOException or PlatformNotSupportedException or DllNotFoundException or EntryPointNotFoundException)
            {
                error.WriteLine($"locksim console: cannot open a pseudo-terminal: {e.Message}");
                return 2;
            }
        }
        var sim = new SimulatedLock(new SimOptions());
        object printLock = new();
        Action<string> print = terminal != null
            ? s => { lock (printLock) { byte[] b = Encoding.ASCII.GetBytes(s); terminal.Write(b, b.Length); } }
            : s => { lock (printLock) { Console.Out.Write(s.Replace("\r\n", "\n")); Console.Out.Flush(); } };
        var host = new ConsoleHost(sim, print);
        bool done = false;
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; done = true; };
        if (terminal != null)
        {
            Console.Out.WriteLine($"locksim console: serial console on {terminal.SlavePath} (115200 8N1), e.g. screen {terminal.SlavePath} 115200");
            Console.Out.WriteLine("type `sim help` there for simulator commands; Ctrl+C here to stop");
            var reader = new Thread(() => ReadPty(terminal, host, () => done)) { IsBackground = true, Name = "pty" };
            reader.Start();
        }
        else
        {
            Console.Out.WriteLine("locksim console: the firmware's serial console (115200 8N1 in real life). Lines starting with `sim` go to the simulator (`sim help`); Ctrl+D ends.");
            var reader = new Thread(() =>
            {
                string? line;
                while ((line = Console.In.ReadLine()) != null) host.Enqueue(line);
                done = true;
            }) { IsBackground = true, Name = "stdin" };
            reader.Start();
        }
        var clock = Stopwatch.StartNew();
        while (!done)
        {
            host.Pump(clock.ElapsedMilliseconds);
            // Interactive pacing only: wake every 5 ms to follow the wall clock (tests call Pump directly).
            Thread.Sleep(5);
        }
        host.Pump(clock.ElapsedMilliseconds);
        // Piped input ends at once: the last lines' replies still come (they used to be cut off when the sim lines before
        // them had run virtual time ahead of the wall clock).
        host.AwaitReplies();
        terminal?.Dispose();
        return 0;
    }

    private static void ReadPty(PseudoTerminal terminal, ConsoleHost host, Func<bool> done)
    {
        var buffer = new byte[256];
        var line = new StringBuilder();
        while (!done())
        {
            int n = terminal.Read(buffer);
            if (n <= 0)
            {
                // EIO until a terminal program opens the slave side; poll gently.
                Thread.Sleep(100);
                continue;
            }
            for (int i = 0; i < n; i++)
            {
                char c = (char)buffer[i];
                if (c is '\r' or '\n')
                {
                    if (line.Length > 0) host.Enqueue(line.ToString());
                    line.Clear();
                }
                else if (c is '\b' or (char)127) { if (line.Length > 0) line.Length--; }
                else if (c >= ' ' && c < 127) line.Append(c);
            }
        }
    }
}
