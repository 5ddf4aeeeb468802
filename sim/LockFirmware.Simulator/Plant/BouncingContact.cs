using System;
using System.Runtime.CompilerServices;

namespace LockFirmware.Simulator.Plant;

/// <summary>
/// A mechanical contact that bounces when it changes state: the first touch (or break) is followed by a few
/// random open/close toggles within a bounce window before it settles. The toggles are drawn from a seeded
/// generator at the moment of the change, so reading the contact never consumes randomness.
/// </summary>
public sealed class BouncingContact
{
    private const int MaxToggles = 15;
    private readonly double[] _toggles = new double[MaxToggles];
    private readonly Random _random;
    private int _toggleCount;
    private bool _baseClosed;   // level before the first pending toggle
    private bool _target;

    /// <summary>Creates a contact in a settled state.</summary>
    /// <param name="closed">Initial state.</param>
    /// <param name="random">Seeded generator for the bounce pattern.</param>
    /// <param name="minBounceSeconds">Shortest bounce window.</param>
    /// <param name="maxBounceSeconds">Longest bounce window.</param>
    /// <param name="maxExtraPairs">Most extra open/close pairs within a window (at least one is always drawn when > 0).</param>
    public BouncingContact(bool closed, Random random, double minBounceSeconds, double maxBounceSeconds, int maxExtraPairs)
    {
        _baseClosed = closed;
        _target = closed;
        _random = random;
        MinBounceSeconds = minBounceSeconds;
        MaxBounceSeconds = maxBounceSeconds;
        MaxExtraPairs = Math.Min(maxExtraPairs, (MaxToggles - 1) / 2);
    }

    /// <summary>Shortest bounce window, seconds.</summary>
    public double MinBounceSeconds { get; }

    /// <summary>Longest bounce window, seconds.</summary>
    public double MaxBounceSeconds { get; }

    /// <summary>Most extra open/close pairs in a window.</summary>
    public int MaxExtraPairs { get; }

    /// <summary>The state the contact is heading to (or rests in).</summary>
    public bool TargetClosed => _target;

    /// <summary>Time of the last pending toggle; the contact is settled from then on.</summary>
    public double SettledAt => _toggleCount == 0 ? double.NegativeInfinity : _toggles[_toggleCount - 1];

    /// <summary>True when no toggle is pending after <paramref name="now"/>.</summary>
    public bool IsSettled(double now) => _toggleCount == 0 || now >= _toggles[_toggleCount - 1];

    /// <summary>Earliest pending toggle after <paramref name="now"/>, or +infinity.</summary>
    public double NextToggleAfter(double now)
    {
        for (int i = 0; i < _toggleCount; i++)
        {
            if (_toggles[i] > now)
            {
                return _toggles[i];
            }
        }
        return double.PositiveInfinity;
    }

    /// <summary>The contact's state at <paramref name="now"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsClosed(double now)
    {
        // The engine reads every pin after each 1 ms step; almost always the contact is settled.
        if (_toggleCount == 0)
        {
            return _baseClosed;
        }
        return IsClosedWhileBouncing(now);
    }

    private bool IsClosedWhileBouncing(double now)
    {
        if (now >= _toggles[_toggleCount - 1])
        {
            return _target;
        }
        int n = 0;
        while (n < _toggleCount && _toggles[n] <= now)
        {
            n++;
        }
        return (n & 1) == 0 ? _baseClosed : !_baseClosed;
    }

    /// <summary>Moves the contact towards <paramref name="closed"/> at <paramref name="now"/>, with bounce.</summary>
    public void Set(bool closed, double now)
    {
        if (closed == _target && IsSettled(now))
        {
            return;
        }
        bool level = IsClosed(now);
        _toggleCount = 0;
        _baseClosed = level;
        _target = closed;
        if (level == closed)
        {
            return;
        }
        _toggles[0] = now;
        _toggleCount = 1;
        if (MaxExtraPairs <= 0 || MaxBounceSeconds <= 0)
        {
            return;
        }
        double window = MinBounceSeconds + (MaxBounceSeconds - MinBounceSeconds) * _random.NextDouble();
        int pairs = 1 + _random.Next(MaxExtraPairs);
        // 2 * pairs bounce instants inside the window, sorted; the last one is the final settle.
        for (int i = 0; i < 2 * pairs; i++)
        {
            _toggles[1 + i] = now + window * _random.NextDouble();
        }
        Array.Sort(_toggles, 1, 2 * pairs);
        // Make the final settle land at the end of the window so the window length is what was drawn.
        _toggles[2 * pairs] = now + window;
        _toggleCount = 1 + 2 * pairs;
    }

    /// <summary>Forces a settled state with no bounce (used after long quiet periods or power changes).</summary>
    public void Settle(bool closed)
    {
        _toggleCount = 0;
        _baseClosed = closed;
        _target = closed;
    }
}
