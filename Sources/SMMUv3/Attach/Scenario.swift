/// Scenario scripts (seeds/*.smmu): one statement a line, `#` comments.
///
///     smmu NAME [sid-bits=N] [ssid-bits=N] [strtab=linear|2level] [features=ats,stall,stall-force,e2h,attr-override,cd2l,ril]
///          [id-policy=named|global|per-smmu] [order=driver|lockstep]
///          [stages=s1,s2] [asid-bits=8|16] [vmid-bits=8|16] [granules=4k,16k,64k] [oas=32|36|40|42|44|48|52]
///     master NAME smmu=S sids=A[,B…] [ssid-bits=N] [ats] [stall]
///     domain NAME s1 [asid=N] ttb0=ADDR | s2 [vmid=N] vttbr=ADDR | sva [asid=N] ttb0=ADDR | identity | blocked
///          (without asid=/vmid= the ID is allocated by an SMMU with id-policy global or per-smmu)
///          | nested parent=S2DOMAIN cdtable=ADDR [s1cdmax=N] [ats]
///     domain NAME s1 [asid=N] [va-bits=39|48] | s2 [vmid=N] [ipa-bits=32...48]   (the fabric allocates the tables)
///     map DOMAIN iova=A pa=P size=S [perm=r|w|rw]      (fabric-allocated tables only; never over a valid mapping)
///     unmap DOMAIN iova=A size=S                      (then TLBI by ASID/VMID on every SMMU it is attached to)
///     dma MASTER [sid=S] [ssid=N] iova=A read|write [len=N]   (prints the walker's prediction)
///     attach DOMAIN MASTER [ssid=N] [replace]
///     detach MASTER [ssid=N]
///     set-asid DOMAIN N
///     release DOMAIN
///     invalidate DOMAIN [iova=ADDR size=N]
///     fault MASTER [ssid=N] iova=ADDR [write]
///     resume MASTER stag=N retry|abort
public enum Scenario {
    /// What each line did.
    public struct Step: Sendable {
        /// The 1-based line number.
        public let line: Int
        /// The line as written.
        public let text: String
        /// The stores, commands, predictions and events the line caused, in order.
        public let events: [FlowEvent]
        /// Why the fabric modelled something other than the line literally asked for (a stall
        /// master on an SMMU without stall keeps stall off), for the output.
        public let notes: [String]
        /// CMD_SYNCs the line issued, and what the one-entry-at-a-time (driver) order would
        /// have cost (more where `order=lockstep` batched entries).
        public let syncs: Int
        /// The CMD_SYNCs the one-entry-at-a-time order would have cost.
        public let driverSyncs: Int
    }

    /// Run a script on a new fabric. A refused line stops the run with an error naming it.
    public static func run(_ text: String, fabric: Fabric = Fabric()) throws(FlowError) -> (Fabric, [Step]) {
        var steps: [Step] = []
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            let t = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard !t.isEmpty else { continue }
            do {
                try execute(t, fabric)
            } catch {
                throw FlowError("line \(i + 1): \(error.message)")
            }
            let events = fabric.drainEvents().map { $0.stamped(line: i + 1) }
            let syncs = events.filter { $0.commandName == "SYNC" }.count
            steps.append(Step(line: i + 1, text: t.joined(separator: " "), events: events, notes: fabric.drainNotes(),
                              syncs: syncs, driverSyncs: syncs + fabric.drainSyncsSaved()))
        }
        return (fabric, steps)
    }

    static func execute(_ t: [String], _ f: Fabric) throws(FlowError) {
        if try executeTranslation(t, f) { return }
        var opts: [String: String] = [:]
        var flags: Set<String> = []
        var positional: [String] = []
        for w in t.dropFirst() {
            if let eq = w.firstIndex(of: "=") {
                let k = String(w[..<eq]), v = String(w[w.index(after: eq)...])
                guard opts[k] == nil else { throw FlowError("'\(k)' given twice") }
                opts[k] = v
            } else if opts.isEmpty && flags.isEmpty {
                positional.append(w)
            } else {
                flags.insert(w)
            }
        }
        func number(_ k: String) throws(FlowError) -> UInt64? {
            guard let v = opts.removeValue(forKey: k) else { return nil }
            guard let n = WordInput.parseNumber(v) else { throw FlowError("\(k)=\(v) is not a number") }
            return n
        }
        /// A number that must lie in `range`; the error names the option and the value as written.
        func small(_ k: String, _ range: ClosedRange<Int>, _ rule: String) throws(FlowError) -> Int? {
            guard let text = opts[k] else { return nil }
            guard let n = try number(k) else { return nil }
            guard n <= UInt64(range.upperBound), Int(n) >= range.lowerBound else {
                throw FlowError("\(k)=\(text) is not in \(range.lowerBound)...\(range.upperBound) (\(rule))")
            }
            return Int(n)
        }
        /// A SubstreamID: at most 20 bits (SMMU_IDR1.SSIDSIZE is 0...20).
        func ssid() throws(FlowError) -> UInt32 {
            guard let text = opts["ssid"] else { return 0 }
            guard let n = try number("ssid") else { return 0 }
            guard n < 1 << 20 else {
                throw FlowError("ssid=\(text) is beyond the 20 bits a SubstreamID has (SMMU_IDR1.SSIDSIZE is at most 20)")
            }
            return UInt32(n)
        }
        func need(_ k: String) throws(FlowError) -> UInt64 {
            guard let n = try number(k) else { throw FlowError("\(t[0]) needs \(k)=") }
            return n
        }
        func done() throws(FlowError) {
            if let k = opts.keys.sorted().first { throw FlowError("unknown option '\(k)=' for \(t[0])") }
            if let x = flags.sorted().first { throw FlowError("unknown word '\(x)' for \(t[0])") }
        }
        func names(_ n: Int) throws(FlowError) -> [String] {
            guard positional.count == n else { throw FlowError("\(t[0]) takes \(n) name\(n == 1 ? "" : "s"), got \(positional.count)") }
            return positional
        }
        switch t[0] {
        case "smmu":
            let name = try names(1)[0]
            var feat = SMMUFeatures()
            if let v = try small("sid-bits", 1...32, "SMMU_IDR1.SIDSIZE") { feat.sidBits = v }
            if let v = try small("ssid-bits", 0...20, "SMMU_IDR1.SSIDSIZE") { feat.ssidBits = v }
            if let s = opts.removeValue(forKey: "strtab") {
                guard s == "linear" || s == "2level" else { throw FlowError("strtab=\(s) is not linear or 2level") }
                feat.twoLevelStreamTable = s == "2level"
            }
            if let p = opts.removeValue(forKey: "id-policy") {
                guard let policy = IDPolicy(rawValue: p) else {
                    throw FlowError("id-policy=\(p) is not named, global or per-smmu")
                }
                feat.idPolicy = policy
            }
            if let o = opts.removeValue(forKey: "order") {
                guard o == "driver" || o == "lockstep" else { throw FlowError("order=\(o) is not driver or lockstep") }
                feat.lockstep = o == "lockstep"
            }
            if let list = opts.removeValue(forKey: "stages") {
                let st = Set(list.split(separator: ",").map(String.init))
                if let bad = st.subtracting(["s1", "s2"]).sorted().first { throw FlowError("stages: '\(bad)' is not s1 or s2") }
                guard !st.isEmpty else { throw FlowError("stages= names no stage (s1, s2)") }
                feat.stage1 = st.contains("s1"); feat.stage2 = st.contains("s2")
            }
            for (k, bits) in [("asid-bits", \SMMUFeatures.asidBits), ("vmid-bits", \SMMUFeatures.vmidBits)] {
                guard let v = try number(k) else { continue }
                guard v == 8 || v == 16 else { throw FlowError("\(k)=\(v) is not 8 or 16 (SMMU_IDR0.\(k == "asid-bits" ? "ASID16" : "VMID16"))") }
                feat[keyPath: bits] = Int(v)
            }
            if let list = opts.removeValue(forKey: "granules") {
                var g: Set<Int> = []
                for x in list.split(separator: ",") {
                    switch x {
                    case "4k": g.insert(4)
                    case "16k": g.insert(16)
                    case "64k": g.insert(64)
                    default: throw FlowError("granules: '\(x)' is not 4k, 16k or 64k (SMMU_IDR5.GRAN*)")
                    }
                }
                guard !g.isEmpty else { throw FlowError("granules= names no granule (4k, 16k, 64k)") }
                feat.granules = g
            }
            if let v = try number("oas") {
                guard let bits = Int(exactly: v), SMMUFeatures.oasEncodings[bits] != nil else {
                    throw FlowError("oas=\(v) is not 32, 36, 40, 42, 44, 48 or 52 (SMMU_IDR5.OAS)")
                }
                feat.oas = bits
            }
            if let list = opts.removeValue(forKey: "features") {
                let fs = Set(list.split(separator: ",").map(String.init))
                let known: Set = ["ats", "stall", "stall-force", "e2h", "attr-override", "cd2l", "ril"]
                if let bad = fs.subtracting(known).sorted().first {
                    throw FlowError("unknown feature '\(bad)' (known: ats, stall, stall-force, e2h, attr-override, cd2l, ril)")
                }
                feat.ril = fs.contains("ril")
                feat.ats = fs.contains("ats"); feat.stall = fs.contains("stall"); feat.e2h = fs.contains("e2h")
                feat.stallForce = fs.contains("stall-force")
                feat.attrOverride = fs.contains("attr-override"); feat.cd2l = fs.contains("cd2l")
            }
            try done()
            try f.addSMMU(name, feat)
        case "master":
            let name = try names(1)[0]
            guard let smmu = opts.removeValue(forKey: "smmu") else { throw FlowError("master needs smmu=") }
            guard let list = opts.removeValue(forKey: "sids") else { throw FlowError("master needs sids=") }
            var sids: [UInt32] = []
            for x in list.split(separator: ",") {
                guard let n = WordInput.parseNumber(String(x)), n <= UInt64(UInt32.max) else { throw FlowError("sids: '\(x)' is not a StreamID") }
                sids.append(UInt32(n))
            }
            let bits = try small("ssid-bits", 0...20, "SubstreamID bits, SMMU_IDR1.SSIDSIZE at most 20")
            let ats = flags.remove("ats") != nil, stall = flags.remove("stall") != nil
            try done()
            try f.addMaster(name, smmu: smmu, sids: sids, ssidBits: bits, ats: ats, stall: stall)
        case "domain":
            guard positional.count == 2 else { throw FlowError("domain takes a name and a kind (s1, s2, sva, nested, identity, blocked)") }
            let kind: DomainKind
            var named = true
            switch positional[1] {
            case "s1", "sva":
                let asid = try number("asid")
                named = asid != nil
                kind = positional[1] == "s1" ? .s1(asid: asid ?? 0, ttb0: try need("ttb0")) : .sva(asid: asid ?? 0, ttb0: try need("ttb0"))
            case "s2":
                let vmid = try number("vmid")
                named = vmid != nil
                kind = .s2(vmid: vmid ?? 0, vttbr: try need("vttbr"))
            case "nested":
                guard let parent = opts.removeValue(forKey: "parent") else { throw FlowError("domain nested needs parent=") }
                let table = try need("cdtable")
                let n = try number("s1cdmax") ?? 0
                guard n <= 20 else { throw FlowError("s1cdmax=\(n) is not in 0...20 (STE.S1CDMax)") }
                kind = .nested(parent: parent, cdTable: table, s1cdmax: Int(n), ats: flags.remove("ats") != nil)
            case "identity": kind = .identity
            case "blocked": kind = .blocked
            default: throw FlowError("unknown domain kind '\(positional[1])' (s1, s2, sva, nested, identity, blocked)")
            }
            try done()
            try f.addDomain(positional[0], kind, named: named)
        case "attach":
            if positional.count == 3 && positional[2] == "replace" {     // `attach D M replace`
                positional.removeLast()
                flags.insert("replace")
            }
            let n = try names(2)
            let ssid = try ssid()
            let replace = flags.remove("replace") != nil
            try done()
            try f.attach(n[0], n[1], ssid: ssid, replace: replace)
        case "detach":
            let n = try names(1)
            let ssid = try ssid()
            try done()
            try f.detach(n[0], ssid: ssid)
        case "set-asid":
            let n = try names(2)
            guard let asid = WordInput.parseNumber(n[1]) else { throw FlowError("set-asid: '\(n[1])' is not an ASID") }
            try done()
            try f.setASID(n[0], asid)
        case "release":
            let n = try names(1)
            try done()
            try f.release(n[0])
        case "invalidate":
            let n = try names(1)
            let iova = try number("iova"), size = try number("size")
            try done()
            switch (iova, size) {
            case (nil, nil): try f.invalidate(n[0])
            case let (i?, z?): try f.invalidate(n[0], iova: i, size: z)
            default: throw FlowError("invalidate takes iova= and size= together, or neither")
            }
        case "fault":
            let n = try names(1)
            let ssid = try number("ssid") ?? 0
            let iova = try need("iova")
            let write = flags.remove("write") != nil
            try done()
            try f.fault(n[0], ssid: UInt32(clamping: ssid), iova: iova, write: write)
        case "resume":
            var n = positional
            var answer: String? = nil
            if let last = n.last, last == "retry" || last == "abort", n.count == 2 { answer = n.removeLast() }
            if let x = flags.first(where: { $0 == "retry" || $0 == "abort" }) { answer = flags.remove(x) }
            guard n.count == 1 else { throw FlowError("resume takes 1 name, got \(n.count)") }
            guard let stag = try number("stag") else { throw FlowError("resume needs stag=") }
            guard let answer else { throw FlowError("resume needs retry or abort") }
            try done()
            try f.resume(n[0], stag: stag, retry: answer == "retry")
        default:
            throw FlowError("unknown statement '\(t[0])' (smmu, master, domain, attach, detach, set-asid, release, invalidate, fault, resume)")
        }
    }
}
