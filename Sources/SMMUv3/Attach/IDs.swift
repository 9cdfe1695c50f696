/// ASIDs and VMIDs per SMMU under the three ID policies (`IDPolicy`).
///
/// Each SMMU lists the IDs it holds (`SMMUState.asids` / `vmids`: ID -> domain); each domain the
/// ID it uses on each SMMU it is installed in (`DomainState.ids`); SMMUs with id-policy=global
/// also share one ASID pool (`State.pools`). An ID is taken when the domain's first slot on the
/// SMMU is attached and given back, after its TLBI, when the last one goes (`forget`).
extension Fabric {
    /// The ID a domain would take on an SMMU, found before anything changes.
    struct IDChoice {
        let id: UInt64
        /// Not held by the domain on this SMMU yet.
        let fresh: Bool
        /// Why this ID, for the output (an allocation under global or per-smmu).
        let note: String?
    }

    /// The largest ASID/VMID the SMMU takes: 16 or 8 bits (SMMU_IDR0.ASID16 / VMID16).
    static func maxID(_ word: String, _ sm: SMMUState) -> UInt64 {
        (UInt64(1) << UInt64(word == "ASID" ? sm.features.asidBits : sm.features.vmidBits)) - 1
    }

    /// ASID for stage-1 and SVA domains, VMID for stage-2, nil for identity and blocked.
    static func idOf(_ k: DomainKind) -> (word: String, declared: UInt64)? {
        switch k {
        case let .s1(a, _), let .sva(a, _): ("ASID", a)
        case let .s2(v, _): ("VMID", v)
        case .identity, .blocked, .nested: nil
        }
    }

    /// The ID `d` uses on `sm` now, or the one it would take there under the SMMU's policy;
    /// throws (naming the ID, the SMMU and the holder) when the policy has none to give.
    static func chooseID(_ s: State, _ d: DomainState, _ sm: SMMUState) throws(FlowError) -> IDChoice? {
        guard let (word, declared) = idOf(d.kind) else { return nil }
        if let id = d.ids[sm.name] { return IDChoice(id: id, fresh: false, note: nil) }
        let isASID = word == "ASID"
        let held = isASID ? sm.asids : sm.vmids
        let policy = sm.features.idPolicy
        switch policy {
        case .named:
            guard d.named else {
                throw FlowError("domain \(d.name) names no \(word) (\(word.lowercased())=): smmu \(sm.name) has id-policy=named, which takes the domain's own")
            }
            if let h = held[declared], h != d.name { throw FlowError("\(word) \(declared) is already taken on smmu \(sm.name) by domain \(h)") }
            return IDChoice(id: declared, fresh: true, note: nil)
        case .global where isASID:
            if let id = s.pools.globalASIDs.first(where: { $0.value == d.name })?.key {
                // The domain's ASID from the shared pool, which it keeps wherever it goes.
                if let h = held[id], h != d.name { throw FlowError("ASID \(id) is already taken on smmu \(sm.name) by domain \(h)") }
                return IDChoice(id: id, fresh: true, note: nil)
            }
            let taken = { (id: UInt64) in s.pools.globalASIDs[id] != nil || held[id] != nil }
            return try pick(d, sm, word, prefs: d.named ? [declared] : [], taken: taken,
                            pool: "the pool shared by every id-policy=global SMMU")
        case .global, .perSMMU:
            let mine = Set(d.ids.values).sorted()
            return try pick(d, sm, word, prefs: mine + (d.named && !mine.contains(declared) ? [declared] : []),
                            taken: { held[$0] != nil }, pool: "smmu \(sm.name)'s own \(word)s")
        }
    }

    /// The first preferred ID that is free, else the lowest free one from 1.
    static func pick(_ d: DomainState, _ sm: SMMUState, _ word: String, prefs: [UInt64], taken: (UInt64) -> Bool,
                     pool: String) throws(FlowError) -> IDChoice {
        let policy = "id-policy=\(sm.features.idPolicy.rawValue)"
        let max = maxID(word, sm)
        if let id = prefs.first(where: { $0 <= max && !taken($0) }) {
            return IDChoice(id: id, fresh: true, note: "domain \(d.name) takes \(word) \(hex(id)) on smmu \(sm.name) (\(policy), from \(pool))")
        }
        guard let id = (1...max).first(where: { !taken($0) }) else {
            throw FlowError("domain \(d.name): no \(word) is free in \(pool) (\(policy))")
        }
        let why = prefs.map { $0 > max ? "\(word) \(hex($0)) does not fit its \(max == 0xff ? 8 : 16)-bit \(word)s" : "\(word) \(hex($0)) is taken there" }
            .map { ": " + $0 }.joined()
        return IDChoice(id: id, fresh: true, note: "domain \(d.name) takes \(word) \(hex(id)) on smmu \(sm.name) (\(policy), the lowest free in \(pool))\(why)")
    }

    /// Take the chosen ID for the domain on the SMMU (given back if the flow fails).
    static func reserve(_ d: DomainState, _ c: IDChoice?, on sm: SMMUState, _ pools: Pools, _ j: Journal) {
        guard let c, let (word, _) = idOf(d.kind) else { return }
        let ids = d.ids, asids = sm.asids, vmids = sm.vmids, global = pools.globalASIDs
        j.record {
            d.ids = ids
            sm.asids = asids
            sm.vmids = vmids
            pools.globalASIDs = global
        }
        d.ids[sm.name] = c.id
        if word == "ASID" {
            sm.asids[c.id] = d.name
            if sm.features.idPolicy == .global { pools.globalASIDs[c.id] = d.name }
        } else {
            sm.vmids[c.id] = d.name
        }
    }

    /// Give back the domain's ID on an SMMU it has left (its TLBI already issued); its ASID in the
    /// global pool goes back when it holds it on no id-policy=global SMMU any more.
    static func freeID(_ s: State, _ d: DomainState, on sm: SMMUState, _ j: Journal) {
        let ids = d.ids, asids = sm.asids, vmids = sm.vmids, pools = s.pools, global = pools.globalASIDs
        j.record {
            d.ids = ids
            sm.asids = asids
            sm.vmids = vmids
            pools.globalASIDs = global
        }
        d.ids[sm.name] = nil
        sm.asids = sm.asids.filter { $0.value != d.name }
        sm.vmids = sm.vmids.filter { $0.value != d.name }
        let stillGlobal = d.ids.keys.contains { s.smmus[$0]?.features.idPolicy == .global }
        if !stillGlobal { pools.globalASIDs = pools.globalASIDs.filter { $0.value != d.name } }
    }
}
