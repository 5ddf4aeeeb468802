using LockFirmware.Simulator.Engine;
using LockFirmware.Simulator.Plant;

namespace LockFirmware.Tests.Diagnosis;

/// <summary>A locked lock whose bolt friction doubles at 1 s, taken through one code unlock and one "#" lock.</summary>
internal static class StiffActuatorLock
{
    /// <summary>The simulated lock at 20 s, after the cycle that names <c>stiff_actuator</c>.</summary>
    public static SimulatedLock AfterOneCycle()
    {
        var sim = new SimulatedLock(new SimOptions { StartLocked = true });
        sim.At(1000, () => sim.Plant.Inject(PlantFault.StiffActuator(2.0)));
        sim.TypeKeys(2000, "123456#");
        sim.TypeKeys(12000, "#");
        sim.RunUntil(20000);
        return sim;
    }
}
