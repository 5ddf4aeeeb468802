using LockFirmware.Diagnosis;
using Xunit;

namespace LockFirmware.Tests.Diagnosis;

public class FaultCodesDocTests
{
    private static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "LockFirmware.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return Path.Combine(dir!.FullName, relative);
    }

    private static List<string[]> FaultRows()
    {
        var rows = new List<string[]>();
        bool inTable = false;
        foreach (string line in File.ReadAllLines(RepoFile("docs/fault-codes.md")))
        {
            if (line.StartsWith("| Number | Name |")) { inTable = true; continue; }
            if (!inTable) continue;
            if (!line.StartsWith("|")) break;
            if (line.StartsWith("|---")) continue;
            rows.Add(line.Trim('|').Split('|').Select(c => c.Trim()).ToArray());
        }
        return rows;
    }

    [Fact]
    public void Fault_code_table_matches_the_catalogue_exactly()
    {
        var rows = FaultRows();
        Assert.Equal(FaultCatalogue.Count, rows.Count);
        for (int i = 0; i < FaultCatalogue.Count; i++)
        {
            var code = (FaultCode)i;
            string[] row = rows[i];
            Assert.Equal(FaultCatalogue.Number(code).ToString(), row[0]);
            Assert.Equal("`" + FaultCatalogue.Name(code) + "`", row[1]);
            Assert.Equal(FaultCatalogue.Severity(code).ToString().ToLowerInvariant(), row[2]);
            int n = FaultCatalogue.Number(code);
            Assert.Equal($"{n / 10} long + {n % 10} short red", row[3]);
            Assert.Equal(FaultCatalogue.Remedy(code), row[6]);
            Assert.StartsWith(FaultCatalogue.RemedyStep(code) + " (", row[7]);
        }
    }

    [Fact]
    public void Every_fault_number_is_unique_and_two_digit()
    {
        var numbers = Enumerable.Range(0, FaultCatalogue.Count).Select(i => FaultCatalogue.Number((FaultCode)i)).ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.All(numbers, n => Assert.InRange(n, 11, 99));
        Assert.All(numbers, n => Assert.NotEqual(0, n % 10));
    }
}
