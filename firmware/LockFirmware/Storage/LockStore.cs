using LockFirmware.Access;
using LockFirmware.Actuation;
using LockFirmware.Power;
using LockFirmware.Runtime;

namespace LockFirmware.Storage
{
    /// <summary>
    /// The lock's stored records and their encodings: codes, settings, calibration and the wrong-code
    /// throttle, each a separate power-safe record in <see cref="RecordStore"/> so that the frequent throttle
    /// writes never put codes at risk. Each save is one slot write (docs/storage.md lists writes per operation).
    /// </summary>
    public sealed class LockStore
    {
        /// <summary>Record id of the codes.</summary>
        public const int CodesRecord = 0;
        /// <summary>Record id of the settings.</summary>
        public const int SettingsRecord = 1;
        /// <summary>Record id of the calibration.</summary>
        public const int CalibrationRecord = 2;
        /// <summary>Record id of the wrong-code throttle.</summary>
        public const int ThrottleRecord = 3;
        /// <summary>
        /// Record id of the battery record (last rest voltage and swap count), so that a battery swap, which
        /// power-cycles the MCU, is still recognised after the reboot. Ids 4 (self-test scratch), 5 (console
        /// throttle) and 8-15 (log pages) are taken elsewhere.
        /// </summary>
        public const int BatteryRecord = 6;
        /// <summary>
        /// Record id of the last persisted stroke (<see cref="StrokeRecord"/> with its compact current trace), for the
        /// technician after a reboot. Written only when a stroke ends other than completed, and once when a completed
        /// stroke follows such a one (docs/actuation.md: writes per operation and flash lifetime).
        /// </summary>
        public const int StrokeRecordId = 7;
        /// <summary>
        /// Record id of the deep-sleep record: what the firmware's RAM held that the next start needs (lock state,
        /// counters, wall clock, the battery gauge), written just before each deep sleep and read on a deep-sleep wake.
        /// A console reboot writes its wall-clock part too (LockController.RebootRecordMark), read by the start after the
        /// software reset. About 30 writes a day (operations and hourly wakes); LittleFS spreads them over the
        /// partition's free blocks.
        /// </summary>
        public const int SleepRecord = 16;
        /// <summary>
        /// Record id of the faults kept across a power loss (Diagnosis.FaultCatalogue.KeptAcrossRestart, with the
        /// suspect limit switches): written only when that set of active faults changes, read at every start that is
        /// not a deep-sleep wake.
        /// </summary>
        public const int FaultsRecord = 17;
        /// <summary>
        /// Record id of the technician credential, kept apart from the codes record (which still holds its copy, as the
        /// firmware before wrote it) so that a codes record whose two copies are both damaged does not take the console
        /// login with it: without the login nobody could re-enter the codes. Written when the credential differs from the
        /// stored one (provisioning, and once at the first start of a flash written before this record existed), never per
        /// code change. Old or new after a cut, as every record (<see cref="RecordStore"/>).
        /// </summary>
        public const int TechnicianRecord = 18;
        /// <summary>Format version of every record written by this firmware.</summary>
        public const int Version = 1;

        private readonly RecordStore _store;
        private readonly ByteWriter _writer = new ByteWriter();
        private readonly ByteReader _reader = new ByteReader();
        private bool _resetPending;

        /// <summary>Creates the store.</summary>
        public LockStore(RecordStore store)
        {
            _store = store;
        }

        /// <summary>The underlying record store.</summary>
        public RecordStore Records { get { return _store; } }

        /// <summary>Saves the codes.</summary>
        public bool SaveCodes(Credentials c)
        {
            return SaveCodes(c, false);
        }

        /// <summary>
        /// Saves the codes; <paramref name="resetPending"/> marks them as the first write of a factory reset whose settings
        /// and calibration writes are still to come (appended byte; records written before it load as "no reset pending").
        /// The codes record is the reset's commit point: a start that finds the mark finishes the reset
        /// (<see cref="ResetPending"/>), so a power cut between the reset's writes never leaves a mix of new codes and old
        /// settings.
        /// </summary>
        public bool SaveCodes(Credentials c, bool resetPending)
        {
            Begin();
            _writer.Text(c.MasterForStorage());
            _writer.Text(c.TechnicianForStorage());
            _writer.Byte(Credentials.MaxUsers);
            for (int i = 0; i < Credentials.MaxUsers; i++) _writer.Text(c.UserForStorage(i));
            _writer.Byte(resetPending ? 1 : 0);
            return End(CodesRecord);
        }

        /// <summary>True when the last <see cref="LoadCodes"/> found a factory reset whose later writes may not have happened.</summary>
        public bool ResetPending { get { return _resetPending; } }

        /// <summary>Loads the codes into <paramref name="c"/> (untouched unless <see cref="LoadResult.Loaded"/>).</summary>
        public LoadResult LoadCodes(Credentials c)
        {
            LoadResult r = Open(CodesRecord);
            if (r != LoadResult.Loaded) return r;
            string master = _reader.Text();
            string technician = _reader.Text();
            int users = _reader.Byte();
            if (_reader.Overrun || users != Credentials.MaxUsers) return LoadResult.Corrupt;
            string[] codes = new string[users];
            for (int i = 0; i < users; i++) codes[i] = _reader.Text();
            int pending = _reader.Remaining > 0 ? _reader.Byte() : 0;
            if (_reader.Overrun || pending > 1) return LoadResult.Corrupt;
            _resetPending = pending == 1;
            c.Clear();
            if (master != null && master.Length > 0) c.SetMaster(master);
            if (technician != null && technician.Length > 0) c.RestoreTechnician(technician);
            for (int i = 0; i < users; i++) c.SetUser(i, codes[i]);
            return LoadResult.Loaded;
        }

        /// <summary>Saves the technician credential alone (<see cref="TechnicianRecord"/>); false when none is set.</summary>
        public bool SaveTechnician(Credentials c)
        {
            string technician = c.TechnicianForStorage();
            if (technician.Length == 0) return false;
            Begin();
            _writer.Text(technician);
            return End(TechnicianRecord);
        }

        /// <summary>
        /// Loads the technician credential into <paramref name="c"/> (untouched unless <see cref="LoadResult.Loaded"/>); a
        /// record whose credential fails the format check is <see cref="LoadResult.Corrupt"/>. Empty on a board whose storage
        /// has no slots for it.
        /// </summary>
        public LoadResult LoadTechnician(Credentials c)
        {
            LoadResult r = Open(TechnicianRecord);
            if (r != LoadResult.Loaded) return r;
            string technician = _reader.Text();
            if (_reader.Overrun || _reader.Remaining != 0 || technician == null) return LoadResult.Corrupt;
            return c.RestoreTechnician(technician) == null ? LoadResult.Loaded : LoadResult.Corrupt;
        }

        /// <summary>True when the storage has slots for the technician record (a smaller board keeps it in the codes record only).</summary>
        public bool HasTechnicianRecord { get { return _store.Holds(TechnicianRecord); } }

        /// <summary>Saves the settings.</summary>
        public bool SaveSettings(LockSettings s)
        {
            Begin();
            _writer.Int32(s.AutoRelockMs);
            _writer.Byte((int)s.Mode);
            _writer.UInt16(s.VolumePermille);
            _writer.UInt16(s.LedBrightnessPermille);
            _writer.UInt16(s.AdcGainPermille);
            _writer.Int32(s.DoorAjarMs);
            _writer.Byte((int)s.BatteryChemistry);
            return End(SettingsRecord);
        }

        /// <summary>Loads the settings.</summary>
        public LoadResult LoadSettings(LockSettings s)
        {
            LoadResult r = Open(SettingsRecord);
            if (r != LoadResult.Loaded) return r;
            int relock = _reader.Int32();
            int mode = _reader.Byte();
            int volume = _reader.UInt16();
            int led = _reader.UInt16();
            int gain = _reader.UInt16();
            int ajar = _reader.Int32();
            // The chemistry byte came later: a record written before it ends here and means "detect".
            int chemistry = _reader.Remaining > 0 ? _reader.Byte() : (int)CellChemistry.Unknown;
            if (_reader.Overrun || chemistry < (int)CellChemistry.Unknown || chemistry > (int)CellChemistry.Nimh) return LoadResult.Corrupt;
            s.AutoRelockMs = relock;
            s.Mode = (OperatingMode)mode;
            s.VolumePermille = volume;
            s.LedBrightnessPermille = led;
            s.AdcGainPermille = gain;
            s.DoorAjarMs = ajar;
            s.BatteryChemistry = (CellChemistry)chemistry;
            return LoadResult.Loaded;
        }

        /// <summary>Saves the calibration.</summary>
        public bool SaveCalibration(Calibration c)
        {
            Begin();
            _writer.Byte(c.Valid ? 1 : 0);
            for (int d = 0; d < 2; d++)
            {
                _writer.Int32(c.StrokeMs[d]);
                _writer.Int32(c.FullStrokeEmfMvMs[d]);
                _writer.Int32(c.RunningMilliamps[d]);
            }
            _writer.Int32(c.MotorMilliohms);
            _writer.Int32(c.StrikeFaceTenthsMm);
            _writer.Int32(c.BatteryMillivolts);
            _writer.Int32(c.ReferenceMilliohms);
            for (int d = 0; d < 2; d++)
            {
                _writer.Int32(c.ReferenceMilliamps[d]);
                _writer.Int32(c.ReferenceMotorMillivolts[d]);
                _writer.Int32(c.ReferenceStrokeMs[d]);
            }
            _writer.Byte(c.ReedSeenWorking ? 1 : 0);
            _writer.Int32(c.ReferenceExtendMotorMvMs);
            _writer.Int32(c.ReferenceExtendMilliampMs);
            _writer.Int32(c.PositionMilliohms);
            _writer.Int32(c.ReferenceWarmthPermille);
            _writer.Int32(c.ReferenceCurrentPermille);
            return End(CalibrationRecord);
        }

        /// <summary>Loads the calibration.</summary>
        public LoadResult LoadCalibration(Calibration c)
        {
            LoadResult r = Open(CalibrationRecord);
            if (r != LoadResult.Loaded) return r;
            bool valid = _reader.Byte() == 1;
            int s0 = _reader.Int32(), e0 = _reader.Int32(), r0 = _reader.Int32();
            int s1 = _reader.Int32(), e1 = _reader.Int32(), r1 = _reader.Int32();
            int ohms = _reader.Int32();
            int strike = _reader.Int32();
            int battery = _reader.Int32();
            int reference = _reader.Int32();
            // Appended later: a calibration stored before has no assessment reference (0: the assessor falls back).
            bool hasReference = _reader.Remaining >= 24;
            int a0 = hasReference ? _reader.Int32() : 0;
            int v0 = hasReference ? _reader.Int32() : 0;
            int t0 = hasReference ? _reader.Int32() : 0;
            int a1 = hasReference ? _reader.Int32() : 0;
            int v1 = hasReference ? _reader.Int32() : 0;
            int t1 = hasReference ? _reader.Int32() : 0;
            // Appended later still: a record without it has not seen the reed move.
            int reed = _reader.Remaining > 0 ? _reader.Byte() : 0;
            // Appended later again: the calibration extend's motor voltage and current integrals (0 = none: the end-stop
            // check uses the learned scale as before).
            bool hasIntegrals = _reader.Remaining >= 8;
            int extendMv = hasIntegrals ? _reader.Int32() : 0;
            int extendMa = hasIntegrals ? _reader.Int32() : 0;
            // Appended later again: the position estimate's resistance (0 = none: the estimate starts from the stored blend).
            int position = _reader.Remaining >= 4 ? _reader.Int32() : 0;
            // Appended later again: where the reference sits on the first calibration's scale (1000 = on it: a record from
            // before was learned against nothing earlier). Outside what a run can carry it is damage: back on the run's own scale.
            bool hasWarmth = _reader.Remaining >= 8;
            int warmth = hasWarmth ? _reader.Int32() : 1000;
            int currentScale = hasWarmth ? _reader.Int32() : 1000;
            if (warmth < Calibration.MinScalePermille || warmth > Calibration.MaxScalePermille || currentScale < Calibration.MinScalePermille || currentScale > Calibration.MaxScalePermille) { warmth = 1000; currentScale = 1000; }
            if (_reader.Overrun || reed > 1) return LoadResult.Corrupt;
            // The stroke times and the winding resistance are divisors (the uncalibrated position estimate, the stall
            // prediction V/R): values no calibration writes (a stroke time of 0 or less, a resistance outside the clamp a
            // calibration run applies) are a damaged record, not a calibration, whatever its checksum says (a record with a
            // valid CRC around a zero resistance divided by zero at the next stroke: HostileHardwareTests).
            if (s0 <= 0 || s1 <= 0 || ohms < Calibration.MinMotorMilliohms || ohms > Calibration.MaxMotorMilliohms) return LoadResult.Corrupt;
            if (extendMv < 0 || extendMa < 0) { extendMv = 0; extendMa = 0; }
            if (position < ActuationTuning.MinMotorMilliohms || position > ActuationTuning.MaxMotorMilliohms) position = 0;
            c.Valid = valid;
            c.StrokeMs[0] = s0; c.FullStrokeEmfMvMs[0] = e0; c.RunningMilliamps[0] = r0;
            c.StrokeMs[1] = s1; c.FullStrokeEmfMvMs[1] = e1; c.RunningMilliamps[1] = r1;
            c.MotorMilliohms = ohms;
            c.StrikeFaceTenthsMm = strike;
            c.BatteryMillivolts = battery;
            c.ReferenceMilliohms = reference;
            c.ReferenceMilliamps[0] = a0; c.ReferenceMotorMillivolts[0] = v0; c.ReferenceStrokeMs[0] = t0;
            c.ReferenceMilliamps[1] = a1; c.ReferenceMotorMillivolts[1] = v1; c.ReferenceStrokeMs[1] = t1;
            c.ReedSeenWorking = reed == 1;
            c.ReferenceExtendMotorMvMs = extendMv;
            c.ReferenceExtendMilliampMs = extendMa;
            c.PositionMilliohms = position;
            c.ReferenceWarmthPermille = warmth;
            c.ReferenceCurrentPermille = currentScale;
            return LoadResult.Loaded;
        }

        /// <summary>Saves the wrong-code throttle.</summary>
        public bool SaveThrottle(int wrongCount, int lockoutLevel, int lockoutRemainingMs)
        {
            Begin();
            _writer.Byte(wrongCount);
            _writer.Byte(lockoutLevel);
            _writer.Int32(lockoutRemainingMs);
            return End(ThrottleRecord);
        }

        /// <summary>Loads the wrong-code throttle.</summary>
        public LoadResult LoadThrottle(out int wrongCount, out int lockoutLevel, out int lockoutRemainingMs)
        {
            wrongCount = 0;
            lockoutLevel = 0;
            lockoutRemainingMs = 0;
            LoadResult r = Open(ThrottleRecord);
            if (r != LoadResult.Loaded) return r;
            wrongCount = _reader.Byte();
            lockoutLevel = _reader.Byte();
            lockoutRemainingMs = _reader.Int32();
            return _reader.Overrun ? LoadResult.Corrupt : LoadResult.Loaded;
        }

        /// <summary>
        /// Saves the battery record: the last rest voltage (mV), the swaps counted so far, the chemistry in use
        /// (BatteryEstimator.ChemistryCode) and the pack resistance the gauge uses (milliohms, 0 = not measured).
        /// </summary>
        public bool SaveBattery(int restMillivolts, int swaps, int chemistryCode, int packMilliohms)
        {
            Begin();
            _writer.Int32(restMillivolts);
            _writer.Int32(swaps);
            _writer.Byte(chemistryCode);
            _writer.Int32(packMilliohms);
            return End(BatteryRecord);
        }

        /// <summary>
        /// Loads the battery record (all 0 unless <see cref="LoadResult.Loaded"/>). A record written before the chemistry
        /// byte or the resistance were added loads with those 0 (none stored: the setting decides, the guard measures).
        /// </summary>
        public LoadResult LoadBattery(out int restMillivolts, out int swaps, out int chemistryCode, out int packMilliohms)
        {
            restMillivolts = 0;
            swaps = 0;
            chemistryCode = 0;
            packMilliohms = 0;
            LoadResult r = Open(BatteryRecord);
            if (r != LoadResult.Loaded) return r;
            int rest = _reader.Int32();
            int count = _reader.Int32();
            int code = _reader.Remaining > 0 ? _reader.Byte() : 0;
            int pack = _reader.Remaining > 0 ? _reader.Int32() : 0;
            if (_reader.Overrun || count < 0 || pack < 0 || !LockFirmware.Power.BatteryEstimator.ValidChemistryCode(code)) return LoadResult.Corrupt;
            restMillivolts = rest;
            swaps = count;
            chemistryCode = code;
            packMilliohms = pack;
            return LoadResult.Loaded;
        }

        /// <summary>Saves <paramref name="r"/>: its summary fields and its current trace (one byte per sample).</summary>
        public bool SaveStroke(StrokeRecord r)
        {
            Begin();
            _writer.Byte((int)r.Direction);
            _writer.Byte((int)r.Source);
            _writer.Byte((int)r.End);
            _writer.Byte(r.Attempts);
            _writer.Byte(r.DoorClosed ? 1 : 0);
            _writer.Byte(r.LimitContradicted ? 1 : 0);
            _writer.Int32(r.DurationMs);
            _writer.Int32(r.AttemptMs);
            _writer.Int32(r.PeakMilliamps);
            _writer.Int32(r.MeanMilliamps);
            _writer.Int32(r.RunningMilliamps);
            _writer.Int32(r.MinBatteryMillivolts);
            _writer.Int32(r.RestBatteryMillivolts);
            _writer.Int32(r.EnergyMillijoules);
            _writer.Int32(r.StallEnergyMillijoules);
            _writer.Int32(r.StopTenthsMm);
            _writer.Int32(r.StallToCutMs);
            _writer.Int32(r.MotorMilliohms);
            int n = IntMath.Clamp(r.TraceLength, 0, StrokeRecord.TraceCapacity);
            _writer.UInt16(n);
            for (int i = 0; i < n; i++) _writer.Byte(r.Trace[i]);
            return End(StrokeRecordId);
        }

        /// <summary>Loads the persisted stroke into <paramref name="r"/> (untouched unless <see cref="LoadResult.Loaded"/>).</summary>
        public LoadResult LoadStroke(StrokeRecord r)
        {
            LoadResult result = Open(StrokeRecordId);
            if (result != LoadResult.Loaded) return result;
            int direction = _reader.Byte(), source = _reader.Byte(), end = _reader.Byte(), attempts = _reader.Byte();
            int door = _reader.Byte(), contradicted = _reader.Byte();
            int duration = _reader.Int32(), attempt = _reader.Int32(), peak = _reader.Int32(), mean = _reader.Int32();
            int running = _reader.Int32(), minBattery = _reader.Int32(), restBattery = _reader.Int32(), energy = _reader.Int32();
            int stallEnergy = _reader.Int32(), stop = _reader.Int32(), stallToCut = _reader.Int32(), milliohms = _reader.Int32();
            int n = _reader.UInt16();
            if (_reader.Overrun || n > StrokeRecord.TraceCapacity || direction > 1) return LoadResult.Corrupt;
            r.Reset(0, (StrokeDirection)direction, (OperationSource)source);
            for (int i = 0; i < n; i++) r.Trace[i] = (byte)_reader.Byte();
            if (_reader.Overrun) return LoadResult.Corrupt;
            r.TraceLength = n;
            r.End = (StrokeEnd)end;
            r.Attempts = attempts;
            r.DoorClosed = door == 1;
            r.LimitContradicted = contradicted == 1;
            r.DurationMs = duration;
            r.AttemptMs = attempt;
            r.PeakMilliamps = peak;
            r.MeanMilliamps = mean;
            r.RunningMilliamps = running;
            r.MinBatteryMillivolts = minBattery;
            r.RestBatteryMillivolts = restBattery;
            r.EnergyMillijoules = energy;
            r.StallEnergyMillijoules = stallEnergy;
            r.StopTenthsMm = stop;
            r.StallToCutMs = stallToCut;
            r.MotorMilliohms = milliohms;
            return LoadResult.Loaded;
        }

        /// <summary>Starts a free-form record (<see cref="SleepRecord"/>, <see cref="FaultsRecord"/>): fill the writer, then <see cref="SaveRaw"/>.</summary>
        public ByteWriter BeginRaw()
        {
            Begin();
            return _writer;
        }

        /// <summary>Writes the record filled through <see cref="BeginRaw"/> as <paramref name="recordId"/>.</summary>
        public bool SaveRaw(int recordId)
        {
            return End(recordId);
        }

        /// <summary>Loads free-form record <paramref name="recordId"/>; on <see cref="LoadResult.Loaded"/> <paramref name="reader"/> is positioned at its start.</summary>
        public LoadResult LoadRaw(int recordId, out ByteReader reader)
        {
            reader = _reader;
            return Open(recordId);
        }

        /// <summary>Loads record <paramref name="recordId"/>; when it loaded, the reader is positioned at its payload.</summary>
        private LoadResult Open(int recordId)
        {
            int len;
            LoadResult r = _store.Load(recordId, Version, out len);
            if (r == LoadResult.Loaded) _reader.Reset(_store.Buffer, RecordStore.HeaderBytes, RecordStore.HeaderBytes + len);
            return r;
        }

        private void Begin()
        {
            _writer.Reset(_store.Buffer, RecordStore.HeaderBytes);
        }

        private bool End(int id)
        {
            if (_writer.Overflow) return false;
            return _store.Save(id, Version, _writer.Position - RecordStore.HeaderBytes);
        }
    }
}
