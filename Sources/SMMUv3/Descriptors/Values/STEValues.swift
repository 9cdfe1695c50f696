/// STE.Config, bits [3:1] of word 0 (IHI 0070 §5.2).
///
/// The corresponding C field is `SMMUV3_STE_CONFIG` (IHI 0070 §5.2).
public struct Config: FieldValue {
    /// The field's bits, right-aligned.
    public let rawValue: UInt64
    /// The value whose bits are `rawValue`, reserved encodings included.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// `abort` (0b000): Abort all traffic, no event.
    public static let abort = Config(rawValue: 0b000)
    /// `bypass` (0b100): Bypass both stages.
    public static let bypass = Config(rawValue: 0b100)
    /// `s1-trans` (0b101): Stage 1 translate, stage 2 bypass.
    public static let s1Trans = Config(rawValue: 0b101)
    /// `s2-trans` (0b110): Stage 1 bypass, stage 2 translate.
    public static let s2Trans = Config(rawValue: 0b110)
    /// `nested` (0b111): Stage 1 and stage 2 translate.
    public static let nested = Config(rawValue: 0b111)
    /// Bit 0 of Config: stage 1 translates.
    public var stage1: Bool { rawValue & 0b101 == 0b101 }
    /// Bit 1 of Config: stage 2 translates.
    public var stage2: Bool { rawValue & 0b110 == 0b110 }
    /// Every encoding of the field: value, name (as `encode` takes it) and meaning, reserved ones marked.
    public static let encodings = [
        Encoding(0b000, "abort", "abort all traffic, no event"),
        Encoding(0b001, "reserved-1", "reserved, behaves as abort", reserved: true),
        Encoding(0b010, "reserved-2", "reserved, behaves as abort", reserved: true),
        Encoding(0b011, "reserved-3", "reserved, behaves as abort", reserved: true),
        Encoding(0b100, "bypass", "bypass both stages"),
        Encoding(0b101, "s1-trans", "stage 1 translate, stage 2 bypass"),
        Encoding(0b110, "s2-trans", "stage 1 bypass, stage 2 translate"),
        Encoding(0b111, "nested", "stage 1 and stage 2 translate"),
    ]
}

/// STE.S1Fmt, bits [5:4] of word 0: CD table format (IHI 0070 §5.2). Ignored when S1CDMax = 0.
///
/// The corresponding C field is `SMMUV3_STE_S1FMT` (IHI 0070 §5.2).
public struct S1Fmt: FieldValue {
    /// The field's bits, right-aligned.
    public let rawValue: UInt64
    /// The value whose bits are `rawValue`, reserved encodings included.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// `linear` (0): Linear table of 2^S1CDMax CDs.
    public static let linear = S1Fmt(rawValue: 0)
    /// `4k-l2` (1): 2-level: L1CDs indexed by SSID[S1CDMax-1:6], 4 KB leaves of 64 CDs.
    public static let twoLevel4K = S1Fmt(rawValue: 1)
    /// `64k-l2` (2): 2-level: L1CDs indexed by SSID[S1CDMax-1:10], 64 KB leaves of 1024 CDs.
    public static let twoLevel64K = S1Fmt(rawValue: 2)
    /// Every encoding of the field: value, name (as `encode` takes it) and meaning, reserved ones marked.
    public static let encodings = [
        Encoding(0, "linear", "linear table of 2^S1CDMax CDs"),
        Encoding(1, "4k-l2", "2-level: L1CDs indexed by SSID[S1CDMax-1:6], 4 KB leaves of 64 CDs"),
        Encoding(2, "64k-l2", "2-level: L1CDs indexed by SSID[S1CDMax-1:10], 64 KB leaves of 1024 CDs"),
        Encoding(3, "reserved", "reserved, behaves as linear", reserved: true),
    ]
}

/// STE.S1DSS, bits [1:0] of word 1: what traffic without a SubstreamID does when S1CDMax > 0
/// (IHI 0070 §5.2).
///
/// The corresponding C field is `SMMUV3_STE_S1DSS` (IHI 0070 §5.2).
public struct S1DSS: FieldValue {
    /// The field's bits, right-aligned.
    public let rawValue: UInt64
    /// The value whose bits are `rawValue`, reserved encodings included.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// `terminate` (0): Abort non-substream traffic, F_STREAM_DISABLED.
    public static let terminate = S1DSS(rawValue: 0)
    /// `bypass` (1): Non-substream traffic bypasses stage 1.
    public static let bypass = S1DSS(rawValue: 1)
    /// `ssid0` (2): Non-substream traffic uses the CD of SSID 0; SSID 0 traffic is terminated.
    public static let ssid0 = S1DSS(rawValue: 2)
    /// Every encoding of the field: value, name (as `encode` takes it) and meaning, reserved ones marked.
    public static let encodings = [
        Encoding(0, "terminate", "abort non-substream traffic, F_STREAM_DISABLED"),
        Encoding(1, "bypass", "non-substream traffic bypasses stage 1"),
        Encoding(2, "ssid0", "non-substream traffic uses the CD of SSID 0; SSID 0 traffic is terminated"),
        Encoding(3, "reserved", "reserved, behaves as terminate", reserved: true),
    ]
}

/// Cacheability of CD/L1CD fetches: STE.S1CIR bits [3:2] and STE.S1COR bits [5:4] of word 1
/// (IHI 0070 §5.2).
///
/// The corresponding C fields are `SMMUV3_STE_S1CIR` and `SMMUV3_STE_S1COR` (IHI 0070 §5.2).
public struct S1Cacheability: FieldValue {
    /// The field's bits, right-aligned.
    public let rawValue: UInt64
    /// The value whose bits are `rawValue`, reserved encodings included.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// `nc` (0): Normal Non-cacheable.
    public static let nonCacheable = S1Cacheability(rawValue: 0)
    /// `wb-ra` (1): Write-Back, read-allocate.
    public static let writeBackReadAllocate = S1Cacheability(rawValue: 1)
    /// `wt-ra` (2): Write-Through, read-allocate.
    public static let writeThrough = S1Cacheability(rawValue: 2)
    /// `wb` (3): Write-Back, no read-allocate.
    public static let writeBackNoReadAllocate = S1Cacheability(rawValue: 3)
    /// Every encoding of the field: value, name (as `encode` takes it) and meaning, reserved ones marked.
    public static let encodings = [
        Encoding(0, "nc", "Normal Non-cacheable"),
        Encoding(1, "wb-ra", "Write-Back, read-allocate"),
        Encoding(2, "wt-ra", "Write-Through, read-allocate"),
        Encoding(3, "wb", "Write-Back, no read-allocate"),
    ]
}

/// Shareability: STE.S1CSH [7:6] of word 1, STE.S2SH0 [45:44] of word 2, CD.SH0/SH1
/// (IHI 0070 §5.2, §5.4).
///
/// The corresponding C fields are `SMMUV3_STE_S1CSH`, `SMMUV3_STE_S2SH0`, `SMMUV3_CD_SH0` and `SMMUV3_CD_SH1` (IHI 0070 §5.2, §5.4).
public struct Shareability: FieldValue {
    /// The field's bits, right-aligned.
    public let rawValue: UInt64
    /// The value whose bits are `rawValue`, reserved encodings included.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// `nsh` (0): Non-shareable.
    public static let nonShareable = Shareability(rawValue: 0)
    /// `osh` (2): Outer Shareable.
    public static let outer = Shareability(rawValue: 2)
    /// `ish` (3): Inner Shareable.
    public static let inner = Shareability(rawValue: 3)
    /// Every encoding of the field: value, name (as `encode` takes it) and meaning, reserved ones marked.
    public static let encodings = [
        Encoding(0, "nsh", "Non-shareable"),
        Encoding(1, "reserved", "reserved, behaves as Non-shareable", reserved: true),
        Encoding(2, "osh", "Outer Shareable"),
        Encoding(3, "ish", "Inner Shareable"),
    ]
}

/// STE.EATS, bits [29:28] of word 1: PCIe ATS (IHI 0070 §5.2).
///
/// The corresponding C field is `SMMUV3_STE_EATS` (IHI 0070 §5.2).
public struct EATS: FieldValue {
    /// The field's bits, right-aligned.
    public let rawValue: UInt64
    /// The value whose bits are `rawValue`, reserved encodings included.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// `abort` (0): ATS translation requests get UR (F_BAD_ATS_TREQ).
    public static let abort = EATS(rawValue: 0)
    /// `trans` (1): Full ATS: translation through every enabled stage.
    public static let trans = EATS(rawValue: 1)
    /// `s1chk` (2): Split-stage ATS: returns the stage-1 output (needs nested, S2S=0, CR0.ATSCHK).
    public static let s1chk = EATS(rawValue: 2)
    /// `dpt` (3): Full ATS with DPT checks (SMMUv3.4 DPT).
    public static let dpt = EATS(rawValue: 3)
    /// Every encoding of the field: value, name (as `encode` takes it) and meaning, reserved ones marked.
    public static let encodings = [
        Encoding(0, "abort", "ATS translation requests get UR (F_BAD_ATS_TREQ)"),
        Encoding(1, "trans", "full ATS: translation through every enabled stage"),
        Encoding(2, "s1chk", "split-stage ATS: returns the stage-1 output (needs nested, S2S=0, CR0.ATSCHK)"),
        Encoding(3, "dpt", "full ATS with DPT checks (SMMUv3.4 DPT)"),
    ]
}

/// STE.STRW, bits [31:30] of word 1: StreamWorld of stage-1-only traffic (IHI 0070 §5.2).
///
/// The corresponding C field is `SMMUV3_STE_STRW` (IHI 0070 §5.2).
public struct STRW: FieldValue {
    /// The field's bits, right-aligned.
    public let rawValue: UInt64
    /// The value whose bits are `rawValue`, reserved encodings included.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// `el1` (0): NS-EL1 (or Secure / Realm EL1).
    public static let el1 = STRW(rawValue: 0)
    /// `el3` (1): EL3 (Secure stream table only).
    public static let el3 = STRW(rawValue: 1)
    /// `el2` (2): EL2, or EL2-E2H when CR2.E2H=1.
    public static let el2 = STRW(rawValue: 2)
    /// Every encoding of the field: value, name (as `encode` takes it) and meaning, reserved ones marked.
    public static let encodings = [
        Encoding(0, "el1", "NS-EL1 (or Secure / Realm EL1)"),
        Encoding(1, "el3", "EL3 (Secure stream table only)"),
        Encoding(2, "el2", "EL2, or EL2-E2H when CR2.E2H=1"),
        Encoding(3, "reserved", "reserved (ILLEGAL)", reserved: true),
    ]
}

/// STE.SHCFG, bits [45:44] of word 1: shareability override (IHI 0070 §5.2).
///
/// The corresponding C field is `SMMUV3_STE_SHCFG` (IHI 0070 §5.2).
public struct SHCFG: FieldValue {
    /// The field's bits, right-aligned.
    public let rawValue: UInt64
    /// The value whose bits are `rawValue`, reserved encodings included.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// `nsh` (0): Non-shareable.
    public static let nonShareable = SHCFG(rawValue: 0)
    /// `incoming` (1): Use incoming shareability.
    public static let incoming = SHCFG(rawValue: 1)
    /// `osh` (2): Outer Shareable.
    public static let outer = SHCFG(rawValue: 2)
    /// `ish` (3): Inner Shareable.
    public static let inner = SHCFG(rawValue: 3)
    /// Every encoding of the field: value, name (as `encode` takes it) and meaning, reserved ones marked.
    public static let encodings = [
        Encoding(0, "nsh", "Non-shareable"),
        Encoding(1, "incoming", "use incoming shareability"),
        Encoding(2, "osh", "Outer Shareable"),
        Encoding(3, "ish", "Inner Shareable"),
    ]
}

/// STE.NSCFG, bits [47:46] of word 1: NS attribute override, Secure/Realm streams (IHI 0070 §5.2).
///
/// The corresponding C field is `SMMUV3_STE_NSCFG` (IHI 0070 §5.2).
public struct NSCFG: FieldValue {
    /// The field's bits, right-aligned.
    public let rawValue: UInt64
    /// The value whose bits are `rawValue`, reserved encodings included.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// Every encoding of the field: value, name (as `encode` takes it) and meaning, reserved ones marked.
    public static let encodings = [
        Encoding(0, "incoming", "use incoming NS attribute"),
        Encoding(1, "reserved", "reserved, behaves as incoming", reserved: true),
        Encoding(2, "secure", "Secure (Realm for a Realm stream)"),
        Encoding(3, "non-secure", "Non-secure"),
    ]
}

/// STE.PRIVCFG, bits [49:48] of word 1: privilege override (IHI 0070 §5.2).
///
/// The corresponding C field is `SMMUV3_STE_PRIVCFG` (IHI 0070 §5.2).
public struct PRIVCFG: FieldValue {
    /// The field's bits, right-aligned.
    public let rawValue: UInt64
    /// The value whose bits are `rawValue`, reserved encodings included.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// Every encoding of the field: value, name (as `encode` takes it) and meaning, reserved ones marked.
    public static let encodings = [
        Encoding(0, "incoming", "use incoming privilege"),
        Encoding(1, "reserved", "reserved, behaves as incoming", reserved: true),
        Encoding(2, "unprivileged", "unprivileged"),
        Encoding(3, "privileged", "privileged"),
    ]
}

/// STE.INSTCFG, bits [51:50] of word 1: instruction/data override (IHI 0070 §5.2).
///
/// The corresponding C field is `SMMUV3_STE_INSTCFG` (IHI 0070 §5.2).
public struct INSTCFG: FieldValue {
    /// The field's bits, right-aligned.
    public let rawValue: UInt64
    /// The value whose bits are `rawValue`, reserved encodings included.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// Every encoding of the field: value, name (as `encode` takes it) and meaning, reserved ones marked.
    public static let encodings = [
        Encoding(0, "incoming", "use incoming instruction/data"),
        Encoding(1, "reserved", "reserved, behaves as incoming", reserved: true),
        Encoding(2, "data", "data"),
        Encoding(3, "instruction", "instruction"),
    ]
}

/// Walk cacheability: STE.S2IR0/S2OR0 (word 2), CD.IR0/OR0/IR1/OR1 (word 0), TCR encoding
/// (IHI 0070 §5.2, §5.4).
///
/// The corresponding C fields are `SMMUV3_STE_S2IR0`, `SMMUV3_STE_S2OR0`, `SMMUV3_CD_IR0`, `SMMUV3_CD_OR0`, `SMMUV3_CD_IR1` and `SMMUV3_CD_OR1` (IHI 0070 §5.2, §5.4).
public struct WalkCacheability: FieldValue {
    /// The field's bits, right-aligned.
    public let rawValue: UInt64
    /// The value whose bits are `rawValue`, reserved encodings included.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// `nc` (0): Normal Non-cacheable.
    public static let nonCacheable = WalkCacheability(rawValue: 0)
    /// `wb-wa` (1): Write-Back, read- and write-allocate.
    public static let writeBack = WalkCacheability(rawValue: 1)
    /// `wt` (2): Write-Through, read-allocate, no write-allocate.
    public static let writeThrough = WalkCacheability(rawValue: 2)
    /// `wb` (3): Write-Back, read-allocate, no write-allocate.
    public static let writeBackNoWriteAllocate = WalkCacheability(rawValue: 3)
    /// Every encoding of the field: value, name (as `encode` takes it) and meaning, reserved ones marked.
    public static let encodings = [
        Encoding(0, "nc", "Normal Non-cacheable"),
        Encoding(1, "wb-wa", "Write-Back, read- and write-allocate"),
        Encoding(2, "wt", "Write-Through, read-allocate, no write-allocate"),
        Encoding(3, "wb", "Write-Back, read-allocate, no write-allocate"),
    ]
}

/// Translation granule in the TG0 encoding: STE.S2TG [47:46] of word 2, CD.TG0 [7:6] of word 0
/// (IHI 0070 §5.2, §5.4).
///
/// The corresponding C fields are `SMMUV3_STE_S2TG`, `SMMUV3_STE_S_S2TG` and `SMMUV3_CD_TG0` (IHI 0070 §5.2, §5.4).
public struct Granule: FieldValue {
    /// The field's bits, right-aligned.
    public let rawValue: UInt64
    /// The value whose bits are `rawValue`, reserved encodings included.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// `4k` (0): 4 KB granule.
    public static let size4K = Granule(rawValue: 0)
    /// `64k` (1): 64 KB granule.
    public static let size64K = Granule(rawValue: 1)
    /// `16k` (2): 16 KB granule.
    public static let size16K = Granule(rawValue: 2)
    /// log2 of the granule size, nil for the reserved encoding.
    public var shift: Int? { [0: 12, 1: 16, 2: 14][rawValue] }
    /// Every encoding of the field: value, name (as `encode` takes it) and meaning, reserved ones marked.
    public static let encodings = [
        Encoding(0, "4k", "4 KB granule"),
        Encoding(1, "64k", "64 KB granule"),
        Encoding(2, "16k", "16 KB granule"),
        Encoding(3, "reserved", "reserved", reserved: true),
    ]
}

/// CD.TG1, bits [23:22] of word 0: TTB1 granule in the TCR.TG1 encoding (IHI 0070 §5.4).
///
/// The corresponding C field is `SMMUV3_CD_TG1` (IHI 0070 §5.4).
public struct Granule1: FieldValue {
    /// The field's bits, right-aligned.
    public let rawValue: UInt64
    /// The value whose bits are `rawValue`, reserved encodings included.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// Every encoding of the field: value, name (as `encode` takes it) and meaning, reserved ones marked.
    public static let encodings = [
        Encoding(0, "reserved", "reserved", reserved: true),
        Encoding(1, "16k", "16 KB granule"),
        Encoding(2, "4k", "4 KB granule"),
        Encoding(3, "64k", "64 KB granule"),
    ]
}

/// Output address size: STE.S2PS [50:48] of word 2, CD.IPS [34:32] of word 0 (IHI 0070 §5.2,
/// §5.4). The effective size is capped to SMMU_IDR5.OAS.
///
/// The corresponding C fields are `SMMUV3_STE_S2PS` and `SMMUV3_CD_IPS` (IHI 0070 §5.2, §5.4).
public struct AddressSize: FieldValue {
    /// The field's bits, right-aligned.
    public let rawValue: UInt64
    /// The value whose bits are `rawValue`, reserved encodings included.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// `32-bit` (0): 32-bit (4 GB).
    public static let bits32 = AddressSize(rawValue: 0)
    /// `36-bit` (1): 36-bit (64 GB).
    public static let bits36 = AddressSize(rawValue: 1)
    /// `40-bit` (2): 40-bit (1 TB).
    public static let bits40 = AddressSize(rawValue: 2)
    /// `42-bit` (3): 42-bit (4 TB).
    public static let bits42 = AddressSize(rawValue: 3)
    /// `44-bit` (4): 44-bit (16 TB).
    public static let bits44 = AddressSize(rawValue: 4)
    /// `48-bit` (5): 48-bit (256 TB).
    public static let bits48 = AddressSize(rawValue: 5)
    /// `52-bit` (6): 52-bit (4 PB), SMMUv3.1+.
    public static let bits52 = AddressSize(rawValue: 6)
    /// `56-bit` (7): 56-bit (64 PB), SMMUv3.4+.
    public static let bits56 = AddressSize(rawValue: 7)
    /// Number of address bits.
    public var bits: Int { [32, 36, 40, 42, 44, 48, 52, 56][Int(rawValue & 7)] }
    /// The encoding of a `bits`-bit address size, nil if no encoding has that many bits.
    public init?(bits: Int) {
        guard let i = [32, 36, 40, 42, 44, 48, 52, 56].firstIndex(of: bits) else { return nil }
        rawValue = UInt64(i)
    }
    /// Every encoding of the field: value, name (as `encode` takes it) and meaning, reserved ones marked.
    public static let encodings = [
        Encoding(0, "32-bit", "32-bit (4 GB)"),
        Encoding(1, "36-bit", "36-bit (64 GB)"),
        Encoding(2, "40-bit", "40-bit (1 TB)"),
        Encoding(3, "42-bit", "42-bit (4 TB)"),
        Encoding(4, "44-bit", "44-bit (16 TB)"),
        Encoding(5, "48-bit", "48-bit (256 TB)"),
        Encoding(6, "52-bit", "52-bit (4 PB), SMMUv3.1+"),
        Encoding(7, "56-bit", "56-bit (64 PB), SMMUv3.4+"),
    ]
}

/// Table format: STE.S2AA64 [51] of word 2, CD.AA64 [41] of word 0 (IHI 0070 §5.2, §5.4).
///
/// The corresponding C fields are `SMMUV3_STE_S2AA64` and `SMMUV3_CD_AA64` (IHI 0070 §5.2, §5.4).
public struct TableFormat: FieldValue {
    /// The field's bits, right-aligned.
    public let rawValue: UInt64
    /// The value whose bits are `rawValue`, reserved encodings included.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// Every encoding of the field: value, name (as `encode` takes it) and meaning, reserved ones marked.
    public static let encodings = [
        Encoding(0, "aarch32", "VMSAv8-32 LPAE (VMSAv9-128 when IDR5.D128=1)"),
        Encoding(1, "aarch64", "VMSAv8-64"),
    ]
}

/// CMD_SYNC.CS, bits [13:12] of word 0: completion signal (IHI 0070 §4.7.3).
///
/// The corresponding C field is `SMMUV3_CMD_SYNC_CS` (IHI 0070 §4.7.3).
public struct SyncCompletion: FieldValue {
    /// The field's bits, right-aligned.
    public let rawValue: UInt64
    /// The value whose bits are `rawValue`, reserved encodings included.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// `none` (0): SIG_NONE: no completion signal.
    public static let none = SyncCompletion(rawValue: 0)
    /// `irq` (1): SIG_IRQ: MSI write (or wired interrupt).
    public static let irq = SyncCompletion(rawValue: 1)
    /// `sev` (2): SIG_SEV: send event.
    public static let sev = SyncCompletion(rawValue: 2)
    /// Every encoding of the field: value, name (as `encode` takes it) and meaning, reserved ones marked.
    public static let encodings = [
        Encoding(0, "none", "SIG_NONE: no completion signal"),
        Encoding(1, "irq", "SIG_IRQ: MSI write (or wired interrupt)"),
        Encoding(2, "sev", "SIG_SEV: send event"),
        Encoding(3, "reserved", "reserved (CERROR_ILL)", reserved: true),
    ]
}

/// TLBI TG, bits [11:10] of word 1: granule of the invalidated entries (IHI 0070 §4.4).
///
/// The corresponding C fields are `SMMUV3_CMD_TLBI_NH_VA_TG` and `SMMUV3_CMD_TLBI_S2_IPA_TG` (IHI 0070 §4.4; the other range TLBIs have the same field).
public struct TLBIGranule: FieldValue {
    /// The field's bits, right-aligned.
    public let rawValue: UInt64
    /// The value whose bits are `rawValue`, reserved encodings included.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// Every encoding of the field: value, name (as `encode` takes it) and meaning, reserved ones marked.
    public static let encodings = [
        Encoding(0, "any", "any granule: no range, no TTL"),
        Encoding(1, "4k", "4 KB"),
        Encoding(2, "16k", "16 KB"),
        Encoding(3, "64k", "64 KB"),
    ]
}

/// CMD_PRI_RESP.Resp, bits [13:12] of word 1 (IHI 0070 §4.6.2).
///
/// The corresponding C field is `SMMUV3_CMD_PRI_RESP_RESP` (IHI 0070 §4.6.2).
public struct PRIResponse: FieldValue {
    /// The field's bits, right-aligned.
    public let rawValue: UInt64
    /// The value whose bits are `rawValue`, reserved encodings included.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// Every encoding of the field: value, name (as `encode` takes it) and meaning, reserved ones marked.
    public static let encodings = [
        Encoding(0, "failure", "ResponseFailure"),
        Encoding(1, "invalid", "InvalidRequest"),
        Encoding(2, "success", "Success"),
        Encoding(3, "reserved", "reserved (CERROR_ILL)", reserved: true),
    ]
}

/// Event CLASS, bits [41:40] of word 1 (IHI 0070 §7.3).
///
/// The corresponding C field is `SMMUV3_EVT_F_TRANSLATION_CLASS` (IHI 0070 §7.3; the other fault records have the same field).
public struct FaultClass: FieldValue {
    /// The field's bits, right-aligned.
    public let rawValue: UInt64
    /// The value whose bits are `rawValue`, reserved encodings included.
    public init(rawValue: UInt64) { self.rawValue = rawValue }
    /// Every encoding of the field: value, name (as `encode` takes it) and meaning, reserved ones marked.
    public static let encodings = [
        Encoding(0, "cd", "CD fetch"),
        Encoding(1, "tt", "stage-1 translation table fetch"),
        Encoding(2, "in", "input address of the transaction"),
        Encoding(3, "reserved", "reserved", reserved: true),
    ]
}
