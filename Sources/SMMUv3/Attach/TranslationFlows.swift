/// Page tables a domain declared without ttb0 / vttbr owns (the fabric allocated them).
package final class PageTableBox {
    package var table: PageTable
    package let log: UpdateLog
    package init(_ t: consuming PageTable, log: UpdateLog) {
        table = t
        self.log = log
    }
}

/// The walker's prediction for one scenario `dma` line.
public struct DMAPrediction: Sendable, Hashable, CustomStringConvertible {
    /// The 1-based line of the `dma` statement.
    public let line: Int
    /// The master that issues the transaction.
    public let master: String
    /// The StreamID the transaction carries.
    public let sid: UInt32
    /// The SubstreamID, nil for a transaction without one.
    public let ssid: UInt32?
    /// The input address.
    public let iova: UInt64
    /// True for a write, false for a read.
    public let write: Bool
    /// The transaction's length in bytes.
    public let length: UInt64
    /// What the walker predicts: the output address, or the fault and the event record.
    public let walk: Walk

    /// One line: the transaction, the result, the PA or the event.
    public var description: String {
        var o = "dma \(master) sid=\(hex(UInt64(sid)))\(ssid.map { " ssid=\(hex(UInt64($0)))" } ?? "") iova=\(hex(iova)) \(write ? "write" : "read"): \(walk.result)"
        if let pa = walk.pa { o += " pa=\(hex(pa))" }
        if let e = walk.event { o += " \(e.record?.name ?? "?")\(walk.level.map { " level=\($0)" } ?? "")" }
        if walk.pa == nil { o += " (\(walk.reason))" }
        return o
    }

    /// One JSON object: the transaction and the `expected` result, as `smmuv3 replay --format json` prints it.
    public var json: String {
        var expected = "{\"result\":\"\(walk.result)\""
        if let pa = walk.pa { expected += ",\"pa\":\"\(hex(pa))\"" }
        if let e = walk.event {
            expected += ",\"event\":{\"type\":\"\(e.record?.name ?? "?")\",\"sid\":\(sid),\"ssid\":\(ssid.map(String.init) ?? "null")"
            if let a = e["InputAddr"] { expected += ",\"addr\":\"\(hex(a))\"" }
            expected += "}"
        }
        expected += "}"
        return "{\"op\":\"dma\",\"line\":\(line),\"master\":\"\(master)\",\"sid\":\(sid),\"ssid\":\(ssid.map(String.init) ?? "null"),\"iova\":\"\(hex(iova))\",\"dir\":\"\(write ? "write" : "read")\",\"len\":\(length),\"expected\":\(expected)}"
    }

    func at(line: Int) -> DMAPrediction {
        DMAPrediction(line: line, master: master, sid: sid, ssid: ssid, iova: iova, write: write, length: length, walk: walk)
    }
}

extension FlowEvent {
    /// A `dma` prediction with the scenario line it came from.
    func stamped(line: Int) -> FlowEvent {
        if case let .dma(p) = self { return .dma(p.at(line: line)) }
        return self
    }
}

/// The translation flows: domains whose page tables the fabric allocates,
/// `map` / `unmap` on them, and the walker's prediction for a `dma`.
extension Fabric {
    /// `domain NAME s1 asid=N [va-bits=39|48]` or `s2 vmid=N [ipa-bits=N]` without ttb0 /
    /// vttbr: the fabric allocates the tables (stage-1 default 48-bit VA, stage-2 40-bit IPA).
    public func addDomain(_ name: String, allocating stage: TranslationStage, id: UInt64, inputBits: Int?) throws(FlowError) {
        let mapper = map
        try locked { s throws(FlowError) in
            guard s.domains[name] == nil else { throw FlowError("domain \(name) is already declared") }
            let log = UpdateLog()
            let pt: PageTable
            do { pt = try PageTable(stage: stage, inputBits: inputBits, map: mapper, log: log) } catch {
                throw FlowError("domain \(name): \(error)")
            }
            let kind: DomainKind = stage == .stage1 ? .s1(asid: id, ttb0: pt.rootBus) : .s2(vmid: id, vttbr: pt.rootBus)
            let d = DomainState(name: name, kind: kind)
            d.pageTable = PageTableBox(pt, log: log)
            s.domains[name] = d
        }
    }

    static func tables(_ s: inout State, _ domain: String) throws(FlowError) -> (DomainState, PageTableBox) {
        guard let d = s.domains[domain] else { throw FlowError("unknown domain \(domain)") }
        guard let box = d.pageTable else {
            throw FlowError("domain \(domain) (\(d.kind)) was declared with its own table address: the fabric does not own its tables")
        }
        return (d, box)
    }

    /// Every page-table store logged so far, as flow events.
    static func flushTables(_ d: DomainState, _ box: PageTableBox, _ s: inout State) {
        let taken = box.log.drain()
        for e in taken {
            if case let .store(_, _, _, q, v, bus) = e {
                s.events.append(.pageTable(domain: d.name, qword: q, value: v, bus: bus))
            }
        }
        // Page tables live in the one memory every SMMU reads: a consumer that replays the
        // ordered log elsewhere (the table tap, e.g. into QEMU's guest RAM) sees these stores
        // too, in order with the SMMUs' own.
        guard !taken.isEmpty else { return }
        for sm in s.smmus.values.sorted(by: { $0.name < $1.name }) { sm.tap?(sm.name, taken) }
    }

    /// `map DOMAIN iova=A pa=P size=S [perm=…]`: mapping over a valid mapping is refused.
    public func map(_ domain: String, iova: UInt64, pa: UInt64, size: UInt64, perm: MapPermission) throws(FlowError) {
        try locked { s throws(FlowError) in
            let (d, box) = try Self.tables(&s, domain)
            do { try box.table.map(iova: iova, pa: pa, size: size, perm: perm) } catch { throw FlowError("map \(domain): \(error)") }
            Self.flushTables(d, box, &s)
        }
    }

    /// `unmap DOMAIN iova=A size=S`, then the invalidation the domain owes on every SMMU it is
    /// attached to (TLBI by ASID / VMID, ATC_INV per ATS slot). Splitting a block issues that
    /// invalidation between the invalid store and the new table (break-before-make).
    public func unmap(_ domain: String, iova: UInt64, size: UInt64) throws(FlowError) {
        try locked { s throws(FlowError) in
            let (d, box) = try Self.tables(&s, domain)
            var failure: FlowError?
            do {
                try box.table.unmap(iova: iova, size: size) { _, _ in
                    guard failure == nil else { return }
                    Self.flushTables(d, box, &s)
                    do throws(FlowError) { try Self.issue(try self.invalidations(s, d), &s.events) } catch { failure = error }
                }
            } catch { throw FlowError("unmap \(domain): \(error)") }
            Self.flushTables(d, box, &s)
            if let failure { throw failure }
        }
    }

    /// `dma MASTER [sid=S] [ssid=N] iova=A read|write [len=N]`: what the SMMU would do, from
    /// the live tables (the walker). A DMA whose last byte faults reports that fault.
    public func dma(_ master: String, sid: UInt32?, ssid: UInt32?, iova: UInt64, write: Bool, length: UInt64) throws(FlowError) {
        let (sid, walk) = try predict(master, sid: sid, ssid: ssid, iova: iova, write: write, length: length)
        try locked { s throws(FlowError) in
            s.events.append(.dma(DMAPrediction(line: 0, master: master, sid: sid, ssid: ssid, iova: iova,
                                               write: write, length: length, walk: walk)))
        }
    }

    /// The walker's answer for a DMA of `master` (its first StreamID unless `sid`) over the live
    /// tables, as `dma` prints it, without recording anything.
    public func predict(_ master: String, sid: UInt32?, ssid: UInt32?, iova: UInt64, write: Bool,
                        length: UInt64) throws(FlowError) -> (sid: UInt32, walk: Walk) {
        let memory = LiveMemory(map)
        return try locked { s throws(FlowError) in
            guard let m = s.masters[master] else { throw FlowError("unknown master \(master)") }
            guard let sm = s.smmus[m.smmu] else { throw FlowError("unknown smmu \(m.smmu)") }
            let sid = sid ?? m.sids[0]
            guard m.sids.contains(sid) else { throw FlowError("StreamID \(sid) is not one of master \(master)'s (\(m.sids.map(String.init).joined(separator: ",")))") }
            guard length > 0 else { throw FlowError("len=0: a DMA moves at least one byte") }
            let (last, o) = iova.addingReportingOverflow(length - 1)
            guard !o else { throw FlowError("iova \(hex(iova)) + len \(length) wraps past 2^64") }
            var f = Features()
            f.ssidSize = sm.features.ssidBits
            f.stallModel = sm.features.stall ? 0 : 1
            f.ats = sm.features.ats
            f.cd2l = sm.features.cd2l
            let w = Walker(memory: memory, strtabBase: sm.streamTable.strtabBase, strtabBaseCfg: sm.streamTable.strtabBaseCfg,
                           features: f, sidSize: sm.features.sidBits)
            let access: Transaction.Access = write ? .write : .read
            var walk = w.walk(Transaction(sid: sid, ssid: ssid, iova: iova, access: access))
            if walk.pa != nil && length > 1 {
                let end = w.walk(Transaction(sid: sid, ssid: ssid, iova: last, access: access))
                if end.pa == nil { walk = end }
            }
            return (sid, walk)
        }
    }
}

extension Scenario {
    /// The translation statements: `domain … s1|s2` without a table address, `map`, `unmap`,
    /// `dma`. False when the line is not one of them (the other statements handle it).
    static func executeTranslation(_ t: [String], _ f: Fabric) throws(FlowError) -> Bool {
        guard let verb = t.first else { return false }
        var opts: [String: String] = [:]
        var words: [String] = []
        for w in t.dropFirst() {
            if let eq = w.firstIndex(of: "=") {
                let k = String(w[..<eq]), v = String(w[w.index(after: eq)...])
                guard opts[k] == nil else { throw FlowError("'\(k)' given twice") }
                opts[k] = v
            } else {
                words.append(w)
            }
        }
        func number(_ k: String) throws(FlowError) -> UInt64? {
            guard let v = opts.removeValue(forKey: k) else { return nil }
            guard let n = WordInput.parseNumber(v) else { throw FlowError("\(k)=\(v) is not a number") }
            return n
        }
        func need(_ k: String) throws(FlowError) -> UInt64 {
            guard let n = try number(k) else { throw FlowError("\(verb) needs \(k)=") }
            return n
        }
        func done() throws(FlowError) {
            if let k = opts.keys.sorted().first { throw FlowError("unknown option '\(k)=' for \(verb)") }
        }
        func bits(_ k: String, _ allowed: ClosedRange<Int>, only: [Int]? = nil) throws(FlowError) -> Int? {
            guard let v = try number(k) else { return nil }
            guard let b = Int(exactly: v), allowed.contains(b), only?.contains(b) ?? true else {
                throw FlowError("\(k)=\(v) is not \(only.map { $0.map(String.init).joined(separator: " or ") } ?? "\(allowed.lowerBound)...\(allowed.upperBound)")")
            }
            return b
        }
        switch verb {
        case "domain":
            guard words.count == 2 else { return false }
            if words[1] == "s1" && opts["ttb0"] == nil {
                let asid = try need("asid")
                let va = try bits("va-bits", 39...48, only: [39, 48])
                try done()
                try f.addDomain(words[0], allocating: .stage1, id: asid, inputBits: va)
                return true
            }
            if words[1] == "s2" && opts["vttbr"] == nil {
                let vmid = try need("vmid")
                let ipa = try bits("ipa-bits", 32...48)
                try done()
                try f.addDomain(words[0], allocating: .stage2, id: vmid, inputBits: ipa)
                return true
            }
            return false
        case "map":
            guard words.count == 1 else { throw FlowError("map takes a domain name, got \(words.count) words") }
            let iova = try need("iova"), pa = try need("pa"), size = try need("size")
            var perm = MapPermission.rw
            if let p = opts.removeValue(forKey: "perm") {
                guard ["r", "w", "rw"].contains(p), let q = MapPermission(p) else { throw FlowError("perm=\(p) is not r, w or rw") }
                perm = q
            }
            try done()
            try f.map(words[0], iova: iova, pa: pa, size: size, perm: perm)
            return true
        case "unmap":
            guard words.count == 1 else { throw FlowError("unmap takes a domain name, got \(words.count) words") }
            let iova = try need("iova"), size = try need("size")
            try done()
            try f.unmap(words[0], iova: iova, size: size)
            return true
        case "dma":
            guard let master = words.first else { throw FlowError("dma needs a master") }
            let dirs = words.dropFirst()
            guard dirs.count == 1, let dir = dirs.first, dir == "read" || dir == "write" else {
                throw FlowError("dma needs exactly one of read or write after the master")
            }
            let sid = try number("sid"), ssid = try number("ssid")
            guard (sid ?? 0) <= UInt64(UInt32.max) else { throw FlowError("sid=\(sid ?? 0) is not a 32-bit StreamID") }
            guard (ssid ?? 0) < 1 << 20 else { throw FlowError("ssid=\(ssid ?? 0) is beyond 20 bits") }
            let iova = try need("iova")
            let len = try number("len") ?? 4
            try done()
            try f.dma(master, sid: sid.map { UInt32($0) }, ssid: ssid.map { UInt32($0) }, iova: iova,
                      write: dir == "write", length: len)
            return true
        default:
            return false
        }
    }
}

extension FlowEvent {
    /// Text lines for a step's events, each run of page-table stores summarised per domain
    /// ("dma: 4 page-table stores in 4 table pages"), everything else as its description.
    public static func textLines(_ events: [FlowEvent]) -> [String] {
        var out: [String] = []
        var run: (domain: String, stores: Int, pages: Set<UInt64>)?
        func close() {
            guard let r = run else { return }
            out.append("\(r.domain): \(r.stores) page-table store\(r.stores == 1 ? "" : "s") in \(r.pages.count) table page\(r.pages.count == 1 ? "" : "s")")
            run = nil
        }
        for e in events {
            if case let .pageTable(d, _, _, bus) = e {
                if run?.domain != d { close(); run = (d, 0, []) }
                run?.stores += 1
                run?.pages.insert(bus & ~0xfff)
            } else {
                close()
                out.append(e.description)
            }
        }
        close()
        return out
    }
}
