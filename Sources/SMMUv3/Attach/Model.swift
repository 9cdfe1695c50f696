/// SMMU features a scenario sets (SMMU_IDR0/1 and CR2 facts the flows depend on).
public struct SMMUFeatures: Sendable, Hashable {
    /// StreamID bits, SMMU_IDR1.SIDSIZE (IHI 0070 §6.3.2): the stream table covers 2^sidBits StreamIDs.
    public var sidBits = 16
    /// SubstreamID bits, SMMU_IDR1.SSIDSIZE (IHI 0070 §6.3.2).
    public var ssidBits = 20
    /// A 2-level stream table (SMMU_IDR0.ST_LEVEL=0b01) rather than a linear one (IHI 0070 §6.3.1).
    public var twoLevelStreamTable = true
    /// PCIe ATS supported, SMMU_IDR0.ATS (IHI 0070 §6.3.1).
    public var ats = false
    /// Stall supported: SMMU_IDR0.STALL_MODEL=0b00 (or 0b10 with `stallForce`); without it 0b01
    /// (terminate only).
    public var stall = false
    /// Stall forced: SMMU_IDR0.STALL_MODEL=0b10 (every stage-1 context stalls: CD.S must be 1,
    /// STE.S2S must be 1, STE.S1STALLD must be 0). Implies `stall`.
    public var stallForce = false
    /// SMMU_CR2.E2H=1 (IHI 0070 §6.3.12): EL2 streams use STRW=EL2 and the EL2 TLBI commands.
    public var e2h = false
    /// STE attribute overrides, SMMU_IDR1.ATTR_TYPES_OVR (IHI 0070 §6.3.2): the STEs the flows
    /// write get SHCFG=incoming, as Linux writes them.
    public var attrOverride = false
    /// 2-level CD tables, SMMU_IDR0.CD2L (IHI 0070 §6.3.1): used for masters with more than 10 SSID bits.
    public var cd2l = true
    /// Where the SMMU's ASIDs and VMIDs come from.
    public var idPolicy = IDPolicy.named
    /// Run the plans of several entries of one kind in lockstep, one CMD_SYNC per step for all
    /// of them (`order=lockstep`); false keeps the driver's order.
    public var lockstep = false
    /// Stage 1 / stage 2 translation (SMMU_IDR0.S1P / S2P).
    public var stage1 = true
    /// Stage 2 translation, SMMU_IDR0.S2P (IHI 0070 §6.3.1).
    public var stage2 = true
    /// ASID and VMID widths: 16, or 8 (SMMU_IDR0.ASID16 / VMID16 = 0).
    public var asidBits = 16
    /// VMID width: 16, or 8 when SMMU_IDR0.VMID16=0 (IHI 0070 §6.3.1).
    public var vmidBits = 16
    /// Translation granules in KB (SMMU_IDR5.GRAN4K / GRAN16K / GRAN64K).
    public var granules: Set<Int> = [4, 16, 64]
    /// Output address size in bits (SMMU_IDR5.OAS): 32, 36, 40, 42, 44, 48 or 52.
    public var oas = 48
    /// Range invalidation (SMMU_IDR3.RIL): TLBI by range (TG, TTL, NUM, SCALE).
    public var ril = false
    /// A 16-bit-StreamID SMMU with both stages, 2-level tables and every granule; no ATS, stall or E2H.
    public init() {}

    /// SMMU_IDR5.OAS encodings (§6.3.6), by size in bits.
    public static let oasEncodings: [Int: UInt64] = [32: 0, 36: 1, 40: 2, 42: 3, 44: 4, 48: 5, 52: 6]

    /// SMMU_IDR0.STALL_MODEL (§6.3.1): 0b00 stall and terminate, 0b01 terminate only, 0b10
    /// stall forced.
    public var stallModel: UInt64 { stallForce ? 0b10 : stall ? 0b00 : 0b01 }

    /// Stall can be used on this SMMU (Linux's ARM_SMMU_FEAT_STALLS: STALL_MODEL 0b00 or 0b10).
    public var stallSupported: Bool { stall || stallForce }

    /// SMMU_IDR0 of this SMMU (§6.3.1): TTF=0b10 (AArch64 tables), COHACC, Hyp, MSI; S2P,
    /// S1P, ATS, ASID16, VMID16, CD2L, STALL_MODEL, ST_LEVEL (0b01: 2-level stream tables) as
    /// declared; the rest 0 (no HTTU, BTM, PRI, ATOS; mixed-endian tables).
    public var idr0: UInt64 {
        var r: UInt64 = 0b10 << 2 | 1 << 4 | 1 << 9 | 1 << 13
        if stage2 { r |= 1 << 0 }
        if stage1 { r |= 1 << 1 }
        if asidBits == 16 { r |= 1 << 12 }
        if vmidBits == 16 { r |= 1 << 18 }
        if ats { r |= 1 << 10 }
        if cd2l { r |= 1 << 19 }
        r |= stallModel << 24
        if twoLevelStreamTable { r |= 0b01 << 27 }
        return r
    }

    /// SMMU_IDR1 (§6.3.2): SIDSIZE, SSIDSIZE; CMDQS and EVENTQS 8 (the fabric's 256-entry
    /// queue); ATTR_TYPES_OVR and ATTR_PERMS_OVR with `attrOverride`.
    public var idr1: UInt64 {
        var r = UInt64(sidBits & 0x3f) | UInt64(ssidBits & 0x1f) << 6 | 8 << 16 | 8 << 21
        if attrOverride { r |= 1 << 26 | 1 << 27 }
        return r
    }

    /// SMMU_IDR3 (§6.3.4): RIL as declared; none of the optional stage-1/stage-2 extensions.
    public var idr3: UInt64 { ril ? 1 << 10 : 0 }

    /// SMMU_IDR5 (§6.3.6): OAS and GRAN4K/16K/64K as declared, VAX=0 (48-bit VAs).
    public var idr5: UInt64 {
        var r = Self.oasEncodings[oas] ?? 0b101
        if granules.contains(4) { r |= 1 << 4 }
        if granules.contains(16) { r |= 1 << 5 }
        if granules.contains(64) { r |= 1 << 6 }
        return r
    }

    /// SMMU_AIDR (§6.3.8): an SMMUv3.1 (ArchMinorRev=1).
    public var aidr: UInt64 { 0x01 }

    /// SMMU_CR2 (§6.3.12): E2H as declared.
    public var cr2: UInt64 { e2h ? 1 : 0 }

    /// The decoder's view of this SMMU, read from the register values above: what the planner
    /// and the entry writer judge the fabric's STEs and CDs against.
    public var model: Features { Features(idr0: idr0, idr1: idr1, idr3: idr3, idr5: idr5, aidr: aidr, cr2: cr2) }
}

/// Where a domain's ASID or VMID on an SMMU comes from.
public enum IDPolicy: String, Sendable, Hashable, CaseIterable {
    /// The domain names its ID (`asid=` / `vmid=`), the same on every SMMU; `set-asid` rewrites
    /// every slot (the upstream SSID-tracking thread's scenario). The default.
    case named
    /// Linux's mainline driver: ASIDs come from one pool shared by every SMMU with this policy
    /// (`arm_smmu_asid_xa`), VMIDs from the SMMU's own pool (`smmu->vmid_map`); an ID is taken
    /// at the domain's first attach (the lowest free from 1, or the domain's `asid=`/`vmid=` if
    /// that is free), never changes (`set-asid` is refused), and is freed, after its TLBI, when
    /// the domain's last slot goes.
    case global
    /// The direction in upstream review: each SMMU allocates its own IDs; a domain keeps the ID
    /// it has elsewhere (or names) where that is free on the SMMU, and gets the SMMU's lowest
    /// free ID where it is taken; every invalidation uses each SMMU's own ID.
    case perSMMU = "per-smmu"
}

/// A domain: what a master (or one of its PASIDs) is attached to.
public enum DomainKind: Sendable, Hashable, CustomStringConvertible {
    /// A stage-1 paging domain: a CD with this ASID and TTB0 (IHI 0070 §5.4).
    case s1(asid: UInt64, ttb0: UInt64)
    /// A stage-2 domain: an STE with this S2VMID and S2TTB (IHI 0070 §5.2).
    case s2(vmid: UInt64, vttbr: UInt64)
    /// A process address space shared with the CPU: a CD with ASET=0 (IHI 0070 §5.4).
    case sva(asid: UInt64, ttb0: UInt64)
    /// Bypass: an STE with Config=bypass (IHI 0070 §5.2).
    case identity
    /// Abort: an STE with Config=abort (IHI 0070 §5.2).
    case blocked
    /// A guest's stage 1 nested on a stage-2 parent (Linux's nested domain): the
    /// STE is Config=nested with the parent's stage 2 and VMID, the guest's CD table (an IPA:
    /// `cdTable`, 2^`s1cdmax` CDs, linear), EATS=trans if `ats` was requested (and the master
    /// has ATS). Attached at the RID only.
    case nested(parent: String, cdTable: UInt64, s1cdmax: Int, ats: Bool)

    /// The domain as a scenario names it, e.g. `s1 asid=1 ttb0=0x…`.
    public var description: String {
        switch self {
        case let .s1(a, t): "s1 asid=\(a) ttb0=\(hex(t))"
        case let .s2(v, t): "s2 vmid=\(v) vttbr=\(hex(t))"
        case let .sva(a, t): "sva asid=\(a) ttb0=\(hex(t))"
        case .identity: "identity"
        case .blocked: "blocked"
        case let .nested(p, t, n, a): "nested parent=\(p) cdtable=\(hex(t)) s1cdmax=\(n)\(a ? " ats" : "")"
        }
    }

    /// Stage-1 domains live in CDs; the others only in the STE.
    public var usesCD: Bool {
        switch self {
        case .s1, .sva: true
        default: false
        }
    }
}

/// One place a domain is installed: (SMMU, master, SSID). SSID 0 is the RID.
public struct Attachment: Sendable, Hashable, CustomStringConvertible {
    /// The SMMU's name.
    public let smmu: String
    /// The master's name.
    public let master: String
    /// The SubstreamID; 0 is the RID (the STE, or the CD of SSID 0).
    public let ssid: UInt32
    /// `(smmu, master, ssid N)`.
    public var description: String { "(\(smmu), \(master), ssid \(ssid))" }
}

/// Why a flow or a scenario line was refused. Nothing changed.
public struct FlowError: Error, Equatable, CustomStringConvertible {
    /// What was refused and why.
    public let message: String
    /// An error with message `m`.
    public init(_ m: String) { message = m }
    /// The message.
    public var description: String { message }
}
