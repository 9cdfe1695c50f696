import CSMMUv3

/// The allocation-free way to move a live entry between configurations a caller knows in
/// advance (a driver's handful of STEs or CDs): each configuration is made a `Target` once
/// (decoded once, ILLEGAL refused, used bits computed), and each transition is the Linux
/// sequence (`Planner`'s `linux` policy) computed in fixed-size values and stored straight
/// into table memory: a release barrier before each step, one relaxed 64-bit single-copy
/// atomic store per word, the sync sink at each sync point. No array, no string, no lock.
extension EntryWriter {
    /// A configuration made ready for many writes: its words, its used bits (IHI 0070 §5.2 for
    /// an STE, §5.4 for a CD, as `UsedBits`), and a decode that found nothing ILLEGAL.
    public struct Target: Sendable, Hashable {
        public let kind: DescriptorKind
        let words: SIMD8<UInt64>
        let used: SIMD8<UInt64>

        /// Decode `words` once: refused if not 8 words, not an STE or CD, or ILLEGAL (the
        /// findings `apply` refuses on), unless `allowIllegal`.
        public init(_ kind: DescriptorKind, words: [UInt64], features: Features = Features(),
                    allowIllegal: Bool = false) throws(PlanError) {
            guard kind == .ste || kind == .cd else { throw .kind(kind) }
            guard words.count == 8 else {
                throw .input(.wordCount(kind: kind.rawValue, expected: 8, got: words.count))
            }
            if !allowIllegal {
                let bad = LegalTargets.illegal(kind, words, features)
                guard bad.isEmpty else { throw .invalidTarget(bad) }
            }
            self.kind = kind
            self.words = UsedBits.entry(words)
            self.used = UsedBits.used(kind, self.words)
        }

        /// The configuration's eight words.
        public var wordArray: [UInt64] { UsedBits.array(words) }
    }

    // One concrete entry point per table, not one generic: a public generic function is not
    // specialised for a caller in another module (the bench measured 1.75x), these are.

    /// Move the STE of `sid` to `target` by Linux's sequence, planned from the words the entry
    /// holds now (so a write by any other path is taken into account). `sync` is called at each sync point; what it owes there is CFGI_STE (Leaf=1)
    /// for `sid` (`StreamTable.invalidations`), then CMD_SYNC. If the table's log records, each
    /// store and owed invalidation is logged too. Returns the number of syncs. Refused with
    /// nothing stored: a CD target, a StreamID out of range or without its L2 array.
    @discardableResult
    public static func write(_ target: borrowing Target, to table: borrowing StreamTable, sid: UInt32,
                             sync: () throws -> Void) throws -> Int {
        try write(target, to: table, sid: sid, from: target, known: false, sync: sync)
    }

    /// `write(_:to:sid:sync:)` where the caller last wrote `previous` to the entry: if the entry
    /// still holds exactly its words, their used bits are not computed again.
    @discardableResult
    public static func write(_ target: borrowing Target, to table: borrowing StreamTable, sid: UInt32,
                             from previous: borrowing Target, sync: () throws -> Void) throws -> Int {
        try write(target, to: table, sid: sid, from: previous, known: true, sync: sync)
    }

    @inline(__always)
    static func write(_ target: borrowing Target, to table: borrowing StreamTable, sid: UInt32,
                      from previous: borrowing Target, known: Bool, sync: () throws -> Void) throws -> Int {
        guard target.kind == .ste else { throw PlanError.tableKind(target.kind, table: .ste) }
        let p = try table.presentEntryAddress(sid)
        return try store(target, p, previous, known, table, sid, sync)
    }

    /// Move the CD of `ssid` to `target` (as `write(_:to:sid:from:sync:)`); what `sync` owes is
    /// CFGI_CD for every StreamID sharing the table (`CDTable.invalidations`), then CMD_SYNC.
    @discardableResult
    public static func write(_ target: borrowing Target, to table: borrowing CDTable, ssid: UInt32,
                             sync: () throws -> Void) throws -> Int {
        try write(target, to: table, ssid: ssid, from: target, known: false, sync: sync)
    }

    /// `write(_:to:ssid:sync:)` where the caller last wrote `previous` to the entry.
    @discardableResult
    public static func write(_ target: borrowing Target, to table: borrowing CDTable, ssid: UInt32,
                             from previous: borrowing Target, sync: () throws -> Void) throws -> Int {
        try write(target, to: table, ssid: ssid, from: previous, known: true, sync: sync)
    }

    @inline(__always)
    static func write(_ target: borrowing Target, to table: borrowing CDTable, ssid: UInt32,
                      from previous: borrowing Target, known: Bool, sync: () throws -> Void) throws -> Int {
        guard target.kind == .cd else { throw PlanError.tableKind(target.kind, table: .cd) }
        let p = try table.presentEntryAddress(ssid)
        return try store(target, p, previous, known, table, ssid, sync)
    }

    /// The sequence from the live words to `target`, stored. `previous`, when the entry holds
    /// exactly its words, lends its used bits (computed once per configuration).
    @inline(__always)
    static func store<Table: LiveEntryTable & ~Copyable>(_ target: borrowing Target, _ p: UnsafeMutablePointer<UInt64>,
                                                         _ previous: borrowing Target, _ known: Bool,
                                                         _ table: borrowing Table,
                                                         _ index: Table.Index,
                                                         _ sync: () throws -> Void) throws -> Int {
        var cur = SIMD8<UInt64>()
        for i in 0..<8 { cur[i] = smmuv3_load_qword(p + i) }
        let kind = target.kind, words = target.words, used = target.used
        let previousKind = previous.kind, previousWords = previous.words
        let curUsed = known && previousKind == kind && previousWords == cur ? previous.used : UsedBits.used(kind, cur)
        let isSTE = kind == .ste
        let logging = table.log.isRecording
        var syncs = 0
        _ = try StoreSequence.linux(cur: cur, curUsed: curUsed, target: words, targetUsed: used,
                                    safe: isSTE ? UsedBits.steUpdateSafe(cur, words) : SIMD8(),
                                    vMask: isSTE ? UsedBits.vMask : UsedBits.cdV) { (m, v) throws in
            if logging {
                // The recording path: the table's logged publish, then the owed invalidations.
                for i in 0..<8 where m & (1 << i) != 0 { try table.publish(index, qword: i, value: v[i]) }
                for owed in table.invalidations(for: index, leaf: true) { table.log.append(.invalidate(owed)) }
            } else {
                smmuv3_release_barrier()
                for i in 0..<8 where m & (1 << i) != 0 { smmuv3_store_qword(p + i, v[i]) }
            }
            try sync()
            syncs += 1
        }
        return syncs
    }
}

extension EntryWriter {
    /// A driver's handful of configurations of one kind made ready once: each decoded once
    /// (`Target`), and Linux's sequence between every ordered pair planned once. A transition
    /// between two of them is then the stores alone: the entry is checked to hold the `from`
    /// configuration (eight loads), and each memoised step is a release barrier, one relaxed
    /// 64-bit store per word, and the sync sink. An entry holding anything else is planned from
    /// its live words (`write(_:to:sid:sync:)`).
    public struct Configurations: Sendable {
        public let kind: DescriptorKind
        public let targets: [Target]
        /// Per ordered pair p = from * count + to: byte s of `masks[p]` holds the words step s
        /// stores; `values[(p * 3 + s) * 8 + i]` the value of word i after step s.
        let masks: [UInt32]
        let values: [UInt64]

        /// The most configurations one set plans between (count² sequences are kept).
        public static let maxCount = 64

        /// Decode every entry once (ILLEGAL refused unless `allowIllegal`) and plan every pair.
        public init(_ kind: DescriptorKind, _ entries: [[UInt64]], features: Features = Features(),
                    allowIllegal: Bool = false) throws {
            guard entries.count <= Self.maxCount else {
                throw ConfigurationError.tooMany(count: entries.count, max: Self.maxCount)
            }
            let targets = try entries.map { w throws(PlanError) in
                try Target(kind, words: w, features: features, allowIllegal: allowIllegal)
            }
            let n = targets.count
            var masks = [UInt32](repeating: 0, count: n * n)
            var values = [UInt64](repeating: 0, count: n * n * 24)
            for a in 0..<n {
                for b in 0..<n {
                    let p = a * n + b
                    var step = 0
                    let (c, t) = (targets[a], targets[b])
                    _ = StoreSequence.linux(cur: c.words, curUsed: c.used, target: t.words, targetUsed: t.used,
                                            safe: UsedBits.updateSafe(kind, c.words, t.words),
                                            vMask: kind == .ste ? UsedBits.vMask : UsedBits.cdV) { m, v in
                        masks[p] |= UInt32(m) << (8 * step)
                        for i in 0..<8 { values[(p * 3 + step) * 8 + i] = v[i] }
                        step += 1
                    }
                }
            }
            self.kind = kind
            self.targets = targets
            self.masks = masks
            self.values = values
        }

        public var count: Int { targets.count }

        /// Move the STE of `sid` from configuration `from` to configuration `to`. Returns the
        /// number of syncs. If the entry does not hold `from`, it is planned from its live words.
        @discardableResult
        public func write(_ to: Int, from: Int, to table: borrowing StreamTable, sid: UInt32,
                          sync: () throws -> Void) throws -> Int {
            guard kind == .ste else { throw PlanError.tableKind(kind, table: .ste) }
            try check(to, from)
            let p = try table.presentEntryAddress(sid)
            if !table.log.isRecording, let syncs = try stored(from, to, p, sync) { return syncs }
            return try EntryWriter.write(targets[to], to: table, sid: sid, sync: sync)
        }

        /// Move the CD of `ssid` from configuration `from` to configuration `to`.
        @discardableResult
        public func write(_ to: Int, from: Int, to table: borrowing CDTable, ssid: UInt32,
                          sync: () throws -> Void) throws -> Int {
            guard kind == .cd else { throw PlanError.tableKind(kind, table: .cd) }
            try check(to, from)
            let p = try table.presentEntryAddress(ssid)
            if !table.log.isRecording, let syncs = try stored(from, to, p, sync) { return syncs }
            return try EntryWriter.write(targets[to], to: table, ssid: ssid, sync: sync)
        }

        func check(_ to: Int, _ from: Int) throws(ConfigurationError) {
            if !(0..<count).contains(to) { throw .index(to, count: count) }
            if !(0..<count).contains(from) { throw .index(from, count: count) }
        }

        /// The memoised sequence, if the entry holds configuration `from`; nil otherwise.
        @inline(__always)
        func stored(_ from: Int, _ to: Int, _ p: UnsafeMutablePointer<UInt64>,
                    _ sync: () throws -> Void) throws -> Int? {
            try targets.withUnsafeBufferPointer { targets in
                let expected = targets[from].words
                for i in 0..<8 where smmuv3_load_qword(p + i) != expected[i] { return nil }
                let pair = from * targets.count + to
                var m = masks.withUnsafeBufferPointer { $0[pair] }
                var syncs = 0
                try values.withUnsafeBufferPointer { values in
                    var base = pair * 24
                    while m != 0 {
                        let stores = UInt8(truncatingIfNeeded: m)
                        smmuv3_release_barrier()
                        for i in 0..<8 where stores & (1 << i) != 0 { smmuv3_store_qword(p + i, values[base + i]) }
                        try sync()
                        syncs += 1
                        m >>= 8
                        base += 8
                    }
                }
                return syncs
            }
        }
    }

    /// Why a set of configurations or an index into it was refused.
    public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
        case tooMany(count: Int, max: Int)
        case index(Int, count: Int)

        public var description: String {
            switch self {
            case let .tooMany(n, max): "\(n) configurations: at most \(max) are planned pairwise"
            case let .index(i, n): "configuration \(i) is not one of 0..<\(n)"
            }
        }
    }
}
