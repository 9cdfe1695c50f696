/// The torn-state checker (consumer view). The SMMU reads each 64-bit word atomically, the words
/// in any order and at any time, and may keep what it read until a CFGI + CMD_SYNC completes. So
/// between two syncs every word may show the value it had at the last sync or any value stored
/// to it since (a store not followed by a sync leaves that debt to the next step). Every such
/// combination is decoded and classified: the old configuration, the new one, invalid (V=0), or
/// HYBRID. Safe: no hybrid. Hitless: safe and never invalid.
///
/// It judges entries by what the SMMU would do with them (`Configuration`), written from the
/// spec's field semantics, not from the planner's used-bits tables.
public enum Checker {
    public enum Class: String, Sendable { case old, new, invalid, hybrid }

    public struct Report: Sendable, Hashable {
        public let safe: Bool
        public let hitless: Bool
        /// Distinct entries the SMMU could have observed.
        public let observed: Int
        /// The first hybrid entry found, and the step it is observable in (0-based).
        public let hybrid: [UInt64]?
        public let hybridStep: Int?
        public let syncs: Int
        /// The last step ends with a sync (nothing left for the SMMU to see late).
        public let endsSynced: Bool
        /// The entry ends equal to the target.
        public let reachesTarget: Bool

        public var verdict: String { safe && endsSynced && reachesTarget ? "safe" : "unsafe" }
    }

    /// Most combinations one step may have before the checker refuses to enumerate.
    static let limit = 1 << 16

    public static func check(_ kind: DescriptorKind, from: [UInt64], steps: [Step], target: [UInt64]) -> Report {
        let old = Configuration(kind, from), new = Configuration(kind, target)
        var current = from
        var possible: [[UInt64]] = from.map { [$0] }
        var seen: Set<[UInt64]> = []
        var hybrid: [UInt64]?, hybridStep: Int?
        var invalidSeen = false
        for (n, step) in steps.enumerated() {
            for w in step.writes {
                current[w.qword] = w.value
                if !possible[w.qword].contains(w.value) { possible[w.qword].append(w.value) }
            }
            for e in combinations(possible) where seen.insert(e).inserted {
                switch classify(Configuration(kind, e), old: old, new: new) {
                case .hybrid:
                    if hybrid == nil { hybrid = e; hybridStep = n }
                case .invalid: invalidSeen = true
                case .old, .new: break
                }
            }
            if step.sync { possible = current.map { [$0] } }
        }
        if steps.isEmpty { seen.insert(from) }
        return Report(safe: hybrid == nil, hitless: hybrid == nil && !invalidSeen, observed: seen.count,
                      hybrid: hybrid, hybridStep: hybridStep, syncs: steps.filter(\.sync).count,
                      endsSynced: steps.last?.sync ?? true, reachesTarget: current == target)
    }

    static func combinations(_ sets: [[UInt64]]) -> [[UInt64]] {
        var out: [[UInt64]] = [[]]
        for s in sets {
            out = out.flatMap { prefix in s.map { prefix + [$0] } }
            if out.count > limit { return Array(out.prefix(limit)) }
        }
        return out
    }

    static func classify(_ c: Configuration, old: Configuration, new: Configuration) -> Class {
        if c.isInvalid { return .invalid }
        if c.equivalent(to: old) { return .old }
        if c.equivalent(to: new) { return .new }
        return .hybrid
    }
}

/// What an SMMU does with an entry, as the fields it reads and their values (IHI 0070 §5.2, §5.4,
/// §13.5). Two entries with the same configuration behave the same for every transaction.
public struct Configuration: Sendable, Hashable, CustomStringConvertible {
    public let isInvalid: Bool
    /// The fields the SMMU reads for this entry, with their values.
    public let reads: [String: UInt64]

    public init(_ kind: DescriptorKind, _ words: [UInt64]) {
        let l = Layouts.fixed(kind)!
        func v(_ n: String) -> UInt64 { l.field(named: n)!.get(words) }
        var names: [String] = []
        if v("V") == 0 {
            isInvalid = true
            reads = [:]
            return
        }
        isInvalid = false
        if kind == .ste {
            let config = v("Config")
            let s1 = config & 0b101 == 0b101, s2 = config & 0b110 == 0b110
            if config & 0b100 == 0 {
                names = ["Config"]          // abort, and reserved encodings that behave as abort
                reads = ["Config": 0]
                return
            }
            names = ["Config", "CONT", "DRE", "DCP", "PRIVCFG", "INSTCFG", "NSCFG"]
            // Overrides of incoming attributes apply to traffic that bypasses translation: every
            // transaction of a bypass STE, non-substream traffic with S1DSS=bypass (§13.5).
            let bypassTraffic = config == 0b100 || (s1 && !s2 && v("S1CDMax") > 0 && v("S1DSS") == 1)
            if bypassTraffic || s2 { names += ["SHCFG"] }
            if bypassTraffic { names += ["MTCFG", "MemAttr", "ALLOCCFG"] }
            if s1 || s2 { names += ["EATS"] }
            if s1 {
                names += ["S1ContextPtr", "S1CDMax", "S1CIR", "S1COR", "S1CSH", "S1STALLD", "STRW",
                          "S1MPAM", "S1PIE", "PPAR", "S2VMID"]
                if v("S1CDMax") > 0 { names += ["S1Fmt", "S1DSS"] }
            }
            if s2 {
                names += ["S2VMID", "S2T0SZ", "S2SL0", "S2IR0", "S2OR0", "S2SH0", "S2TG", "S2PS", "S2AA64",
                          "S2ENDI", "S2AFFD", "S2PTW", "S2HD", "S2HA", "S2S", "S2R", "S2TTB", "S2FWB",
                          "S2HWU59", "S2HWU60", "S2HWU61", "S2HWU62", "S2HAFT", "S2PIE", "S2POE", "S2SL0_2", "S2DS"]
            }
            // MEV only changes how fault records are merged: never part of the behaviour.
        } else {
            // A valid CD: every field, except the TTB0 walk fields when EPD0=1 and the TTB1 walk
            // fields when EPD1=1 (§5.4: IGNORED while walks through that base are disabled).
            var skip: Set<String> = []
            if v("EPD0") == 1 { skip.formUnion(["TG0", "IR0", "OR0", "SH0", "TTB0", "HAD0", "DisCH0"]) }
            if v("EPD1") == 1 { skip.formUnion(["T1SZ", "TG1", "IR1", "OR1", "SH1", "TTB1", "HAD1", "DisCH1"]) }
            names = l.fields.filter { !$0.isAlias && !skip.contains($0.name) }.map(\.name)
        }
        var r: [String: UInt64] = [:]
        for n in names { r[n] = v(n) }
        reads = r
    }

    /// Same behaviour. EATS 0b00 and 0b01 are interchangeable when both sides are in that pair:
    /// ATS is disabled at the PCI function across such a change, so no translation request
    /// arrives to tell them apart.
    public func equivalent(to o: Configuration) -> Bool {
        guard isInvalid == o.isInvalid, Set(reads.keys) == Set(o.reads.keys) else { return false }
        for (k, a) in reads {
            let b = o.reads[k]!
            if a == b { continue }
            if k == "EATS" && a <= 1 && b <= 1 { continue }
            return false
        }
        return true
    }

    public var description: String {
        isInvalid ? "invalid" : reads.keys.sorted().map { "\($0)=\(hex(reads[$0]!))" }.joined(separator: " ")
    }
}
