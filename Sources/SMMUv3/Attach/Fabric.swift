import Synchronization

/// SMMUs, masters and domains, and the flows that attach, detach, re-ASID, release and
/// invalidate (design §4, from the upstream SSID-tracking thread, see seeds/). Every domain
/// keeps the (SMMU, master, SSID) slots it is installed in; the list is updated so that no
/// invalidation is lost: the new node is added before hardware is touched, the old one removed
/// after. Every STE/CD change goes through the planner and the entry writer; every command
/// through the SMMU's real command queue. Thread-safe: flows are serialised by one lock, which
/// owns all the mutable state.
public final class Fabric: Sendable {
    final class SMMUState {
        let name: String
        let features: SMMUFeatures
        let log = UpdateLog()
        var streamTable: StreamTable
        var queue: CommandQueue
        /// Stores made (logged) on this SMMU so far, and, for each of the last 4096 CMD_SYNCs
        /// pushed into its queue, how many stores had been made when it was pushed: the real
        /// timeline, which the flow events must show.
        var storesMade = 0
        private(set) var syncsPushedAfter: [Int] = []
        func syncPushed() {
            if syncsPushedAfter.count == 4096 { syncsPushedAfter.removeFirst() }
            syncsPushedAfter.append(storesMade)
        }
        /// Stalled transactions the SMMU holds, and the STAG the next one gets.
        var stalls: [Stall] = []
        var nextSTAG: UInt64 = 0
        /// The fabric's table tap (see `Fabric.init(map:tableTap:)`).
        var tap: TableTap?
        var asids: [UInt64: String] = [:]     // ASID -> domain holding it on this SMMU
        var vmids: [UInt64: String] = [:]
        init(name: String, features: SMMUFeatures, map: BusMap, maxTableBytes: UInt64) throws {
            self.name = name
            self.features = features
            streamTable = features.twoLevelStreamTable
                ? try StreamTable(twoLevel: features.sidBits, split: 8, map: map, log: log, maxTableBytes: maxTableBytes)
                : try StreamTable(linear: features.sidBits, map: map, log: log, maxTableBytes: maxTableBytes)
            queue = try CommandQueue(log2Size: 8, map: map)
        }
    }

    final class MasterState {
        let name: String
        let smmu: String
        let sids: [UInt32]
        let ssidBits: Int
        let ats: Bool
        /// The master can stall (Linux's "dma-can-stall").
        let stall: Bool
        /// Stall is enabled for its contexts (Linux's `stall_enabled`): the master can stall and
        /// the SMMU supports it, or the SMMU forces it.
        let stallEnabled: Bool
        var slots: [UInt32: String] = [:]   // SSID -> domain name (0: the RID)
        /// The master's CD table, once a stage-1 domain needs one.
        var cdTable: CDTable?
        init(name: String, smmu: String, sids: [UInt32], ssidBits: Int, ats: Bool, stall: Bool, stallEnabled: Bool) {
            self.name = name
            self.smmu = smmu
            self.sids = sids
            self.ssidBits = ssidBits
            self.ats = ats
            self.stall = stall
            self.stallEnabled = stallEnabled
        }
        var pasids: [UInt32] { slots.keys.filter { $0 != 0 }.sorted() }
        var hasCDTable: Bool {
            switch cdTable {
            case .some: true
            case .none: false
            }
        }
        /// `body` on the master's CD table (borrowed); refused when it has none yet.
        func withCDTable<R>(_ body: (borrowing CDTable) throws -> R) throws -> R {
            switch cdTable {
            case .some(let t): return try body(t)
            case .none: throw FlowError("internal: \(name) has no CD table")
            }
        }
    }

    final class DomainState {
        let name: String
        var kind: DomainKind
        /// The domain named its ASID/VMID (`asid=` / `vmid=`); otherwise the one in `kind` is 0 and
        /// only SMMUs that allocate IDs (id-policy global or per-smmu) can take it.
        let named: Bool
        var attachments: [Attachment] = []
        /// Tables the fabric allocated (a domain declared without ttb0 / vttbr).
        var pageTable: PageTableBox?
        /// The ASID or VMID the domain uses on each SMMU it is installed in.
        var ids: [String: UInt64] = [:]
        init(name: String, kind: DomainKind, named: Bool = true) {
            self.name = name
            self.kind = kind
            self.named = named
        }
    }

    /// The ASIDs of the pool shared by every SMMU with id-policy=global (ASID -> domain).
    final class Pools {
        var globalASIDs: [UInt64: String] = [:]
    }

    /// The SVA domains whose address space was released, by reference, so a flow's undo journal
    /// (escaping closures) can take a release back.
    final class ReleasedDomains {
        var names: Set<String> = []
    }

    /// The flow events so far, by reference, so a sync sink (an escaping closure) can append
    /// to them in order while a flow runs.
    final class EventLog {
        var items: [FlowEvent] = []
        /// Why the fabric modelled something other than what a line literally asked for (a
        /// stall master on an SMMU without stall), in order; `drainNotes` empties it.
        var notes: [String] = []
        /// CMD_SYNCs lockstep saved against the one-entry-at-a-time order (`Fabric.lockstep`).
        var syncsSaved = 0
    }

    struct State {
        var smmus: [String: SMMUState] = [:]
        var masters: [String: MasterState] = [:]
        var domains: [String: DomainState] = [:]
        let pools = Pools()
        let eventLog = EventLog()
        var events: [FlowEvent] {
            get { eventLog.items }
            nonmutating set { eventLog.items = newValue }
        }
        /// SVA domains whose address space was released.
        let released = ReleasedDomains()
        /// Tests only: a failure to inject into the flows' sync sink (SMMU name, owed
        /// invalidations), standing for a sink that cannot deliver (a full queue, a failed callback).
        var syncFault: (@Sendable (String, [Invalidation]) -> FlowError?)?
    }

    /// Every access goes through `locked` / `read`.
    private let state: Mutex<State>
    let map: BusMap
    let tableTap: TableTap?

    /// The most memory one stream table may take (`StreamTable(…maxTableBytes:)`).
    public let maxTableBytes: UInt64

    /// Sees every SMMU's table events (stores with their bus addresses, owed invalidations) in
    /// order at each flush, before they reach the queue: the seam that lets the
    /// same ordered log be replayed into another consumer (QEMU's guest memory). Called under
    /// the fabric's lock: it must not call back into the fabric.
    public typealias TableTap = @Sendable (_ smmu: String, _ events: [TableEvent]) -> Void

    /// An empty fabric: no SMMU, master or domain declared yet.
    ///
    /// - Parameters:
    ///   - map: bus addresses for every table (a fixed base makes replays reproducible).
    ///   - maxTableBytes: the ceiling of one stream table's memory; 1 GiB unless raised.
    ///   - tableTap: sees each flush's table events (nil: nobody).
    public init(map: BusMap = BusMap(.fixedBase(0x8000_0000)),
                maxTableBytes: UInt64 = StreamTable.defaultMaxTableBytes, tableTap: TableTap? = nil) {
        self.map = map
        self.maxTableBytes = maxTableBytes
        self.tableTap = tableTap
        self.state = Mutex(State())
    }

    func locked<R: Sendable>(_ body: (inout State) throws(FlowError) -> R) throws(FlowError) -> R {
        try state.withLock { (s: inout State) throws(FlowError) -> R in try body(&s) }
    }

    func read<R: Sendable>(_ body: (inout State) -> R) -> R {
        state.withLock { (s: inout State) -> R in body(&s) }
    }

    /// Tests only: set (or clear) the injected sync-sink failure.
    func injectSyncFault(_ f: (@Sendable (String, [Invalidation]) -> FlowError?)?) {
        state.withLock { s in s.syncFault = f }
    }

    // MARK: declarations

    /// Declares an SMMU: its stream table (2-level with SPLIT=8, or linear, as `f` says), a
    /// 256-entry command queue, and its features.
    ///
    /// - Throws: ``FlowError`` for a name already declared, sid-bits outside 1...32 or ssid-bits
    ///   outside 0...20 (SMMU_IDR1.SIDSIZE / SSIDSIZE, IHI 0070 §6.3.2), or a table that cannot be
    ///   allocated; nothing is declared then.
    public func addSMMU(_ name: String, _ f: SMMUFeatures) throws(FlowError) {
        try locked { s throws(FlowError) in
            guard s.smmus[name] == nil else { throw FlowError("smmu \(name) is already declared") }
            guard (1...32).contains(f.sidBits) else {
                throw FlowError("smmu \(name): sid-bits=\(f.sidBits) is not in 1...32 (IDR1.SIDSIZE)")
            }
            guard (0...20).contains(f.ssidBits) else {
                throw FlowError("smmu \(name): ssid-bits=\(f.ssidBits) is not in 0...20 (IDR1.SSIDSIZE)")
            }
            do { s.smmus[name] = try SMMUState(name: name, features: f, map: map, maxTableBytes: maxTableBytes) } catch {
                throw FlowError("smmu \(name): \(error)")
            }
            s.smmus[name]?.tap = tableTap
        }
    }

    /// Declares a master behind `smmu` with its StreamIDs.
    ///
    /// - Parameters:
    ///   - name: the master's name, not yet declared.
    ///   - smmu: the name of a declared SMMU.
    ///   - sids: the master's StreamIDs, distinct, within the SMMU's sid-bits and not another master's.
    ///   - ssidBits: the master's SubstreamID bits, capped to the SMMU's; nil takes the SMMU's.
    ///   - ats: the master uses PCIe ATS (the SMMU must have it).
    ///   - stall: the master can stall; stall is enabled as Linux's probe enables it, and a note
    ///     says when the SMMU's STALL_MODEL turns it off or forces it on.
    /// - Throws: ``FlowError`` naming the rule the declaration breaks; nothing is declared then.
    public func addMaster(_ name: String, smmu: String, sids: [UInt32], ssidBits: Int? = nil,
                          ats: Bool = false, stall: Bool = false) throws(FlowError) {
        try locked { s throws(FlowError) in
            guard s.masters[name] == nil else { throw FlowError("master \(name) is already declared") }
            guard let sm = s.smmus[smmu] else { throw FlowError("master \(name): unknown smmu \(smmu)") }
            guard !sids.isEmpty else { throw FlowError("master \(name) needs at least one StreamID") }
            if let dup = sids.enumerated().first(where: { sids[..<$0.offset].contains($0.element) })?.element {
                throw FlowError("master \(name): StreamID \(dup) is listed twice")
            }
            for sid in sids {
                guard UInt64(sid) < UInt64(1) << sm.features.sidBits else {
                    throw FlowError("master \(name): StreamID \(sid) is beyond smmu \(smmu)'s \(sm.features.sidBits) sid-bits")
                }
                if let other = s.masters.values.first(where: { $0.smmu == smmu && $0.sids.contains(sid) }) {
                    throw FlowError("master \(name): StreamID \(sid) already belongs to master \(other.name)")
                }
            }
            if let b = ssidBits, b < 0 { throw FlowError("master \(name): ssid-bits=\(b) is negative") }
            let bits = min(ssidBits ?? sm.features.ssidBits, sm.features.ssidBits)
            if ats && !sm.features.ats { throw FlowError("master \(name): smmu \(smmu) has no ATS") }
            // As Linux's probe: stall is enabled where the master can stall and the SMMU supports
            // it (STALL_MODEL 0b00 or 0b10), and always where the SMMU forces it (0b10).
            let f = sm.features
            let enabled = (stall && f.stallSupported) || f.stallForce
            s.masters[name] = MasterState(name: name, smmu: smmu, sids: sids, ssidBits: bits, ats: ats, stall: stall,
                                          stallEnabled: enabled)
            if stall && !enabled {
                s.eventLog.notes.append("master \(name): stall stays off: smmu \(smmu) has SMMU_IDR0.STALL_MODEL=0b01 (terminate only), "
                    + "so its CDs get S=0 (S=1 would be ILLEGAL, C_BAD_CD) and its faults terminate")
            } else if !stall && f.stallForce {
                s.eventLog.notes.append("master \(name): stall is on although not declared: smmu \(smmu) has SMMU_IDR0.STALL_MODEL=0b10 "
                    + "(stall forced), so its CDs get S=1 (S=0 would be ILLEGAL, C_BAD_CD)")
            }
        }
    }

    /// Declare a domain. `named: false` (no `asid=` / `vmid=`): its ID is allocated by the SMMUs
    /// it is attached to (id-policy global or per-smmu); the ID in `kind` is ignored.
    public func addDomain(_ name: String, _ kind: DomainKind, named: Bool = true) throws(FlowError) {
        try locked { s throws(FlowError) in
            guard s.domains[name] == nil else { throw FlowError("domain \(name) is already declared") }
            if case let .nested(parent, _, _, _) = kind {
                guard let p = s.domains[parent] else { throw FlowError("domain \(name): unknown parent domain \(parent)") }
                guard case .s2 = p.kind else { throw FlowError("domain \(name): parent \(parent) (\(p.kind)) is not a stage-2 domain") }
            }
            try Self.validate(kind, domain: name)
            s.domains[name] = DomainState(name: name, kind: kind, named: named)
        }
    }

    // MARK: observation

    /// Everything the flows did so far, in order; `drain` empties it.
    public var events: [FlowEvent] { read { $0.events } }
    /// Everything the flows did so far, in order, and empties it.
    public func drainEvents() -> [FlowEvent] { read { s in defer { s.events = [] }; return s.events } }

    /// The notes so far (see `EventLog.notes`); `drainNotes` empties them.
    public var notes: [String] { read { $0.eventLog.notes } }
    /// The notes so far, and empties them.
    public func drainNotes() -> [String] {
        read { s in defer { s.eventLog.notes = [] }; return s.eventLog.notes }
    }

    /// The CMD_SYNCs lockstep saved so far against the one-entry-at-a-time order; `drain` resets.
    public func drainSyncsSaved() -> Int {
        read { s in defer { s.eventLog.syncsSaved = 0 }; return s.eventLog.syncsSaved }
    }

    /// The slots a domain is installed in.
    public func attachments(of domain: String) -> [Attachment] {
        read { $0.domains[domain]?.attachments ?? [] }
    }

    /// The kind of a declared domain, nil for an unknown name.
    public func domainKind(_ domain: String) -> DomainKind? { read { $0.domains[domain]?.kind } }

    /// The live STE of a StreamID and the live CD of a master's slot, as the SMMU would read them.
    public func ste(smmu: String, sid: UInt32) -> STE? {
        read { s in (try? s.smmus[smmu]?.streamTable.ste(sid)) ?? nil }
    }

    /// The live CD of a master's slot, as the SMMU would read it; nil if the master has no CD table or the slot has no CD.
    public func cd(master: String, ssid: UInt32) -> CD? {
        read { s in
            guard let m = s.masters[master] else { return nil }
            return (try? m.cdTable?.cd(ssid)) ?? nil
        }
    }

    /// The image of one SMMU's tables (stream table, L2 arrays, every master's CD table).
    public func image(smmu: String) -> TableImage? {
        read { s in
            guard let sm = s.smmus[smmu] else { return nil }
            let cds = s.masters.values.filter { $0.smmu == smmu }.sorted { $0.name < $1.name }
                .compactMap { $0.cdTable?.segments() }
                + s.domains.values.sorted { $0.name < $1.name }.compactMap { $0.pageTable?.table.segments() }
            let f = sm.features
            var model = Features()
            model.e2h = f.e2h
            let r = model.registers                      // IDR3, AIDR at the defaults; CR2.E2H as the SMMU has it
            return TableImage(sm.streamTable, cdTables: cds, idr0: f.idr0, idr1: f.idr1, idr5: f.idr5,
                              idr3: r.idr3, aidr: r.aidr, cr2: r.cr2)
        }
    }

    /// The declared SMMUs' names, sorted.
    public var smmuNames: [String] { read { $0.smmus.keys.sorted() } }

    /// The tracking invariants, checked under the lock: every recorded slot holds a valid CD
    /// carrying the domain's current ASID (stage-1/SVA) and the slot still names the domain; no
    /// CD refers to an ASID its SMMU does not hold for that domain. Returns the violations.
    public func invariantViolations() -> [String] {
        read { s in
            var out: [String] = []
            for d in s.domains.values {
                for a in d.attachments {
                    guard let m = s.masters[a.master], m.slots[a.ssid] == d.name else {
                        out.append("\(d.name): node \(a) but the slot holds \(s.masters[a.master]?.slots[a.ssid] ?? "nothing")")
                        continue
                    }
                    switch d.kind {
                    case .s1, .sva:
                        guard let asid = d.ids[a.smmu] else { out.append("\(d.name): node \(a) but no ASID on \(a.smmu)"); continue }
                        guard let cd = (try? m.cdTable?.cd(a.ssid)) ?? nil, cd.valid else {
                            out.append("\(d.name): node \(a) has no valid CD"); continue
                        }
                        if cd.asid != asid { out.append("\(d.name): node \(a) CD has ASID \(cd.asid), domain has \(asid)") }
                        if s.smmus[a.smmu]?.asids[cd.asid] != d.name { out.append("\(d.name): node \(a) CD ASID \(cd.asid) is not held on \(a.smmu)") }
                    default: break
                    }
                }
            }
            for m in s.masters.values {
                for (ssid, dn) in m.slots where !(s.domains[dn]?.attachments.contains(Attachment(smmu: m.smmu, master: m.name, ssid: ssid)) ?? false) {
                    out.append("\(m.name) SSID \(ssid) holds \(dn) but the domain does not record the slot")
                }
            }
            return out
        }
    }

    /// Everything a refused line must leave as it was, taken under the lock.
    func snapshot() -> FabricSnapshot {
        read { s in
            var facts: [String] = []
            var memory: [String: [UInt8]] = [:]
            for d in s.domains.values {
                facts.append("domain \(d.name): \(d.kind)\(s.released.names.contains(d.name) ? " released" : "")")
                facts += d.ids.map { "domain \(d.name) id on \($0.key): \($0.value)" }
                facts += d.attachments.enumerated().map { "domain \(d.name) node \($0.offset): \($0.element)" }
            }
            for m in s.masters.values {
                facts += m.slots.map { "master \(m.name) ssid \($0.key): \($0.value)" }
                if let ref = m.cdTable?.ref {
                    facts.append("master \(m.name) cd table \(ref)")
                    for seg in m.cdTable?.segments() ?? [] { memory["\(m.smmu) cd \(m.name) \(hex(seg.bus))"] = seg.bytes }
                }
            }
            for sm in s.smmus.values {
                facts += sm.asids.map { "smmu \(sm.name) asid \($0.key): \($0.value)" }
                facts += sm.stalls.map { "smmu \(sm.name) stall sid \($0.sid) ssid \($0.ssid) stag \($0.stag)" }
                facts.append("smmu \(sm.name) next stag \(sm.nextSTAG)")
                facts += sm.vmids.map { "smmu \(sm.name) vmid \($0.key): \($0.value)" }
                facts += sm.log.all.map { "smmu \(sm.name) unflushed: \($0)" }
                for seg in sm.streamTable.segments() { memory["\(sm.name) strtab \(hex(seg.bus))"] = seg.bytes }
            }
            facts += s.pools.globalASIDs.map { "global asid \($0.key): \($0.value)" }
            facts += s.events.map { "event \($0)" }
            facts += s.eventLog.notes.map { "note \($0)" }
            return FabricSnapshot(facts: Set(facts), memory: memory)
        }
    }
}

/// The fabric's model (domains and their kinds and nodes, every master's slots and CD table,
/// the ASIDs/VMIDs each SMMU holds, released SVA domains, unflushed stores, undrained events)
/// and its table memory (every stream-table and CD-table segment's bytes, by bus address).
struct FabricSnapshot: Equatable {
    let facts: Set<String>
    let memory: [String: [UInt8]]

    /// What changed from `before` to this snapshot, one line per fact or segment.
    func differences(from before: FabricSnapshot) -> [String] {
        var out = before.facts.subtracting(facts).sorted().map { "- \($0)" }
            + facts.subtracting(before.facts).sorted().map { "+ \($0)" }
        for k in Set(before.memory.keys).union(memory.keys).sorted() {
            switch (before.memory[k], memory[k]) {
            case (nil, _): out.append("+ segment \(k)")
            case (_, nil): out.append("- segment \(k)")
            case let (a?, b?) where a != b:
                let i = a.indices.first { $0 >= b.count || a[$0] != b[$0] } ?? a.count
                out.append("~ segment \(k): first difference at byte \(i) (word \(i / 8))")
            default: break
            }
        }
        return out
    }
}

// MARK: the sync sink

extension Fabric {
    /// The Fabric's sync sink, called at every sync point of a table operation (the entry
    /// writer's, `ensure`'s) and before every other command: what the SMMU's update log holds
    /// (the stores so far and the invalidations they owe) goes into the SMMU's real queue at
    /// once, in order (`CommandQueue.issue`), the SMMU consumes it, and the stores and the
    /// consumed commands become flow events in that order. So the queue sees each CFGI_* and
    /// CMD_SYNC before any store that follows it.
    static func flush(_ sm: SMMUState, _ events: inout [FlowEvent]) throws(FlowError) {
        let taken: [TableEvent]
        do { taken = try sm.queue.issue(sm.log) } catch { throw FlowError("smmu \(sm.name): \(error)") }
        sm.tap?(sm.name, taken)
        sm.storesMade += taken.filter { if case .store = $0 { true } else { false } }.count
        do {
            for _ in try CommandQueue.batches(taken) { sm.syncPushed() }
        } catch { throw FlowError("smmu \(sm.name): \(error)") }
        let (done, bad) = sm.queue.drain()
        if let bad { throw FlowError("smmu \(sm.name): the queue stopped on \(bad.summary)") }
        var consumed = done[...]
        var run = 0            // invalidations since the last store: one batch of run + 1 commands
        func emitBatch() {
            guard run > 0 else { return }
            events += consumed.prefix(run + 1).map { .command(smmu: sm.name, decoded: $0) }
            consumed = consumed.dropFirst(run + 1)
            run = 0
        }
        for e in taken {
            switch e {
            case let .store(table, sid, ssid, q, v, _):
                emitBatch()
                events.append(.store(smmu: sm.name, table: table, sid: sid, ssid: ssid, qword: q, value: v))
            case .invalidate:
                run += 1
            }
        }
        emitBatch()
    }
}
