using System.Text;
using LockFirmware.Hal;

namespace LockFirmware.Simulator.Board;

/// <summary>The console serial link: bytes typed by the simulator or a terminal in, firmware output collected.</summary>
public sealed class SimSerialLink : ISerialLink
{
    private readonly Queue<byte> _in = new();
    private readonly List<byte> _out = new();

    /// <summary>Called when the firmware writes bytes (a live terminal prints them).</summary>
    public Action<byte[], int, int>? OnOutput { get; set; }

    /// <summary>
    /// Queues a line for the firmware to read (a newline is appended), as a UTF-8 terminal sends it: a non-ASCII
    /// character arrives as its bytes above 0x7F, which the firmware refuses (ERR 400). ASCII encoding turned it into
    /// '?', so `stätus` in <c>locksim console</c> was an unknown command (ERR 404) instead (hunt7).
    /// </summary>
    public void SendLine(string line)
    {
        foreach (byte b in Encoding.UTF8.GetBytes(line + "\n")) _in.Enqueue(b);
    }

    /// <summary>Drops the bytes not yet read (the MCU lost power: its UART's receive FIFO is gone).</summary>
    public void ClearInput() => _in.Clear();

    /// <summary>Queues raw bytes.</summary>
    public void SendBytes(byte[] bytes, int count)
    {
        for (int i = 0; i < count; i++) _in.Enqueue(bytes[i]);
    }

    /// <summary>Bytes waiting for the firmware.</summary>
    public int Pending => _in.Count;

    /// <summary>Takes everything the firmware has written since the last call.</summary>
    public string TakeOutput()
    {
        string s = Encoding.ASCII.GetString(_out.ToArray());
        _out.Clear();
        return s;
    }

    /// <inheritdoc/>
    public int Read(byte[] buffer, int offset, int count)
    {
        int n = 0;
        while (n < count && _in.Count > 0) buffer[offset + n++] = _in.Dequeue();
        return n;
    }

    /// <inheritdoc/>
    public void Write(byte[] buffer, int offset, int count)
    {
        for (int i = 0; i < count; i++) _out.Add(buffer[offset + i]);
        OnOutput?.Invoke(buffer, offset, count);
    }
}
