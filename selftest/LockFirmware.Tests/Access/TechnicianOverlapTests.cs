using LockFirmware.Access;
using LockFirmware.Simulator.Board;
using LockFirmware.Storage;
using Xunit;

namespace LockFirmware.Tests.Access;

/// <summary>
/// Security audit: the technician credential may not overlap the master code. SetTechnician checked the user codes only,
/// so a unit could be provisioned with the master code equal to the technician credential (the owner's keypad code then
/// logs in on the console, and the technician's credential opens the door at the keypad).
/// </summary>
public class TechnicianOverlapTests
{
    [Theory]
    [InlineData("87654321", "87654321")] [InlineData("246813", "24681357")] [InlineData("681357", "24681357")]
    public void A_technician_credential_overlapping_the_master_code_is_refused(string master, string technician)
    {
        var c = new Credentials();
        Assert.Null(c.SetMaster(master));
        Assert.NotNull(c.SetTechnician(technician));
        Assert.False(c.HasTechnician);
    }

    [Fact]
    public void A_unit_stored_with_an_overlapping_pair_keeps_its_console_login_after_a_restart()
    {
        // Written by firmware that did not refuse the pair: a restart must not lose the technician credential.
        var flash = new SimStorage();
        var store = new LockStore(new RecordStore(flash));
        // The master equal to the technician credential, as the old rules let it be provisioned.
        var old = new Credentials();
        Assert.Null(old.SetMaster("87654321"));
        Assert.Null(old.RestoreTechnician("87654321"));
        Assert.True(store.SaveCodes(old));
        var loaded = new Credentials();
        Assert.Equal(LoadResult.Loaded, new LockStore(new RecordStore(flash)).LoadCodes(loaded));
        Assert.True(loaded.HasTechnician);
        Assert.True(loaded.MatchesTechnician("87654321"));
        Assert.True(loaded.HasMaster);
    }
}
