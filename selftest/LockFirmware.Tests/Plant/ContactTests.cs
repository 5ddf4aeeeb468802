using System.Collections.Generic;
using LockFirmware.Hal;
using LockFirmware.Simulator.Plant;
using Xunit;

namespace LockFirmware.Tests.Plant;

/// <summary>Keypad, limit-switch and reed contacts as the firmware's inputs see them.</summary>
public class ContactTests
{
    private static (int Edges, double LastEdge) Watch(System.Func<bool> level, LockPlant plant, double seconds, double dt)
    {
        bool last = level();
        int edges = 0;
        double lastEdge = 0;
        double start = plant.TimeSeconds;
        while (plant.TimeSeconds - start < seconds)
        {
            plant.Step(dt);
            bool now = level();
            if (now != last)
            {
                edges++;
                lastEdge = plant.TimeSeconds - start;
                last = now;
            }
        }
        return (edges, lastEdge);
    }

    [Fact]
    public void Key_press_bounces_for_a_few_ms_before_settling_closed()
    {
        var plant = new LockPlant(new PlantParameters { InitialBoltMm = 0 }, 11);
        plant.SetKeypadRows(1 << 1); // row 1: keys 4 5 6
        plant.PressKey('5');

        var (edges, lastEdge) = Watch(() => (plant.ReadKeypadColumns() & (1 << 1)) != 0, plant, 0.020, 0.0001);

        Assert.True(edges >= 2, $"{edges} edges on the column after a press (0 for the initial make, which happened at t = 0)");
        Assert.InRange(lastEdge, 0.0005, 0.0055);
        Assert.Equal(1 << 1, plant.ReadKeypadColumns());
    }

    [Fact]
    public void Key_release_bounces_too_and_ends_open()
    {
        var plant = new LockPlant(new PlantParameters { InitialBoltMm = 0 }, 12);
        plant.SetKeypadRows(1 << 3); // row 3: * 0 #
        plant.PressKey('#');
        plant.Step(0.05);
        plant.ReleaseKey('#');

        var (edges, _) = Watch(() => plant.ReadKeypadColumns() != 0, plant, 0.02, 0.0001);

        Assert.True(edges >= 3, $"{edges} edges after release");
        Assert.Equal(0, plant.ReadKeypadColumns());
    }

    [Fact]
    public void Releasing_one_of_two_held_keys_leaves_the_other_reading_and_the_pad_reads_empty_only_once_both_settle()
    {
        // The keypad answers an untouched pad without scanning its contacts; this checks the bookkeeping behind
        // that shortcut against held keys and release bounce.
        var plant = new LockPlant(new PlantParameters { InitialBoltMm = 0 }, 15);
        plant.SetKeypadRows(0xF);
        plant.PressKey('1'); // column 0
        plant.PressKey('3'); // column 2
        plant.Step(0.02);
        Assert.Equal(0b101, plant.ReadKeypadColumns());

        plant.ReleaseKey('1');
        plant.Step(0.02);
        Assert.Equal(0b100, plant.ReadKeypadColumns());

        plant.ReleaseKey('3');
        var (edges, lastEdge) = Watch(() => plant.ReadKeypadColumns() != 0, plant, 0.02, 0.0001);
        Assert.True(edges >= 2, $"{edges} edges after the last release: the bounce (a re-make, then the break) must still read through");
        Assert.InRange(lastEdge, 0.0005, 0.0055);
        Assert.Equal(0, plant.ReadKeypadColumns());
        Assert.True(plant.IsQuiet);
    }

    [Fact]
    public void Key_reads_only_when_its_row_is_driven()
    {
        var plant = new LockPlant(new PlantParameters { InitialBoltMm = 0 }, 13);
        plant.PressKey('9');
        plant.Step(0.01);

        plant.SetKeypadRows(1 << 0);
        int otherRow = plant.ReadKeypadColumns();
        plant.SetKeypadRows(1 << 2);
        int ownRow = plant.ReadKeypadColumns();

        Assert.Equal(0, otherRow);
        Assert.Equal(1 << 2, ownRow);
    }

    [Fact]
    public void Three_keys_on_a_rectangle_ghost_the_fourth_without_matrix_diodes()
    {
        var plant = new LockPlant(new PlantParameters { InitialBoltMm = 0 }, 14);
        plant.PressKey('1'); // row 0 col 0
        plant.PressKey('2'); // row 0 col 1
        plant.PressKey('4'); // row 1 col 0
        plant.Step(0.01);

        plant.SetKeypadRows(1 << 1);

        // Row 1 reaches column 1 through 4 -> column 0 -> 1 -> row 0 -> 2, as if '5' were pressed.
        Assert.Equal(0b011, plant.ReadKeypadColumns());
    }

    [Fact]
    public void Typed_keys_follow_human_timing()
    {
        var plant = new LockPlant(new PlantParameters { InitialBoltMm = 0 }, 15);
        double end = plant.TypeKeys("1234");
        plant.SetKeypadRows(0xF);
        var presses = new List<double>();
        double lastHigh = double.NegativeInfinity;
        while (plant.TimeSeconds < end + 0.05)
        {
            plant.Step(0.0005);
            if (plant.ReadKeypadColumns() != 0)
            {
                // A press is a column going high after at least 30 ms low (longer than any bounce).
                if (plant.TimeSeconds - lastHigh > 0.030)
                {
                    presses.Add(plant.TimeSeconds);
                }
                lastHigh = plant.TimeSeconds;
            }
        }

        Assert.Equal(4, presses.Count);
        for (int i = 1; i < presses.Count; i++)
        {
            // hold 80-150 ms plus gap 150-300 ms
            Assert.InRange(presses[i] - presses[i - 1], 0.229, 0.452);
        }
        Assert.True(plant.IsQuiet);
    }

    [Fact]
    public void Extended_limit_switch_bounces_when_the_bolt_arrives()
    {
        var plant = new LockPlant(new PlantParameters { InitialBoltMm = 0 }, 16);
        plant.SetBridge(BridgeMode.Forward, 1000);

        var (edges, lastEdge) = Watch(() => plant.LimitExtendedHigh, plant, 1.2, 0.00005);

        Assert.True(edges >= 3, $"{edges} edges");
        Assert.False(plant.LimitExtendedHigh);
        Assert.InRange(lastEdge, 0.5, 0.9);
    }

    [Fact]
    public void Closing_the_door_on_a_thrown_bolt_leaves_it_ajar_with_the_reed_open()
    {
        var plant = new LockPlant(new PlantParameters { Door = DoorPosition.Open, InitialBoltMm = 25 }, 17);

        var result = plant.SetDoor(open: false);
        plant.Step(0.01);

        Assert.Equal(DoorPosition.Ajar, result);
        Assert.True(plant.DoorReedHigh);
    }

    [Fact]
    public void A_locked_door_stays_shut_when_pulled_but_forcing_it_opens_the_reed()
    {
        var plant = new LockPlant(new PlantParameters { Door = DoorPosition.Closed, InitialBoltMm = 25 }, 18);

        plant.SetDoor(open: true);
        plant.Step(0.01);
        bool reedWhilePulled = plant.DoorReedHigh;
        plant.ForceDoorOpen();
        plant.Step(0.01);

        Assert.False(reedWhilePulled);
        Assert.True(plant.DoorReedHigh);
        Assert.True(plant.StrikeTornOut);
        Assert.True(plant.BoltMm > 24.5, "the bolt itself is still thrown");
    }
}
