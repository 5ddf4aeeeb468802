using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("LockFirmware.Hal.Esp32")]
[assembly: AssemblyDescription("LockFirmware board interfaces and their ESP32 implementations for .NET nanoFramework")]
[assembly: AssemblyProduct("LockFirmware")]
[assembly: AssemblyVersion("0.1.0.0")]
[assembly: AssemblyFileVersion("0.1.0.0")]
[assembly: ComVisible(false)]
