using System.Reflection;
using System.Text;
using LockFirmware.Service;
using LockFirmware.Simulator.Engine;
using Xunit;
using static LockFirmware.Tests.Service.ConsoleHarness;

namespace LockFirmware.Tests.Service;

/// <summary>
/// Security audit: the console wiped its line buffer after each line, but its receive buffer still held the raw bytes of
/// the last line read (<c>login 24681357</c>, <c>users add 135790</c>) until the next line overwrote them: a RAM dump (or a
/// debugger on the device) read the credential or the code there. Every byte and char buffer the session owns (its
/// own and its reply writer's) must hold no copy of a code once the line has been answered.
/// </summary>
public class ConsoleBufferWipeTests
{
    private static IEnumerable<(string Name, string Text)> Buffers(object owner, int depth = 0)
    {
        foreach (FieldInfo f in owner.GetType().GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public))
        {
            object? value = f.GetValue(owner);
            if (value is byte[] bytes) yield return (owner.GetType().Name + "." + f.Name, Encoding.Latin1.GetString(bytes));
            else if (value is char[] chars) yield return (owner.GetType().Name + "." + f.Name, new string(chars));
            else if (depth == 0 && value != null && (value.GetType() == typeof(ConsoleWriter) || value.GetType() == typeof(TechnicianThrottle)))
            {
                foreach (var inner in Buffers(value, depth + 1)) yield return inner;
            }
        }
    }

    private static void AssertNoCopy(SimulatedLock sim, string digits)
    {
        var session = sim.Firmware!.Console;
        var buffers = Buffers(session).ToList();
        Assert.Contains(buffers, b => b.Name == "ConsoleSession._readBuffer");
        Assert.Contains(buffers, b => b.Name == "ConsoleSession._line");
        foreach (var (name, text) in buffers)
            Assert.False(text.Contains(digits), $"{name} still holds {digits}");
    }

    [Theory]
    [InlineData("login " + Technician, Technician)]
    [InlineData("users add 135790", "135790")]
    [InlineData("users master 97531864", "97531864")]
    [InlineData("users remove 123456", "123456")]
    [InlineData("login 11112222", "11112222")]
    public void No_buffer_of_the_session_keeps_a_code_after_its_line(string line, string digits)
    {
        var sim = line.StartsWith("login") ? NewLock() : LoggedIn();
        string reply = Send(sim, line);
        Assert.True(Complete(reply), reply);
        AssertNoCopy(sim, digits);
    }

    [Fact]
    public void A_line_read_in_pieces_leaves_no_copy_either()
    {
        var sim = LoggedIn();
        // Typed slowly: each piece is its own read.
        foreach (string piece in new[] { "users ad", "d 1357", "90\n" })
        {
            byte[] b = Encoding.ASCII.GetBytes(piece);
            sim.Serial.SendBytes(b, b.Length);
            sim.Firmware!.OnInputChanged(LockFirmware.Hal.InputLine.Serial);
            sim.RunUntil(sim.NowMs + 50);
        }
        sim.RunUntil(sim.NowMs + 500);
        Assert.Contains("slot=", sim.Serial.TakeOutput());
        AssertNoCopy(sim, "135790");
        AssertNoCopy(sim, "1357");
    }
}
