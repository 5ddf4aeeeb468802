using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("LockFirmware.Device")]
[assembly: AssemblyDescription("LockFirmware application for the ESP32 reference board on .NET nanoFramework")]
[assembly: AssemblyProduct("LockFirmware")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
[assembly: ComVisible(false)]
