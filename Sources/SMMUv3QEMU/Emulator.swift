import Foundation
import SMMUv3

/// A `dma MASTER [sid=S] [ssid=N] iova=A read|write [len=N]` line (the scenario syntax), which
/// `emulate` performs with the master's edu device.
public struct DMALine: Sendable, Hashable {
    /// The 1-based script line; 0 when not from a script.
    public let line: Int
    /// The master whose edu device performs the DMA.
    public let master: String
    /// The StreamID, nil for the master's first.
    public let sid: UInt32?
    /// The SubstreamID, nil for none.
    public let ssid: UInt32?
    /// The address the device issues.
    public let iova: UInt64
    /// True for a DMA into memory, false for one from memory.
    public let write: Bool
    /// The length in bytes (4 by default).
    public let length: Int

    /// A DMA line.
    public init(line: Int = 0, master: String, sid: UInt32? = nil, ssid: UInt32? = nil, iova: UInt64, write: Bool, length: Int = 4) {
        self.line = line
        self.master = master
        self.sid = sid
        self.ssid = ssid
        self.iova = iova
        self.write = write
        self.length = length
    }

    static func parse(_ t: [String], line: Int) throws(QEMUError) -> DMALine {
        var master: String?, sid: UInt32?, ssid: UInt32?, iova: UInt64?, dir: Bool?, len = 4
        func num(_ k: String, _ v: String) throws(QEMUError) -> UInt64 {
            guard let n = WordInput.parseNumber(v) else { throw .unsupported("line \(line): \(k)=\(v) is not a number") }
            return n
        }
        for w in t.dropFirst() {
            if let eq = w.firstIndex(of: "=") {
                let k = String(w[..<eq]), v = String(w[w.index(after: eq)...])
                switch k {
                case "sid": sid = UInt32(clamping: try num(k, v))
                case "ssid": ssid = UInt32(clamping: try num(k, v))
                case "iova": iova = try num(k, v)
                case "len": len = Int(clamping: try num(k, v))
                default: throw .unsupported("line \(line): unknown option '\(k)=' for dma")
                }
            } else if w == "read" || w == "write" {
                dir = w == "write"
            } else if master == nil {
                master = w
            } else {
                throw .unsupported("line \(line): unknown word '\(w)' for dma")
            }
        }
        guard let m = master, let a = iova, let d = dir else {
            throw .unsupported("line \(line): dma needs MASTER, iova= and read or write")
        }
        return DMALine(line: line, master: m, sid: sid, ssid: ssid, iova: a, write: d, length: len)
    }
}

/// What the project predicts for a DMA, and what QEMU did.
public enum DMAOutcome: Sendable, Hashable {
    /// Delivered to physical address `pa`.
    case delivered(pa: UInt64)
    /// Terminated with an event record.
    case fault(DecodedEvent)
    /// Terminated without an event record.
    case terminated
    /// The project cannot predict this yet (stage 1 and stage 2 need the walker).
    case notYet(String)

    /// One JSON object: `result` and the PA, event or reason.
    public var json: String {
        switch self {
        case let .delivered(pa): "{\"result\":\"delivered\",\"pa\":\"\(hexa(pa))\"}"
        case let .fault(e): "{\"result\":\"fault\",\"event\":\(e.json)}"
        case .terminated: "{\"result\":\"terminated\"}"
        case let .notYet(why): "{\"result\":\"not-yet\",\"why\":\"\(why)\"}"
        }
    }

    /// One line: `delivered pa=…`, `fault …`, `terminated` or `not yet: …`.
    public var text: String {
        switch self {
        case let .delivered(pa): "delivered pa=\(hexa(pa))"
        case let .fault(e): "fault \(e)"
        case .terminated: "terminated"
        case let .notYet(why): "not yet: \(why)"
        }
    }

    /// Same result kind, and for a fault the same record type and StreamID; nil when the
    /// expectation is `notYet`.
    public func matches(_ o: DMAOutcome) -> Bool? {
        switch (self, o) {
        case (.notYet, _): nil
        case let (.delivered(a), .delivered(b)): a == b
        case let (.fault(a), .fault(b)): a.type == b.type && a.sid == b.sid
        case (.terminated, .terminated): true
        default: false
        }
    }
}

/// One thing `emulate` reports, in order.
public enum EmulateEvent: Sendable {
    /// A line's flow events, as `replay` prints them.
    case step(Scenario.Step)
    /// A `dma` line: the project's prediction and what QEMU did.
    case dma(DMALine, sid: UInt32, expected: DMAOutcome, observed: DMAOutcome)
    /// An event record QEMU wrote that no DMA explains, after the given line.
    case event(line: Int, DecodedEvent)
    /// QEMU stopped its command queue after this line (recovered, then continued).
    case queueStop(line: Int, CommandQueueStop)
    /// QEMU dropped event records (EVENTQ_PROD.OVFLG toggled).
    case overflow(line: Int)
    /// The traffic DMAs performed while `line` was replayed, right after `after` (a store or a
    /// CMD_SYNC) reached QEMU.
    case traffic(line: Int, after: String, [TrafficResult])
}

/// DMAs performed between every store and every CMD_SYNC a range of lines replays into QEMU:
/// each must show the translation from before the line or the one after it.
public struct Traffic: Sendable {
    /// The DMAs to perform at every point.
    public var dmas: [DMALine]
    /// Script lines (1-based) during which the traffic runs.
    public var lines: ClosedRange<Int>
    /// Traffic of `dmas` during `lines`.
    public init(dmas: [DMALine], lines: ClosedRange<Int>) {
        self.dmas = dmas
        self.lines = lines
    }
}

/// One traffic DMA: the prediction before and after the line being replayed, and what QEMU did.
public struct TrafficResult: Sendable {
    /// The DMA performed.
    public let dma: DMALine
    /// The StreamID it carried.
    public let sid: UInt32
    /// The prediction with the tables as they were before the line.
    public let old: DMAOutcome
    /// The prediction with the tables as they are after the line.
    public let new: DMAOutcome
    /// What QEMU did.
    public let observed: DMAOutcome
    /// The observed outcome is the old translation's or the new one's.
    public var ok: Bool { old.matches(observed) == true || new.matches(observed) == true }
}

/// Runs a scenario script on a fabric whose tables live in QEMU's guest RAM: every line as
/// `replay` runs it, its stores and commands replayed into QEMU in order, every `dma` line
/// performed by an edu device.
public final class Emulator {
    /// The QEMU machine the tables live in.
    public let machine: QEMUMachine
    /// The scenario SMMU QEMU's SMMU plays.
    public let smmu: String
    let tables: GuestTables
    let fabric: Fabric
    let masters: [String: (smmu: String, sids: [UInt32])]
    var programmed = false
    var memoryTagCounter: UInt32 = 0

    /// The script's shape, read before anything runs: its SMMUs (with their options) and masters.
    public struct Shape: Sendable {
        /// The `smmu` lines: names and options, in order.
        public var smmus: [(name: String, options: [String: String])] = []
        /// The `master` lines: each master's SMMU and StreamIDs.
        public var masters: [String: (smmu: String, sids: [UInt32])] = [:]
        /// The `domain` lines: names and kinds, in order.
        public var domainKinds: [(name: String, kind: String)] = []
        /// The `dma` lines by line number.
        public var dmas: [Int: DMALine] = [:]
        /// The PA ranges of the script's `map` lines: where a DMA's tag is looked for when it is
        /// not at the predicted PA.
        public var mapped: [(pa: UInt64, size: UInt64)] = []
    }

    /// Split a script: the `dma` lines (which `emulate` performs) and the shape of the rest.
    public static func shape(of text: String) throws(QEMUError) -> Shape {
        var s = Shape()
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let t = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard let head = t.first else { continue }
            var opts: [String: String] = [:]
            for w in t.dropFirst() {
                if let eq = w.firstIndex(of: "=") { opts[String(w[..<eq])] = String(w[w.index(after: eq)...]) }
            }
            switch head {
            case "smmu" where t.count > 1: s.smmus.append((t[1], opts))
            case "master" where t.count > 1:
                let sids = (opts["sids"] ?? "").split(separator: ",").compactMap { WordInput.parseNumber(String($0)) }.map { UInt32(truncatingIfNeeded: $0) }
                s.masters[t[1]] = (opts["smmu"] ?? "", sids)
            case "domain" where t.count > 2: s.domainKinds.append((t[1], t[2]))
            case "dma": s.dmas[i + 1] = try DMALine.parse(t, line: i + 1)
            case "map":
                if let pa = opts["pa"].flatMap(WordInput.parseNumber), let size = opts["size"].flatMap(WordInput.parseNumber) {
                    s.mapped.append((pa, size))
                }
            default: break
            }
        }
        return s
    }

    /// Refuse what QEMU's SMMU cannot do, naming the register value that says so.
    public static func check(_ shape: Shape, smmu: String, ids: QEMUSMMUIDs) throws(QEMUError) {
        guard let decl = shape.smmus.first(where: { $0.name == smmu })?.options else {
            throw .unsupported("the script declares no smmu \(smmu)")
        }
        let sidBits = decl["sid-bits"].flatMap { Int($0) } ?? 16
        let ssidBits = decl["ssid-bits"].flatMap { Int($0) } ?? 20
        let idr0 = "SMMU_IDR0=\(hex32(ids.idr0))", idr1 = "SMMU_IDR1=\(hex32(ids.idr1))"
        if sidBits > ids.sidSize { throw .unsupported("smmu \(smmu): sid-bits=\(sidBits) but \(idr1) has SIDSIZE=\(ids.sidSize)") }
        if ssidBits > ids.ssidSize {
            throw .unsupported("smmu \(smmu): ssid-bits=\(ssidBits)\(decl["ssid-bits"] == nil ? " (the default)" : "") but \(idr1) has SSIDSIZE=\(ids.ssidSize): declare ssid-bits=\(ids.ssidSize)")
        }
        if decl["strtab"] != "linear" && ids.stLevel == 0 {
            throw .unsupported("smmu \(smmu): a 2-level stream table but \(idr0) has ST_LEVEL=0")
        }
        let features = Set((decl["features"] ?? "").split(separator: ",").map(String.init))
        if features.contains("ats") && !ids.ats { throw .unsupported("smmu \(smmu): features=ats but \(idr0) has ATS=0") }
        if features.contains("stall") && ids.stallModel == 1 { throw .unsupported("smmu \(smmu): features=stall but \(idr0) has STALL_MODEL=0b01 (no stall)") }
        if features.contains("e2h") && !ids.hyp { throw .unsupported("smmu \(smmu): features=e2h but \(idr0) has Hyp=0") }
        if features.contains("cd2l") && ssidBits > 0 && !ids.cd2l { throw .unsupported("smmu \(smmu): features=cd2l but \(idr0) has CD2L=0") }
        for (name, kind) in shape.domainKinds {
            if kind == "s2" && !ids.s2p { throw .unsupported("domain \(name) is stage 2 but \(idr0) has S2P=0") }
            if (kind == "s1" || kind == "sva") && !ids.s1p { throw .unsupported("domain \(name) is stage 1 but \(idr0) has S1P=0") }
        }
    }

    /// The edu devices a script needs on `smmu`: every master StreamID on the root bus.
    public static func eduSIDs(_ shape: Shape, smmu: String) -> [UInt32] {
        shape.masters.values.filter { $0.smmu == smmu }.flatMap(\.sids)
            .filter { if case .success = EduPlacement.place($0) { true } else { false } }.sorted()
    }

    /// The SMMU QEMU plays: `requested`, or the script's only one.
    public static func pickSMMU(_ shape: Shape, requested: String?) throws(QEMUError) -> String {
        if let r = requested {
            guard shape.smmus.contains(where: { $0.name == r }) else { throw .unsupported("the script declares no smmu \(r)") }
            return r
        }
        guard shape.smmus.count == 1, let only = shape.smmus.first else {
            throw .unsupported("QEMU's virt machine has one SMMUv3 and the script declares \(shape.smmus.count) (\(shape.smmus.map(\.name).joined(separator: ", "))): pick one with --smmu")
        }
        return only.name
    }

    /// An emulator that replays into `machine`, for the scenario SMMU `smmu` of a script of `shape`.
    public init(machine: QEMUMachine, smmu: String, shape: Shape) {
        self.machine = machine
        self.smmu = smmu
        tables = GuestTables()
        fabric = Fabric(map: tables.map, tableTap: tables.tap)
        masters = shape.masters
        mapped = shape.mapped
    }

    /// The PA ranges the script maps (`Shape.mapped`).
    let mapped: [(pa: UInt64, size: UInt64)]

    /// The traffic of the line being replayed: its DMAs with their StreamIDs and the
    /// predictions from before and after the line.
    struct Live {
        let dmas: [DMALine]
        let sids: [UInt32]
        let old: [DMAOutcome]
        let new: [DMAOutcome]
    }
    var live: Live?

    /// Run the script; `report` sees each result as it happens. With `traffic`, its DMAs run
    /// after every store and every CMD_SYNC the given lines replay into QEMU. Throws on bad
    /// input (a refused line, a DMA that cannot be placed) and when QEMU fails.
    public func run(_ text: String, traffic: Traffic? = nil, report: (EmulateEvent) -> Void) throws -> Void {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let shape = try Self.shape(of: text)
        for (i, raw) in lines.enumerated() {
            if let d = shape.dmas[i + 1] {
                try performDMA(d, report: report)
                continue
            }
            let busy = traffic.map { $0.lines.contains(i + 1) } ?? false
            let dmas = busy ? traffic?.dmas ?? [] : []
            let old = try dmas.map { d throws -> DMAOutcome in expect(try resolve(d), d) }
            // One line on the shared fabric, keeping its line number.
            let padded = String(repeating: "\n", count: i) + raw
            let (_, steps) = try Scenario.run(padded, fabric: fabric)
            tables.collectNew()
            if let full = tables.overflow { throw QEMUError.unsupported("line \(i + 1): \(full)") }
            if !dmas.isEmpty {
                let sids = try dmas.map(resolve)
                guard Set(sids).count == sids.count else {
                    throw QEMUError.unsupported("traffic: two DMAs on one StreamID (each runs on its own edu device at once)")
                }
                live = Live(dmas: dmas, sids: sids, old: old, new: zip(dmas, sids).map { expect($0.1, $0.0) })
            }
            defer { live = nil }
            for step in steps {
                try replay(step, report: report)
                report(.step(step))
            }
            if !programmed, let img = fabric.image(smmu: smmu) {
                try machine.setStreamTable(base: img.strtabBase, cfg: img.strtabBaseCfg)
                programmed = true
            }
            let (evs, ovf) = try machine.takeEvents()
            for e in evs { report(.event(line: i + 1, e)) }
            if ovf { report(.overflow(line: i + 1)) }
            if let stop = pendingStop { report(.queueStop(line: i + 1, stop)); pendingStop = nil }
        }
    }

    /// The traffic's DMAs, all at once (one edu device each), right after `after` reached QEMU.
    func trafficPoint(line: Int, after: String, report: (EmulateEvent) -> Void) throws {
        guard let l = live, programmed else { return }
        var batch: [Planned] = []
        for (k, d) in l.dmas.enumerated() {
            let firsts = [l.new[k], l.old[k]].compactMap { o -> UInt64? in if case let .delivered(pa) = o { pa } else { nil } }
            let c = candidates(d, first: firsts)
            guard !c.isEmpty else {
                throw QEMUError.unsupported("traffic dma \(d.master) iova=\(hexa(d.iova)): neither prediction nor the iova is guest RAM the harness can watch")
            }
            batch.append(Planned(d: d, sid: l.sids[k], expected: l.new[k], candidates: c))
        }
        let r = try execute(batch)
        var results: [TrafficResult] = []
        for (k, o) in r.observed.enumerated() {
            results.append(TrafficResult(dma: l.dmas[k], sid: l.sids[k], old: l.old[k], new: l.new[k], observed: o))
        }
        report(.traffic(line: line, after: after, results))
        for e in r.extra { report(.event(line: line, e)) }
        if r.overflowed { report(.overflow(line: line)) }
    }

    var pendingStop: CommandQueueStop?

    /// Upload new segments, then each store as one 64-bit write and each sync's commands into
    /// the guest ring, in the line's order.
    func replay(_ step: Scenario.Step, report: (EmulateEvent) -> Void) throws {
        for seg in tables.takeUploads() { try upload(seg.bus, seg.bytes) }
        var batch: [[UInt64]] = []
        var names: [String] = []
        for e in step.events {
            switch e {
            case let .store(s, table, sid, ssid, q, v) where s == smmu:
                guard let st = tables.nextStore(smmu), st.table == table, st.sid == sid, st.ssid == ssid,
                      st.qword == q, st.value == v else {
                    throw QEMUError.smmu("line \(step.line): the table tap and the flow events disagree on a store to \(table.rawValue) sid=\(sid)")
                }
                try machine.process.writeq(st.bus, v)
                try trafficPoint(line: step.line, after: e.description, report: report)
            case let .pageTable(_, q, v, bus):
                // Page tables live in guest RAM too: the tap saw the same store, in order.
                guard let st = tables.nextStore(smmu), st.table == .pt, st.qword == q, st.value == v, st.bus == bus else {
                    throw QEMUError.smmu("line \(step.line): the table tap and the flow events disagree on a page-table store at \(hexa(bus))")
                }
                try machine.process.writeq(bus, v)
                try trafficPoint(line: step.line, after: e.description, report: report)
            case let .command(s, d) where s == smmu:
                batch.append(d.words)
                names.append(d.layout.name)
                if d.layout.name == "CMD_SYNC" {
                    if let stop = try machine.submit(batch) { pendingStop = pendingStop ?? stop }
                    batch = []
                    try trafficPoint(line: step.line, after: names.joined(separator: " + "), report: report)
                    names = []
                }
            default: break
            }
        }
        if !batch.isEmpty, let stop = try machine.submit(batch) { pendingStop = pendingStop ?? stop }
    }

    /// Send a segment's nonzero 64-byte runs (guest RAM starts zeroed).
    func upload(_ bus: UInt64, _ bytes: [UInt8]) throws(QEMUError) {
        // Which 64-byte chunks hold anything, read a word at a time.
        let chunks = (bytes.count + 63) / 64
        let busy: [Bool] = bytes.withUnsafeBytes { raw in
            (0..<chunks).map { c in
                var i = c * 64
                let end = min(i + 64, raw.count)
                while i + 8 <= end {
                    if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) != 0 { return true }
                    i += 8
                }
                while i < end { if raw[i] != 0 { return true }; i += 1 }
                return false
            }
        }
        var c = 0
        while c < chunks {
            guard busy[c] else { c += 1; continue }
            var e = c
            while e < chunks && busy[e] { e += 1 }
            try machine.process.write(bus + UInt64(c * 64), Array(bytes[(c * 64)..<min(e * 64, bytes.count)]))
            c = e
        }
    }

    /// The project's prediction for a DMA from the live STE (bypass and abort; the rest needs
    /// the walker).
    func expect(_ sid: UInt32, _ d: DMALine) -> DMAOutcome {
        guard let ste = fabric.ste(smmu: smmu, sid: sid) else {
            // No L2 array for the StreamID: its L1STD has Span=0 (§6.3.25): C_BAD_STREAMID.
            return .fault(DecodedEvent(words: [0x02 | UInt64(sid) << 32, 0, 0, 0]))
        }
        guard ste.valid else { return .fault(DecodedEvent(words: [0x04 | UInt64(sid) << 32, 0, 0, 0])) }
        switch ste.config {
        case .bypass: return .delivered(pa: d.iova)
        case .abort: return .terminated
        case .s1Trans, .s2Trans, .nested:
            // The project's walker over the same live tables (the consumer view of §6).
            guard let (_, w) = try? fabric.predict(d.master, sid: sid, ssid: d.ssid, iova: d.iova, write: d.write,
                                                  length: UInt64(d.length)) else {
                return .notYet("the walker could not take this DMA")
            }
            switch w.outcome {
            case let .delivered(x): return .delivered(pa: x.pa)
            case let .fault(e), let .stalled(e): return .fault(DecodedEvent(words: e.words))
            case .terminated: return .terminated
            }
        default: return .fault(DecodedEvent(words: [0x04 | UInt64(sid) << 32, 0, 0, 0]))
        }
    }

    /// The StreamID a DMA line uses, or why QEMU's edu devices cannot issue it.
    func resolve(_ d: DMALine) throws -> UInt32 {
        guard let m = masters[d.master] else { throw QEMUError.unsupported("line \(d.line): unknown master \(d.master)") }
        guard m.smmu == smmu else { throw QEMUError.unsupported("line \(d.line): master \(d.master) is on smmu \(m.smmu), not on QEMU's (\(smmu))") }
        let sid = d.sid ?? m.sids.first ?? 0
        guard m.sids.contains(sid) else { throw QEMUError.unsupported("line \(d.line): StreamID \(hexa(UInt64(sid))) is not one of master \(d.master)'s") }
        if case let .failure(e) = EduPlacement.place(sid) { throw QEMUError.unsupported("line \(d.line): \(e)") }
        if let s = d.ssid, s != 0 { throw QEMUError.unsupported("line \(d.line): ssid=\(s): edu issues no PASID, and \(hex32(machine.ids.idr1)) has SSIDSIZE=\(machine.ids.ssidSize)") }
        guard (1...QEMUMachine.eduBufferSize).contains(d.length) else {
            throw QEMUError.unsupported("line \(d.line): len=\(d.length): an edu DMA carries 1-\(QEMUMachine.eduBufferSize) bytes")
        }
        return sid
    }

    /// A DMA ready to run: its prediction and the addresses its tag is looked for at.
    struct Planned {
        let d: DMALine
        let sid: UInt32
        let expected: DMAOutcome
        /// The predicted PA (or the IOVA when the prediction delivers nothing) first.
        let candidates: [UInt64]
    }

    /// At most this many places are searched for one DMA's tag (read tags number them in 12 bits).
    static let maxCandidates = 4096

    /// [a, a+n) is guest RAM below the harness's area and clear of every table.
    func watchable(_ a: UInt64, _ n: Int) -> Bool {
        let end = a.addingReportingOverflow(UInt64(n))
        return a >= VirtMap.ramBase && !end.overflow && end.partialValue <= VirtMap.harnessBase
            && tables.tableOverlapping(a, count: n) == nil
    }

    /// Where a DMA's tag is looked for, in order: `first` (the predicted PAs), the IOVA itself
    /// (an identity translation), then the IOVA's page offset in every page the script mapped;
    /// only watchable guest RAM, each address once, at most `maxCandidates`.
    func candidates(_ d: DMALine, first: [UInt64]) -> [UInt64] {
        var out: [UInt64] = []
        var seen = Set<UInt64>()
        func add(_ c: UInt64) {
            guard out.count < Self.maxCandidates, watchable(c, d.length), seen.insert(c).inserted else { return }
            out.append(c)
        }
        for c in first { add(c) }
        add(d.iova)
        let offset = d.iova & 0xfff
        for r in mapped {
            let (rangeEnd, o) = r.pa.addingReportingOverflow(r.size)
            guard !o else { continue }
            // Only the part of the range in guest RAM can hold a tag.
            let lo = max(r.pa, VirtMap.ramBase), hi = min(rangeEnd, VirtMap.harnessBase)
            guard lo < hi else { continue }
            var page = lo & ~0xfff
            while page < hi && out.count < Self.maxCandidates {
                let c = page + offset
                if c >= r.pa && c + UInt64(d.length) <= rangeEnd { add(c) }
                page += 0x1000
            }
        }
        return out
    }

    /// The bytes a read DMA finds at its `candidate`-th place: each place its own pattern, so
    /// the bytes fetched name the place they came from.
    static func readTag(_ counter: UInt32, candidate j: Int, length: Int) -> [UInt8] {
        var t: [UInt8] = []
        for k in 0..<((length + 3) / 4) {
            let w = 0xd000_0000 | (counter & 0xff) << 20 | UInt32(j & 0xfff) << 8 | UInt32(k & 0xff)
            for b in 0..<4 { t.append(UInt8(truncatingIfNeeded: w >> (8 * UInt32(b)))) }
        }
        return Array(t.prefix(length))
    }

    /// Run `batch` (distinct StreamIDs) at once and find where each tag landed: a write's tag
    /// is read back at each candidate in order; a read's candidates each hold their own pattern
    /// and the bytes it fetched say which one it read. Not found: the fault QEMU recorded for
    /// the StreamID, or `terminated`. `extra`: records no outcome shows.
    func execute(_ batch: [Planned]) throws -> (observed: [DMAOutcome], extra: [DecodedEvent], overflowed: Bool) {
        var readTags: [UInt32: [[UInt8]]] = [:]
        for p in batch where !p.d.write {
            memoryTagCounter &+= 1
            let tags = p.candidates.indices.map { Self.readTag(memoryTagCounter, candidate: $0, length: p.d.length) }
            for (c, t) in zip(p.candidates, tags).dropFirst() { try machine.process.write(c, t) }
            readTags[p.sid] = tags
        }
        let dmas = batch.map { QEMUMachine.DMA(sid: $0.sid, iova: $0.d.iova, write: $0.d.write, length: $0.d.length,
                                               watch: $0.candidates.first ?? $0.d.iova) }
        let started = try machine.run(dmas) { dma in readTags[dma.sid]?.first ?? [] }
        let (events, overflowed) = try machine.takeEvents()
        var extra = events.filter { e in !batch.contains { $0.sid == e.sid } }
        var observed: [DMAOutcome] = []
        for (p, s) in zip(batch, started) {
            var landed: UInt64?
            if p.d.write {
                for c in p.candidates {
                    if try machine.process.read(c, count: p.d.length) == s.tag { landed = c; break }
                }
            } else {
                let got = try machine.bufferBytes(sid: p.sid, offset: s.bufferOffset, count: p.d.length)
                if let j = readTags[p.sid]?.firstIndex(of: got) { landed = p.candidates[j] }
            }
            let mine = events.filter { $0.sid == p.sid }
            let o: DMAOutcome = landed.map { .delivered(pa: $0) } ?? mine.first.map { .fault($0) } ?? .terminated
            observed.append(o)
            // Records of this StreamID the outcome does not show (a delivered DMA that also
            // recorded something, or the further 4-byte pieces of a longer failing DMA).
            let shown = if case .fault = o { 1 } else { 0 }
            extra += mine.dropFirst(shown)
        }
        return (observed, extra, overflowed)
    }

    /// Predict and perform one `dma` line, outside any script (tests drive it between lines).
    public func dma(_ d: DMALine) throws -> (sid: UInt32, expected: DMAOutcome, observed: DMAOutcome, extra: [DecodedEvent], overflowed: Bool) {
        let sid = try resolve(d)
        let expected = expect(sid, d)
        // The data is watched where the project says it goes (for bypass, the IOVA itself).
        let watch: UInt64 = if case let .delivered(pa) = expected { pa } else { d.iova }
        guard watchable(watch, d.length) else {
            let end = watch.addingReportingOverflow(UInt64(d.length))
            if let t = tables.tableOverlapping(watch, count: d.length), !end.overflow {
                throw QEMUError.unsupported("line \(d.line): \(watch == d.iova ? "iova" : "pa")=\(hexa(watch)) len=\(d.length) overlaps a table at \(hexa(t.bus)) (+\(t.size) bytes)")
            }
            throw QEMUError.unsupported("line \(d.line): \(watch == d.iova ? "iova" : "pa")=\(hexa(watch)) len=\(d.length) is not in the guest RAM the harness can watch (\(hexa(VirtMap.ramBase))-\(hexa(VirtMap.harnessBase - 1)))")
        }
        let r = try execute([Planned(d: d, sid: sid, expected: expected, candidates: candidates(d, first: [watch]))])
        return (sid, expected, r.observed.first ?? .terminated, r.extra, r.overflowed)
    }

    func performDMA(_ d: DMALine, report: (EmulateEvent) -> Void) throws {
        let r = try dma(d)
        report(.dma(d, sid: r.sid, expected: r.expected, observed: r.observed))
        for e in r.extra { report(.event(line: d.line, e)) }
        if r.overflowed { report(.overflow(line: d.line)) }
    }

    /// A deliberate mistake for tests: store `value` at `bus` outside the flows, in QEMU's guest
    /// RAM and/or the project's own copy of the tables, with no invalidation.
    public func overwrite(bus: UInt64, value: UInt64, inQEMU: Bool, inProject: Bool) throws {
        if inQEMU { try machine.process.writeq(bus, value) }
        if inProject {
            guard bus % 8 == 0, let p = tables.map.host(of: bus) else {
                throw QEMUError.unsupported("\(hexa(bus)) is not a word of the project's tables")
            }
            p.storeBytes(of: value, as: UInt64.self)
        }
    }
}
