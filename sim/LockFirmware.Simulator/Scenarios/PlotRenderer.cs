using LockFirmware.Access;
using LockFirmware.Diagnosis;
using LockFirmware.Runtime;
using LockFirmware.Simulator.Engine;
using ScottPlot;

namespace LockFirmware.Simulator.Scenarios;

/// <summary>
/// Draws a run as a PNG with ScottPlot 5: three stacked panels sharing the time axis — motor current (plant
/// truth and what the firmware measured), bolt position, battery voltage (terminal truth and firmware reading) —
/// with red vertical markers at faults and alarms and grey ones at lock-state changes, each labelled.
/// </summary>
public static class PlotRenderer
{
    /// <summary>Renders <paramref name="samples"/> and <paramref name="events"/> to <paramref name="path"/>.</summary>
    public static void Render(string path, string title, IReadOnlyList<TraceSample> samples, IReadOnlyList<SimEvent> events, int width = 1400, int height = 1000)
    {
        if (samples.Count == 0) throw new InvalidOperationException("nothing was recorded");
        var (xs, idx) = Decimate(samples, 20000);
        double[] t = idx.Select(i => samples[i].TMs / 1000.0).ToArray();
        double[] ma = idx.Select(i => samples[i].MotorMilliamps).ToArray();
        double[] bolt = idx.Select(i => samples[i].BoltMm).ToArray();
        double[] bmv = idx.Select(i => samples[i].BatteryMillivolts / 1000.0).ToArray();
        var measuredIdx = idx.Where(i => samples[i].MotorMilliampsMeasured != null).ToArray();
        var batterySegments = Segments(idx, i => samples[i].BatteryMillivoltsMeasured != null);
        _ = xs;

        var current = new Plot();
        var position = new Plot();
        var battery = new Plot();
        var ct = current.Add.ScatterLine(t, ma);
        ct.LegendText = "motor current, true (mA)";
        ct.LineWidth = 1.5f;
        if (measuredIdx.Length > 0)
        {
            var cm = current.Add.ScatterPoints(measuredIdx.Select(i => samples[i].TMs / 1000.0).ToArray(), measuredIdx.Select(i => (double)samples[i].MotorMilliampsMeasured!.Value).ToArray());
            cm.LegendText = "motor current, firmware measured (mA)";
            cm.MarkerSize = 3;
        }
        current.YLabel("motor current (mA)");
        var bp = position.Add.ScatterLine(t, bolt);
        bp.LegendText = "bolt extension (mm, 0 = retracted)";
        bp.LineWidth = 2;
        position.YLabel("bolt (mm)");
        position.Axes.SetLimitsY(-2, 28);
        var bt = battery.Add.ScatterLine(t, bmv);
        bt.LegendText = "battery terminal, true (V)";
        // One line per stretch with the MCU running: no reading exists while it is off (a power cut), so the line breaks
        // there rather than joining the last reading before the cut to the first after it.
        Color? readingColour = null;
        foreach (var segment in batterySegments)
        {
            var bm = battery.Add.ScatterLine(segment.Select(i => samples[i].TMs / 1000.0).ToArray(), segment.Select(i => samples[i].BatteryMillivoltsMeasured!.Value / 1000.0).ToArray());
            bm.LinePattern = LinePattern.Dashed;
            if (readingColour is Color c) bm.Color = c;
            else
            {
                bm.LegendText = "battery, firmware reading (V)";
                readingColour = bm.Color;
            }
        }
        battery.YLabel("battery (V)");
        battery.XLabel("scenario time (s)");

        foreach (var p in new[] { current, position, battery })
        {
            p.ShowLegend(Alignment.UpperRight);
            p.Axes.SetLimitsX(t[0], Math.Max(t[^1], t[0] + 1));
        }
        Markers(events, current, position, battery);

        using var surface = SkiaSharp.SKSurface.Create(new SkiaSharp.SKImageInfo(width, height));
        int h1 = height * 36 / 100, h2 = height * 32 / 100, h3 = height - h1 - h2;
        var canvas = surface.Canvas;
        canvas.Clear(SkiaSharp.SKColors.White);
        Draw(canvas, current, width, h1, 0);
        Draw(canvas, position, width, h2, h1);
        Draw(canvas, battery, width, h3, h1 + h2);
        // The title goes on the whole image, above the first panel's marker labels (ScottPlot's own title sits just above the
        // data area, where those labels are).
        using (var font = new SkiaSharp.SKFont(SkiaSharp.SKTypeface.Default, 18) { Embolden = true })
        using (var ink = new SkiaSharp.SKPaint { Color = SkiaSharp.SKColors.Black, IsAntialias = true })
        {
            canvas.DrawText(title, width / 2f, 28, SkiaSharp.SKTextAlign.Center, font, ink);
        }
        using var image = surface.Snapshot();
        using var data = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
        using var file = File.Create(path);
        data.SaveTo(file);
    }

    private static void Draw(SkiaSharp.SKCanvas canvas, Plot plot, int width, int height, int top)
    {
        // Same left margin on every panel so the time axes line up. PixelPadding is (left, right, bottom, top): room above
        // each panel for its marker labels (and the title on the first), below for the tick labels and the axis title.
        plot.Layout.Fixed(new PixelPadding(90, 30, 60, top == 0 ? 75 : 40));
        // Each panel renders to its own image (ScottPlot resets the canvas it draws on), then is placed below the last.
        byte[] png = plot.GetImageBytes(width, height, ImageFormat.Png);
        using var bitmap = SkiaSharp.SKBitmap.Decode(png);
        canvas.DrawBitmap(bitmap, 0, top);
    }

    private static void Markers(IReadOnlyList<SimEvent> events, Plot current, Plot position, Plot battery)
    {
        string? lastState = null;
        foreach (var e in events)
        {
            string? label = null;
            Color colour = Colors.Gray;
            if (e.Kind == LockEventKind.Fault) { label = "fault: " + FaultCatalogue.Name((FaultCode)e.Code); colour = Colors.Red; }
            else if (e.Kind == LockEventKind.Alarm) { label = "alarm: " + Names.Alarm((AlarmCode)e.Code); colour = Colors.DarkOrange; }
            else if (e.Kind == LockEventKind.State)
            {
                string s = Names.LockState((LockState)e.Code);
                if (s == lastState) continue;
                lastState = s;
                label = s;
                colour = Colors.SteelBlue;
            }
            if (label == null) continue;
            double x = e.TMs / 1000.0;
            // Labels go on different panels so coincident markers stay readable: faults on the current panel,
            // lock-state changes on the bolt panel, alarms on the battery panel.
            var labelled = e.Kind == LockEventKind.Fault ? current : e.Kind == LockEventKind.State ? position : battery;
            foreach (var p in new[] { current, position, battery })
            {
                var line = p.Add.VerticalLine(x);
                line.Color = colour.WithAlpha(0.7);
                line.LineWidth = 1.5f;
                line.LinePattern = LinePattern.Dashed;
                if (p == labelled)
                {
                    line.Text = label;
                    line.LabelFontSize = 12;
                    line.LabelBackgroundColor = colour.WithAlpha(0.85);
                    line.LabelFontColor = Colors.White;
                    // Horizontal, just above the panel: a label turned on end ran past the top of the image.
                    line.LabelRotation = 0;
                    line.LabelAlignment = Alignment.LowerCenter;
                    line.LabelOppositeAxis = true;
                }
            }
        }
    }

    /// <summary>The runs of consecutive <paramref name="idx"/> entries for which <paramref name="present"/> holds.</summary>
    public static List<int[]> Segments(int[] idx, Func<int, bool> present)
    {
        var segments = new List<int[]>();
        var run = new List<int>();
        foreach (int i in idx)
        {
            if (present(i)) { run.Add(i); continue; }
            if (run.Count > 0) segments.Add(run.ToArray());
            run.Clear();
        }
        if (run.Count > 0) segments.Add(run.ToArray());
        return segments;
    }

    private static (int, int[]) Decimate(IReadOnlyList<TraceSample> samples, int max)
    {
        if (samples.Count <= max) return (samples.Count, Enumerable.Range(0, samples.Count).ToArray());
        // Keep every row where something moves, thin out the quiet rows evenly.
        var keep = new List<int>();
        int quietStride = Math.Max(1, samples.Count / max);
        for (int i = 0; i < samples.Count; i++)
        {
            var s = samples[i];
            bool busy = s.MotorMilliamps > 0 || (i > 0 && s.BoltMm != samples[i - 1].BoltMm);
            if (busy || i % quietStride == 0 || i == samples.Count - 1) keep.Add(i);
        }
        return (keep.Count, keep.ToArray());
    }
}
