// Test data: declarations (no implementations) of the nanoFramework package members the device layer uses.
// See README.md beside this file for where each signature was read. Not compiled into the test assembly.
#pragma warning disable CS0067, CS1591
namespace System
{
    public static class Environment
    {
        public static long TickCount64 { get { return 0; } }
    }
}

namespace System.Device.Gpio
{
    public enum PinMode { Input, InputPullDown, InputPullUp, Output, OutputOpenDrain, OutputOpenDrainPullUp, OutputOpenSource, OutputOpenSourcePullDown }

    [Flags]
    public enum PinEventTypes { None = 0, Rising = 1, Falling = 2 }

    public readonly struct PinValue
    {
        private readonly byte _value;
        private PinValue(byte value) { _value = value; }
        public static PinValue High { get { return new PinValue(1); } }
        public static PinValue Low { get { return new PinValue(0); } }
        public static bool operator ==(PinValue a, PinValue b) { return a._value == b._value; }
        public static bool operator !=(PinValue a, PinValue b) { return a._value != b._value; }
        public override bool Equals(object obj) { return obj is PinValue && ((PinValue)obj)._value == _value; }
        public override int GetHashCode() { return _value; }
    }

    public class PinValueChangedEventArgs : EventArgs
    {
        public PinValueChangedEventArgs(PinEventTypes changeType, int pinNumber) { }
        public PinEventTypes ChangeType { get { return PinEventTypes.None; } }
        public int PinNumber { get { return 0; } }
    }

    public delegate void PinValueChangedEventHandler(object sender, PinValueChangedEventArgs e);

    public sealed class GpioPin : IDisposable
    {
        private GpioPin() { }
        public int PinNumber { get { return 0; } }
        public PinValue Read() { return PinValue.Low; }
        public void Write(PinValue value) { }
        public void SetPinMode(PinMode value) { }
        public PinMode GetPinMode() { return PinMode.Input; }
        public void Toggle() { }
        public event PinValueChangedEventHandler ValueChanged;
        public void Dispose() { }
    }

    public sealed class GpioController : IDisposable
    {
        public GpioController() { }
        public GpioPin OpenPin(int pinNumber) { return null; }
        public GpioPin OpenPin(int pinNumber, PinMode mode) { return null; }
        public void ClosePin(int pinNumber) { }
        public void Dispose() { }
    }
}

namespace System.Device.Adc
{
    public class AdcChannel : IDisposable
    {
        private AdcChannel() { }
        public int ReadValue() { return 0; }
        public double ReadRatio() { return 0; }
        public void Dispose() { }
    }

    public class AdcController
    {
        public AdcController() { }
        public int ChannelCount { get { return 0; } }
        public int MaxValue { get { return 0; } }
        public int MinValue { get { return 0; } }
        public int ResolutionInBits { get { return 0; } }
        public AdcChannel OpenChannel(int channelNumber) { return null; }
    }
}

namespace System.Device.Pwm
{
    public sealed class PwmChannel : IDisposable
    {
        private PwmChannel() { }
        public int Frequency { get { return 0; } set { } }
        public double DutyCycle { get { return 0; } set { } }
        public void Start() { }
        public void Stop() { }
        public static PwmChannel CreateFromPin(int pin, int frequency = 400, double dutyCyclePercentage = 0.5) { return null; }
        public void Dispose() { }
    }
}

namespace nanoFramework.Hardware.Esp32
{
    // Only the members used; the real enum has many more (I2C, SPI, ADC, ...), with values computed from device types.
    public enum DeviceFunction { COM2_TX = 1, COM2_RX = 2, PWM1 = 3, PWM2 = 4, PWM3 = 5, PWM4 = 6, PWM5 = 7 }

    public class Configuration
    {
        public static void SetPinFunction(int pin, DeviceFunction value) { }
        public static int GetFunctionPin(DeviceFunction function) { return -1; }
    }

    public enum EspNativeError : int { OK = 0, FAIL = -1, NO_MEM = 0x101, INVALID_ARG = 0x102, INVALID_STATE = 0x103, INVALID_SIZE = 0x104, NOT_FOUND = 0x105, NOT_SUPPORTED = 0x106, TIMEOUT = 0x107, INVALID_RESPONSE = 0x108, INVALID_CRC = 0x109, INVALID_VERSION = 0x10A, INVALID_MAC = 0x10B, WIFI_BASE = 0x3000 }

    public class Sleep
    {
        public enum WakeupMode { AllLow = 0, AnyHigh = 1 }
        public enum WakeupCause { Undefined = 0, Ext0 = 2, Ext1, Timer, TouchPad, Ulp, Gpio, Uart, Wifi, CoCpu, CoCpuTrapTrig, Bt }
        [System.Flags]
        public enum WakeupGpioPin : ulong
        {
            None = 0, Pin0 = 1, Pin2 = (ulong)1 << 2, Pin4 = (ulong)1 << 4, Pin12 = (ulong)1 << 12, Pin13 = (ulong)1 << 13,
            Pin14 = (ulong)1 << 14, Pin15 = (ulong)1 << 15, Pin25 = (ulong)1 << 25, Pin26 = (ulong)1 << 26, Pin27 = (ulong)1 << 27,
            Pin32 = (ulong)1 << 32, Pin33 = (ulong)1 << 33, Pin34 = (ulong)1 << 34, Pin35 = (ulong)1 << 35, Pin36 = (ulong)1 << 36,
            Pin37 = (ulong)1 << 37, Pin38 = (ulong)1 << 38, Pin39 = (ulong)1 << 39
        }
        public static EspNativeError EnableWakeupByTimer(System.TimeSpan time) { return EspNativeError.OK; }
        public static EspNativeError EnableWakeupByPin(WakeupGpioPin pin, int level) { return EspNativeError.OK; }
        public static EspNativeError EnableWakeupByMultiPins(WakeupGpioPin pins, WakeupMode mode) { return EspNativeError.OK; }
        public static EspNativeError StartLightSleep() { return EspNativeError.OK; }
        public static void StartDeepSleep() { }
        public static WakeupCause GetWakeupCause() { return WakeupCause.Undefined; }
        public static WakeupGpioPin GetWakeupGpioPin() { return WakeupGpioPin.None; }
    }
}

namespace nanoFramework.Runtime.Native
{
    public enum RebootOption { NormalReboot = 0, EnterNanoBooter = 1, ClrOnly = 2, EnterProprietaryBooter = 8 }

    public class Power
    {
        public static void RebootDevice(RebootOption rebootOption = RebootOption.NormalReboot) { }
        public static void RebootDevice(int exeConstraintTimeout, RebootOption rebootOption = RebootOption.NormalReboot) { }
    }
}

namespace System.IO
{
    public enum FileMode { CreateNew = 1, Create = 2, Open = 3, OpenOrCreate = 4, Truncate = 5, Append = 6 }

    public enum FileAccess { Read = 1, Write = 2, ReadWrite = 3 }

    public abstract class Stream : MarshalByRefObject, IDisposable
    {
        public abstract bool CanRead { get; }
        public abstract bool CanWrite { get; }
        public abstract void Flush();
        public abstract int Read(byte[] buffer, int offset, int count);
        public abstract void Write(byte[] buffer, int offset, int count);
        public virtual void WriteByte(byte value) { }
        public virtual void Close() { }
        public void Dispose() { }
    }

    public class FileStream : Stream
    {
        public FileStream(string path, FileMode mode) { }
        public FileStream(string path, FileMode mode, FileAccess access) { }
        public override bool CanRead { get { return false; } }
        public override bool CanWrite { get { return false; } }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) { return 0; }
        public override void Write(byte[] buffer, int offset, int count) { }
    }

    public static class File
    {
        public static bool Exists(string path) { return false; }
        public static void Delete(string path) { }
    }
}

namespace System.IO.Ports
{
    public enum Parity { None = 0, Odd = 1, Even = 2 }

    public enum StopBits { One = 1, Two = 2, OnePointFive = 3 }

    public class SerialDataReceivedEventArgs : EventArgs
    {
    }

    public delegate void SerialDataReceivedEventHandler(object sender, SerialDataReceivedEventArgs e);

    public sealed class SerialPort : IDisposable
    {
        public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One) { }
        public int ReadTimeout { get { return 0; } set { } }
        public int WriteTimeout { get { return 0; } set { } }
        public int BytesToRead { get { return 0; } }
        public bool IsOpen { get { return false; } }
        public void Open() { }
        public void Close() { }
        public int Read(byte[] buffer, int offset, int count) { return 0; }
        public void Write(byte[] buffer, int offset, int count) { }
        public event SerialDataReceivedEventHandler DataReceived;
        public void Dispose() { }
    }
}
