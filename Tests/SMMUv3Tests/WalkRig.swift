@testable import SMMUv3

/// A stream table, a CD table and page tables on one bus map, for walker and page-table
/// tests. Everything is built with the producer's code; the walker reads it back.
final class WalkRig {
    static let mair: UInt64 = 0xf404_ff44   // attr 0 NC, 1 WB-RWA, 2 Device-nGnRE, 3 INC-OWB
    let map = BusMap(.fixedBase(0x8000_0000))
    let log = UpdateLog()
    var st: StreamTable
    var cds: CDTable
    var s1: PageTable
    var s2: PageTable

    init(twoLevel: Bool = false, log2Size: Int = 8, cdFormat: S1Fmt = .linear, s1cdmax: Int = 4,
         vaBits: Int = 48, ipaBits: Int = 40) throws {
        st = twoLevel ? try StreamTable(twoLevel: log2Size, split: 6, map: map, log: log)
                      : try StreamTable(linear: log2Size, map: map, log: log)
        cds = try CDTable(cdFormat, s1cdmax: s1cdmax, streamIDs: [1], map: map, log: log)
        s1 = try PageTable(stage: .stage1, inputBits: vaBits, map: map, log: log)
        s2 = try PageTable(stage: .stage2, inputBits: ipaBits, map: map, log: log)
    }

    func stage1CD(asid: UInt64 = 1, ips: AddressSize = .bits48, stall: Bool = false) throws -> CD {
        var tcr = s1.translationControl
        tcr.ips = ips
        return try CD.stage1(asid: asid, ttb0: s1.rootBus, tcr: tcr, mair: Self.mair, stall: stall)
    }

    /// A stage-1 STE for `sid` pointing at the CD table.
    func attachStage1(sid: UInt32 = 1, ssids: [UInt32] = [0], s1dss: S1DSS = .ssid0, stall: Bool = false) throws {
        for s in ssids {
            try cds.ensure(s) { _ in }
            try cds.install(s, try stage1CD(asid: UInt64(s) + 1, stall: stall)) { _ in }
        }
        var o = Stage1Options()
        o.s1dss = s1dss
        try st.install(sid, try STE.stage1(cds.ref, o)) { _ in }
    }

    func attachStage2(sid: UInt32 = 2, vmid: UInt64 = 1) throws {
        try st.install(sid, try STE.stage2(s2.stage2Config(vmid: vmid))) { _ in }
    }

    var walker: Walker<LiveMemory> {
        Walker(memory: LiveMemory(map), strtabBase: st.strtabBase, strtabBaseCfg: st.strtabBaseCfg)
    }

    func walk(_ sid: UInt32, _ iova: UInt64, ssid: UInt32? = nil, _ access: Transaction.Access = .read,
              privileged: Bool = false) -> Walk {
        walker.walk(Transaction(sid: sid, ssid: ssid, iova: iova, access: access, privileged: privileged))
    }

    /// Every table as a saved image would hold it.
    func image() throws -> TableImage {
        var img = TableImage(st, cdTables: [cds.segments()])
        for s in s1.segments() + s2.segments() { try img.add(.init(bus: s.bus, bytes: s.bytes)) }
        return img
    }

    /// Every valid descriptor in every table page of `pt` (to prove nothing stale is left).
    static func validDescriptors(_ pt: borrowing PageTable) -> [(bus: UInt64, value: UInt64)] {
        var out: [(UInt64, UInt64)] = []
        for seg in pt.segments() {
            for i in 0..<(seg.bytes.count / 8) {
                let v = (0..<8).reduce(UInt64(0)) { $0 | UInt64(seg.bytes[i * 8 + $1]) << (8 * $1) }
                if v & 1 == 1 { out.append((seg.bus + UInt64(i * 8), v)) }
            }
        }
        return out
    }
}

extension Walk {
    /// A field of the event record, by the spec's name.
    func field(_ name: String) -> UInt64? { event?[name] }
}
