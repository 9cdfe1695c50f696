import CSMMUv3
import Foundation
import SMMUv3

/// QEMU's `virt` machine with `iommu=smmuv3` as ../shared/qemu/README.md measured it: the
/// memory map, the guest-RAM areas the harness keeps for itself, and the command line.
public enum VirtMap {
    /// Guest RAM (`-m 2G`): 0x4000_0000 up to 0xc000_0000, so the fabric's default bus
    /// addresses (0x8000_0000 upward) are guest RAM.
    public static let ramBase: UInt64 = 0x4000_0000
    /// The guest RAM size, 2 GB.
    public static let ramSize: UInt64 = 2 << 30
    /// The first address past guest RAM.
    public static var ramEnd: UInt64 { ramBase + ramSize }
    /// The SMMUv3 register frame (page 1 at +0x10000).
    public static let smmuBase: UInt64 = 0x0905_0000
    /// PCIe ECAM: config space of bus B, devfn D at ecam + (B << 20 | D << 12).
    public static let ecam: UInt64 = 0x3f00_0000
    /// Where edu BAR0s go (the PCI MMIO window), 1 MB apart.
    public static let barBase: UInt64 = 0x1000_0000
    /// The top 16 MB of guest RAM is the harness's: queues and DMA scratch. Tables live below.
    public static let harnessBase: UInt64 = 0xbf00_0000
    /// The guest-RAM address of the command queue the harness drives.
    public static let commandQueue: UInt64 = 0xbff0_0000
    /// The guest-RAM address of the event queue the harness reads.
    public static let eventQueue: UInt64 = 0xbff1_0000
    /// One 4 KB page per edu device, for loading its buffer at bring-up.
    public static let scratch: UInt64 = 0xbf00_0000
    /// Where the fabric's tables start (its default `BusMap` base).
    public static let tableBase: UInt64 = 0x8000_0000
}

/// The SMMU's register offsets, from the project's own `include/smmuv3/regs.h`.
enum Reg {
    static let idr0 = UInt64(SMMUV3_OFF_IDR0), idr1 = UInt64(SMMUV3_OFF_IDR1), idr3 = UInt64(SMMUV3_OFF_IDR3)
    static let idr5 = UInt64(SMMUV3_OFF_IDR5), aidr = UInt64(SMMUV3_OFF_AIDR)
    static let cr0 = UInt64(SMMUV3_OFF_CR0), cr0ack = UInt64(SMMUV3_OFF_CR0ACK), cr1 = UInt64(SMMUV3_OFF_CR1)
    static let cr2 = UInt64(SMMUV3_OFF_CR2)
    static let gerror = UInt64(SMMUV3_OFF_GERROR), gerrorn = UInt64(SMMUV3_OFF_GERRORN)
    static let strtabBase = UInt64(SMMUV3_OFF_STRTAB_BASE), strtabBaseCfg = UInt64(SMMUV3_OFF_STRTAB_BASE_CFG)
    static let cmdqBase = UInt64(SMMUV3_OFF_CMDQ_BASE), cmdqProd = UInt64(SMMUV3_OFF_CMDQ_PROD)
    static let cmdqCons = UInt64(SMMUV3_OFF_CMDQ_CONS)
    static let eventqBase = UInt64(SMMUV3_OFF_EVENTQ_BASE), eventqProd = UInt64(SMMUV3_OFF_EVENTQ_PROD)
    static let eventqCons = UInt64(SMMUV3_OFF_EVENTQ_CONS)
    /// CR0 bits (IHI 0070 §6.3.9).
    static let smmuen = UInt32(1) << UInt32(SMMUV3_CR0_SMMUEN_LO)
    static let eventqen = UInt32(1) << UInt32(SMMUV3_CR0_EVENTQEN_LO)
    static let cmdqen = UInt32(1) << UInt32(SMMUV3_CR0_CMDQEN_LO)
    /// GERROR.CMDQ_ERR (§6.3.15).
    static let cmdqErr = UInt32(1) << UInt32(SMMUV3_GERROR_CMDQ_ERR_LO)
}

/// The ID registers QEMU's SMMU reports, read at bring-up: what the script may ask for.
public struct QEMUSMMUIDs: Sendable, Hashable {
    /// The raw SMMU_IDR0, IDR1, IDR3, IDR5 and AIDR (IHI 0070 §6.3.1, §6.3.2, §6.3.4, §6.3.6, §6.3.8).
    public let idr0: UInt32, idr1: UInt32, idr3: UInt32, idr5: UInt32, aidr: UInt32
    /// The registers as read.
    public init(idr0: UInt32, idr1: UInt32, idr3: UInt32, idr5: UInt32, aidr: UInt32) {
        self.idr0 = idr0
        self.idr1 = idr1
        self.idr3 = idr3
        self.idr5 = idr5
        self.aidr = aidr
    }
    func field(_ raw: UInt32, _ hi: Int, _ lo: Int) -> UInt32 { (raw >> UInt32(lo)) & UInt32((UInt64(1) << UInt64(hi - lo + 1)) - 1) }
    /// SMMU_IDR0.S1P: stage 1 translation supported (IHI 0070 §6.3.1).
    public var s1p: Bool { field(idr0, SMMUV3_IDR0_S1P_HI, SMMUV3_IDR0_S1P_LO) == 1 }
    /// SMMU_IDR0.S2P: stage 2 translation supported (IHI 0070 §6.3.1).
    public var s2p: Bool { field(idr0, SMMUV3_IDR0_S2P_HI, SMMUV3_IDR0_S2P_LO) == 1 }
    /// SMMU_IDR0.ATS: PCIe ATS supported (IHI 0070 §6.3.1).
    public var ats: Bool { field(idr0, SMMUV3_IDR0_ATS_HI, SMMUV3_IDR0_ATS_LO) == 1 }
    /// SMMU_IDR0.CD2L: 2-level CD tables supported (IHI 0070 §6.3.1).
    public var cd2l: Bool { field(idr0, SMMUV3_IDR0_CD2L_HI, SMMUV3_IDR0_CD2L_LO) == 1 }
    /// SMMU_IDR0.Hyp: hypervisor stage 1 contexts supported (IHI 0070 §6.3.1).
    public var hyp: Bool { field(idr0, SMMUV3_IDR0_HYP_HI, SMMUV3_IDR0_HYP_LO) == 1 }
    /// SMMU_IDR0.STALL_MODEL: 0 stall and terminate, 1 terminate only, 2 stall forced (IHI 0070 §6.3.1).
    public var stallModel: UInt32 { field(idr0, SMMUV3_IDR0_STALL_MODEL_HI, SMMUV3_IDR0_STALL_MODEL_LO) }
    /// SMMU_IDR0.ST_LEVEL: 0 linear stream tables only, 1 also 2-level (IHI 0070 §6.3.1).
    public var stLevel: UInt32 { field(idr0, SMMUV3_IDR0_ST_LEVEL_HI, SMMUV3_IDR0_ST_LEVEL_LO) }
    /// SMMU_IDR1.SIDSIZE: StreamID bits (IHI 0070 §6.3.2).
    public var sidSize: Int { Int(field(idr1, SMMUV3_IDR1_SIDSIZE_HI, SMMUV3_IDR1_SIDSIZE_LO)) }
    /// SMMU_IDR1.SSIDSIZE: SubstreamID bits (IHI 0070 §6.3.2).
    public var ssidSize: Int { Int(field(idr1, SMMUV3_IDR1_SSIDSIZE_HI, SMMUV3_IDR1_SSIDSIZE_LO)) }
    /// SMMU_IDR1.CMDQS: log2 of the largest command queue (IHI 0070 §6.3.2).
    public var cmdqs: Int { Int(field(idr1, SMMUV3_IDR1_CMDQS_HI, SMMUV3_IDR1_CMDQS_LO)) }
    /// SMMU_IDR1.EVENTQS: log2 of the largest event queue (IHI 0070 §6.3.2).
    public var eventqs: Int { Int(field(idr1, SMMUV3_IDR1_EVENTQS_HI, SMMUV3_IDR1_EVENTQS_LO)) }
    /// The project's feature set for decoding against this SMMU.
    public var features: Features {
        Features(idr0: UInt64(idr0), idr1: UInt64(idr1), idr3: UInt64(idr3), idr5: UInt64(idr5), aidr: UInt64(aidr), cr2: 0)
    }
    /// The five registers in hex, one line.
    public var description: String {
        "IDR0=\(hex32(idr0)) IDR1=\(hex32(idr1)) IDR3=\(hex32(idr3)) IDR5=\(hex32(idr5)) AIDR=\(hex32(aidr))"
    }
}

func hex32(_ v: UInt32) -> String {
    let s = String(v, radix: 16)
    return "0x" + String(repeating: "0", count: max(0, 8 - s.count)) + s
}

/// Where a StreamID's edu device sits: StreamID = requester ID = bus << 8 | devfn. On the root
/// bus (0x08-0xff) the device sits at that devfn; on bus N > 0 it sits behind a
/// `pcie-root-port` whose secondary bus the harness numbers N, which has only device 0 (so
/// functions 0-7: StreamIDs N<<8 | 0-7).
public struct EduPlacement: Sendable, Hashable {
    /// The StreamID, which is the device's PCI requester ID.
    public let sid: UInt32
    /// The PCI bus number, StreamID bits [15:8].
    public var bus: UInt32 { sid >> 8 }
    /// The device and function, StreamID bits [7:0].
    public var devfn: UInt32 { sid & 0xff }
    /// `addr=SS.F` for `-device edu`.
    public var addr: String { String(format: "%02x.%x", devfn >> 3, devfn & 7) }

    /// The placement, or why the StreamID cannot have an edu device.
    public static func place(_ sid: UInt32) -> Result<EduPlacement, QEMUError> {
        let p = EduPlacement(sid: sid)
        if sid > 0xffff {
            return .failure(.unsupported("StreamID \(hexa(UInt64(sid))) is wider than a PCI requester ID (16 bits)"))
        }
        if p.bus == 0 && p.devfn < 8 {
            return .failure(.unsupported("StreamID \(hexa(UInt64(sid))) is devfn 00.\(sid) of the root bus, where the host bridge sits: use 0x08-0xff"))
        }
        if p.bus > 0 && p.devfn >> 3 != 0 {
            return .failure(.unsupported("StreamID \(hexa(UInt64(sid))) is device \(p.devfn >> 3) on bus \(p.bus): the harness reaches bus \(p.bus) through a PCIe root port, whose secondary bus has only device 0 (StreamIDs \(hexa(UInt64(p.bus << 8)))-\(hexa(UInt64(p.bus << 8 | 7))))"))
        }
        return .success(p)
    }
}

/// A `pcie-root-port` on the root bus whose secondary (and subordinate) bus is `bus`.
public struct RootPort: Sendable, Hashable {
    /// The root port's secondary bus.
    public let bus: UInt32
    /// Its own devfn on the root bus.
    public let devfn: UInt32
    /// The `-device` id QEMU knows it by: `rpN`.
    public var id: String { "rp\(bus)" }
    /// A root port at `devfn` of the root bus for bus `bus`.
    public init(bus: UInt32, devfn: UInt32) {
        self.bus = bus
        self.devfn = devfn
    }
}

/// What to start.
public struct MachineConfig: Sendable {
    /// The path of `qemu-system-aarch64`.
    public var qemu: String
    /// StreamIDs that get an edu device (root bus).
    public var eduSIDs: [UInt32] = []
    /// Keep `-d guest_errors,unimp` and the smmuv3 trace in this directory.
    public var logDirectory: String?
    /// A machine to start with `qemu`, an edu device per StreamID in `eduSIDs`.
    public init(qemu: String, eduSIDs: [UInt32] = [], logDirectory: String? = nil) {
        self.qemu = qemu
        self.eduSIDs = eduSIDs
        self.logDirectory = logDirectory
    }

    /// The root ports for the buses the edu devices need, each at the highest free slot of
    /// the root bus (function 0), or why they do not fit.
    public var rootPorts: Result<[RootPort], QEMUError> {
        let placed = eduSIDs.map { EduPlacement(sid: $0) }
        var used = Set(placed.filter { $0.bus == 0 }.map { $0.devfn >> 3 })
        var ports: [RootPort] = []
        for bus in Set(placed.map(\.bus)).filter({ $0 > 0 }).sorted() {
            guard let slot = (1...0x1f).reversed().first(where: { !used.contains(UInt32($0)) }) else {
                return .failure(.unsupported("no free root-bus slot for a PCIe root port to bus \(bus)"))
            }
            used.insert(UInt32(slot))
            ports.append(RootPort(bus: bus, devfn: UInt32(slot) << 3))
        }
        return .success(ports)
    }

    /// The command line (../shared/qemu/README.md, "Command line that works", with -m 2G).
    public var arguments: [String] {
        var a = ["-M", "virt,iommu=smmuv3,highmem=off", "-cpu", "cortex-a57",
                 "-global", "cortex-a57-arm-cpu.start-powered-off=on",
                 "-m", "2G", "-nodefaults", "-display", "none",
                 "-qtest", "stdio", "-qtest-log", "/dev/null"]
        for (i, rp) in ((try? rootPorts.get()) ?? []).enumerated() {
            a += ["-device", "pcie-root-port,id=\(rp.id),bus=pcie.0,addr=\(String(format: "%02x.0", rp.devfn >> 3)),chassis=\(i + 1),slot=\(i + 1)"]
        }
        let wanted = eduSIDs.map { EduPlacement(sid: $0) }
        // QEMU hides functions 1-7 of a device whose function 0 is absent: add a plain edu there.
        let fillers = Set(wanted.filter { $0.devfn & 7 != 0 }.map { $0.sid & ~7 })
            .subtracting(wanted.map(\.sid)).sorted().map { EduPlacement(sid: $0) }
        let placed = fillers + wanted
        let slots = Dictionary(grouping: placed, by: { $0.sid >> 3 })   // (bus, device)
        for p in placed {
            // Function 0 of a device that has other functions is a multifunction device.
            let multi = p.devfn & 7 == 0 && (slots[p.sid >> 3]?.count ?? 0) > 1
            let bus = p.bus == 0 ? "" : "bus=rp\(p.bus),"
            a += ["-device", "edu,\(bus)addr=\(p.addr),dma_mask=0xffffffffffffffff" + (multi ? ",multifunction=on" : "")]
        }
        if let d = logDirectory {
            a += ["-d", "guest_errors,unimp", "-D", "\(d)/qemu.log", "-trace", "smmuv3_*", "-trace", "smmu_*"]
        }
        return a
    }
}
