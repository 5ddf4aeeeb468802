using System;

namespace LockFirmware.Simulator.Plant;

/// <summary>
/// The 3x4 membrane keypad as the board sees it: rows driven high by the firmware, columns read through
/// pull-downs. A pressed key connects its row to its column; its contact bounces for a few ms on press and on
/// release (membrane switches: typically 1-5 ms; firmware debounce of 5-50 ms covers it). The matrix has no
/// diodes, so three keys on the corners of a rectangle also connect the fourth corner (ghosting); that falls
/// out of tracing connections through every closed contact.
/// </summary>
public sealed class KeypadContacts
{
    /// <summary>Keys, row-major (BoardConfig.KeypadKeys).</summary>
    public const string Keys = "123456789*0#";

    private const int Rows = 4;
    private const int Columns = 3;
    private readonly BouncingContact[] _contacts = new BouncingContact[Rows * Columns];
    private int _drivenRows;

    // Plant time from which every contact is open and settled (+infinity while a key is held). Reading the pad
    // happens after every plant step, pressing keys rarely: this lets a read of an untouched pad return at once.
    private double _allOpenFrom = double.NegativeInfinity;

    /// <summary>Creates the keypad with no key pressed.</summary>
    public KeypadContacts(Random random)
    {
        for (int i = 0; i < _contacts.Length; i++)
        {
            _contacts[i] = new BouncingContact(false, random, 0.001, 0.005, 3);
        }
    }

    /// <summary>Bit mask of rows the firmware drives high.</summary>
    public int DrivenRows
    {
        get => _drivenRows;
        set => _drivenRows = value & 0xF;
    }

    /// <summary>Index of <paramref name="key"/> in <see cref="Keys"/>; throws for a key the pad does not have.</summary>
    public static int IndexOf(char key)
    {
        int i = Keys.IndexOf(key);
        if (i < 0)
        {
            throw new ArgumentException($"the keypad has no key '{key}' (keys are {Keys})", nameof(key));
        }
        return i;
    }

    /// <summary>Presses a key at <paramref name="now"/>.</summary>
    public void Press(char key, double now)
    {
        _contacts[IndexOf(key)].Set(true, now);
        _allOpenFrom = double.PositiveInfinity;
    }

    /// <summary>Releases a key at <paramref name="now"/>.</summary>
    public void Release(char key, double now)
    {
        _contacts[IndexOf(key)].Set(false, now);
        UpdateAllOpenFrom();
    }

    /// <summary>Releases every key at once without bounce (power removed, reset).</summary>
    public void ReleaseAll()
    {
        foreach (var c in _contacts)
        {
            c.Settle(false);
        }
        _allOpenFrom = double.NegativeInfinity;
    }

    private void UpdateAllOpenFrom()
    {
        double from = double.NegativeInfinity;
        foreach (var c in _contacts)
        {
            if (c.TargetClosed)
            {
                from = double.PositiveInfinity;
                break;
            }
            if (c.SettledAt > from)
            {
                from = c.SettledAt;
            }
        }
        _allOpenFrom = from;
    }

    /// <summary>True when a key's contact is closed at <paramref name="now"/>.</summary>
    public bool IsClosed(char key, double now) => _contacts[IndexOf(key)].IsClosed(now);

    /// <summary>True when every contact is settled at <paramref name="now"/>.</summary>
    public bool IsSettled(double now)
    {
        if (now >= _allOpenFrom)
        {
            return true;
        }
        foreach (var c in _contacts)
        {
            if (!c.IsSettled(now))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Earliest pending contact toggle after <paramref name="now"/>, or +infinity.</summary>
    public double NextToggleAfter(double now)
    {
        double next = double.PositiveInfinity;
        foreach (var c in _contacts)
        {
            double t = c.NextToggleAfter(now);
            if (t < next)
            {
                next = t;
            }
        }
        return next;
    }

    /// <summary>True when any key is held (target state closed).</summary>
    public bool AnyHeld
    {
        get
        {
            foreach (var c in _contacts)
            {
                if (c.TargetClosed)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>Column levels at <paramref name="now"/>: bit c set when column c reads high.</summary>
    public int ReadColumns(double now)
    {
        if (_drivenRows == 0 || now >= _allOpenFrom)
        {
            return 0; // nothing driven, or every contact open: no column can be pulled high
        }
        // Adjacency of closed contacts as row and column masks.
        Span<int> rowToCols = stackalloc int[Rows];
        Span<int> colToRows = stackalloc int[Columns];
        bool any = false;
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Columns; c++)
            {
                if (_contacts[r * Columns + c].IsClosed(now))
                {
                    rowToCols[r] |= 1 << c;
                    colToRows[c] |= 1 << r;
                    any = true;
                }
            }
        }
        if (!any || _drivenRows == 0)
        {
            return 0;
        }
        // A column is high when connected to a driven row through closed contacts (ghost paths included).
        int rows = _drivenRows;
        int cols = 0;
        while (true)
        {
            int newCols = cols;
            for (int r = 0; r < Rows; r++)
            {
                if ((rows & (1 << r)) != 0)
                {
                    newCols |= rowToCols[r];
                }
            }
            int newRows = rows;
            for (int c = 0; c < Columns; c++)
            {
                if ((newCols & (1 << c)) != 0)
                {
                    newRows |= colToRows[c];
                }
            }
            if (newCols == cols && newRows == rows)
            {
                return cols;
            }
            cols = newCols;
            rows = newRows;
        }
    }
}
