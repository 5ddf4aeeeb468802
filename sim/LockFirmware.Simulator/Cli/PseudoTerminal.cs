using System.Runtime.InteropServices;

namespace LockFirmware.Simulator.Cli;

/// <summary>
/// A pseudo-terminal pair from libc (posix_openpt, grantpt, unlockpt, ptsname): the simulator holds the master
/// side and a serial tool opens <see cref="SlavePath"/> (e.g. <c>screen /dev/pts/5 115200</c>). Linux and macOS only.
/// </summary>
public sealed class PseudoTerminal : IDisposable
{
    private const int ORdWr = 2;
    private const int ONoCttyLinux = 0x100;
    private const int ONoCttyMac = 0x20000;
    private int _fd;

    [DllImport("libc", SetLastError = true)] private static extern int posix_openpt(int flags);
    [DllImport("libc", SetLastError = true)] private static extern int grantpt(int fd);
    [DllImport("libc", SetLastError = true)] private static extern int unlockpt(int fd);
    [DllImport("libc", SetLastError = true)] private static extern IntPtr ptsname(int fd);
    [DllImport("libc", SetLastError = true)] private static extern nint read(int fd, byte[] buf, nint count);
    [DllImport("libc", SetLastError = true)] private static extern nint write(int fd, byte[] buf, nint count);
    [DllImport("libc", SetLastError = true)] private static extern int close(int fd);

    private PseudoTerminal(int fd, string slave)
    {
        _fd = fd;
        SlavePath = slave;
    }

    /// <summary>Path a terminal program opens, e.g. <c>/dev/pts/5</c>.</summary>
    public string SlavePath { get; }

    /// <summary>Opens a new pair; throws <see cref="IOException"/> with the reason when the OS refuses.</summary>
    public static PseudoTerminal Open()
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("--pty needs Linux or macOS (posix_openpt)");
        int fd = posix_openpt(ORdWr | (OperatingSystem.IsMacOS() ? ONoCttyMac : ONoCttyLinux));
        if (fd < 0) throw new IOException($"posix_openpt failed (errno {Marshal.GetLastPInvokeError()})");
        if (grantpt(fd) != 0 || unlockpt(fd) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            close(fd);
            throw new IOException($"grantpt/unlockpt failed (errno {errno})");
        }
        IntPtr name = ptsname(fd);
        string? path = name == IntPtr.Zero ? null : Marshal.PtrToStringAnsi(name);
        if (path == null)
        {
            close(fd);
            throw new IOException("ptsname failed");
        }
        return new PseudoTerminal(fd, path);
    }

    /// <summary>Blocking read from the master side; returns 0 at end (EIO when no slave is open is retried by the caller).</summary>
    public int Read(byte[] buffer)
    {
        nint n = read(_fd, buffer, buffer.Length);
        return (int)n;
    }

    /// <summary>Writes to the master side (what the terminal program shows).</summary>
    public void Write(byte[] data, int count)
    {
        if (count <= 0 || _fd < 0) return;
        byte[] chunk = count == data.Length ? data : data[..count];
        write(_fd, chunk, chunk.Length);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_fd >= 0) close(_fd);
        _fd = -1;
    }
}
