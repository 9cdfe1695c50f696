/// The attach, detach, set-ASID and invalidate flows (see seeds/README.md). Each is all-or-nothing:
///
/// 1. **Validate**: look every name up, check every rule, and build every descriptor the flow
///    will write (CDs, the STE target, the commands) before the first change. A flow refused here
///    changes nothing: no model change, no store, no command, no allocation.
/// 2. **Apply**, through a `Journal`: each model change and each entry write records how to undo
///    it. If a step fails after validation (the memory for a CD table, CD leaf or L2 array cannot
///    be had, a sync sink fails), the journal is played back in reverse: every entry written is
///    planned back to the words it held (through the planner and the entry writer, so the way
///    back is as safe as the way there, and its invalidations are issued), the model is restored,
///    and a CD table created by the flow is dropped. What stays, by design: L2 stream arrays and
///    CD leaves allocated on the way (every STE abort, every CD invalid, each published by one
///    L1 store: the state an `ensure` leaves, translating nothing) and commands already consumed
///    (invalidations and ATC_INVs are harmless to repeat). The error then says it was rolled back.
///
/// Attachment lists are updated around the hardware changes: new node first, old node last.
extension Fabric {
    static let mair: UInt64 = 0xf404_ff44
    static let tcr = TranslationControl(t0sz: 16)

    // MARK: public flows

    /// Attach `domain` to the master at `ssid` (0: the RID, which always replaces what it held).
    /// At a PASID that already holds a domain, `replace` is Linux's set_dev_pasid with an old
    /// domain: the new node is added first, the CD rewritten from the old domain's to the new
    /// one's (hitless where only one word's used bits change), ATC_INV for that SSID, then the
    /// old node is removed (and the old domain's ID freed with its TLBI if that was its last slot
    /// on the SMMU). Without `replace` such an attach is refused.
    public func attach(_ domain: String, _ master: String, ssid: UInt32 = 0, replace: Bool = false) throws(FlowError) {
        try locked { s throws(FlowError) in
            let (d, m, sm) = try Self.lookup(s, domain: domain, master: master)
            try Self.checkSSID(m, ssid)
            if m.slots[ssid] == domain { throw FlowError("domain \(domain) is already attached to \(master) at SSID \(ssid)") }
            if case .sva = d.kind, s.released.names.contains(domain) { throw FlowError("domain \(domain) has been released") }
            let old = try m.slots[ssid].map { n throws(FlowError) in try Self.domain(s, n) }
            if ssid != 0 {
                guard d.kind.usesCD else {
                    throw FlowError("domain \(domain) (\(d.kind)) cannot be attached at SSID \(ssid): only stage-1 and SVA domains live in CDs")
                }
                if let old, !replace {
                    throw FlowError("\(master) SSID \(ssid) already holds domain \(old.name): detach it first, or attach with 'replace'")
                }
                if let rid = m.slots[0], case .s2 = try Self.domain(s, rid).kind {
                    throw FlowError("\(master) has S2 domain \(rid) on its RID: PASIDs need a CD-table STE")
                }
                if let rid = m.slots[0], case .nested = try Self.domain(s, rid).kind {
                    throw FlowError("\(master) has nested domain \(rid) on its RID: its CD table is the guest's")
                }
            } else if case .s2 = d.kind, !m.pasids.isEmpty {
                throw FlowError("S2 domain \(domain) on the RID of \(master) is refused while PASIDs \(m.pasids.map(String.init).joined(separator: ",")) are attached")
            } else if case .nested = d.kind, !m.pasids.isEmpty {
                throw FlowError("nested domain \(domain) on the RID of \(master) is refused while PASIDs \(m.pasids.map(String.init).joined(separator: ",")) are in use")
            }
            // A nested domain uses its parent's VMID on this SMMU (taken for the parent if it has
            // none here yet); the parent must not live on another SMMU.
            var parent: DomainState? = nil
            if case let .nested(pn, _, _, _) = d.kind {
                let p = try Self.domain(s, pn)
                let homes = Set(p.ids.keys).union(p.attachments.map(\.smmu)).union(Self.nestedHomes(s, p))
                if !homes.isEmpty && !homes.contains(sm.name) {
                    throw FlowError("nested domain \(domain): its parent \(pn) lives on smmu \(homes.sorted().joined(separator: ",")), not \(sm.name)")
                }
                try Self.checkCompatible(p, sm)
                parent = p
            }
            let parentChoice = try parent.flatMap { p throws(FlowError) in try Self.chooseID(s, p, sm) }
            if let parent { try Self.checkWidth(parent, sm, parentChoice) }
            try Self.checkCompatible(d, sm)
            let idChoice = try Self.chooseID(s, d, sm)
            try Self.checkWidth(d, sm, idChoice)
            if case let .sva(_, ttb0) = d.kind { try Self.checkSVA(s, d, ttb0: ttb0, sm, ssid: ssid) }
            // Everything the hardware will hold, built before anything changes.
            let cd = d.kind.usesCD ? try self.cdFor(d, m, sm, released: s.released.names.contains(d.name), asid: idChoice?.id) : nil
            if let cd { try Self.checkLegal(.cd, cd.words, sm, "\(master) SSID \(ssid)") }
            var after = m.slots
            after[ssid] = domain
            let ste = try self.steTarget(s, m, sm, slots: after, table: m.cdTable?.ref ?? Self.plannedCDTable(m, sm),
                                         pending: idChoice.map { (domain, $0.id) } ?? parentChoice.flatMap { c in parent.map { ($0.name, c.id) } })
            try Self.checkLegal(.ste, ste.words, sm, "\(master)'s STE")
            let clearRIDCD = ssid == 0 && (old?.kind.usesCD ?? false) && !d.kind.usesCD
            let atc = try Self.atcAfterAttach(m, sm, ssid: ssid, target: ste)
            let oldTLBI = try old.flatMap { o throws(FlowError) in try Self.idTLBI(o, sm) }

            try self.transaction(&s, sm) { s, j throws(FlowError) in
                Self.reserve(d, idChoice, on: sm, s.pools, j)
                if let parent { Self.reserve(parent, parentChoice, on: sm, s.pools, j) }
                let node = Attachment(smmu: sm.name, master: master, ssid: ssid)
                d.attachments.append(node)
                j.record { d.attachments.removeAll { $0 == node } }
                m.slots[ssid] = domain
                j.record { m.slots[ssid] = old?.name }
                if let cd { try self.writeCD(s, m, sm, ssid: ssid, cd, j) }
                try self.writeSTE(s, m, sm, j)
                if clearRIDCD { try self.writeCD(s, m, sm, ssid: 0, CD(), j) }
                if !atc.isEmpty { try Self.issue(sm, atc, &s.events) }
                if let old { try self.forget(&s, old, m, sm, ssid: ssid, idTLBI: oldTLBI, j) }
                try Self.flush(sm, &s.events)
                if let note = idChoice?.note, idChoice?.fresh == true { s.eventLog.notes.append(note) }
            }
        }
    }

    /// The `detach` line: removes the domain at `master`'s slot `ssid` (0: the RID, which then blocks), clearing the CD, ending stalled transactions and invalidating the ATC in Linux's order.
    ///
    /// - Throws: ``FlowError`` for an unknown master, an SSID beyond its bits, or an empty slot; the fabric is unchanged then.
    public func detach(_ master: String, ssid: UInt32 = 0) throws(FlowError) {
        try locked { s throws(FlowError) in
            guard let m = s.masters[master] else { throw FlowError("unknown master \(master)") }
            try Self.checkSSID(m, ssid)
            guard let oldName = m.slots[ssid] else { throw FlowError("\(master) has nothing attached at SSID \(ssid)") }
            let sm = try Self.smmu(s, m.smmu), od = try Self.domain(s, oldName)
            var after = m.slots
            after[ssid] = nil
            let ste = try self.steTarget(s, m, sm, slots: after, table: m.cdTable?.ref)
            try Self.checkLegal(.ste, ste.words, sm, "\(master)'s STE")
            // ATS (Linux's remove_dev_pasid, then attach_commit of the RID's domain): a PASID's
            // ATC entries go right after its CD is cleared, before the STE changes; the whole ATC
            // (SSV=0) after the STE when the RID's translation changed or ATS was switched off.
            let atsBefore = Self.atsOn(Self.currentSTE(m, sm)), atsAfter = Self.atsOn(ste)
            let atcSSID = ssid != 0 && atsBefore ? try Self.atcInv(m, ssid: ssid) : []
            let atcAll = atsBefore && (ssid == 0 || !atsAfter) ? try Self.atcInv(m, ssid: 0) : []
            let idTLBI = try Self.idTLBI(od, sm)
            let stallTerm = try Self.stallTerm(m, sm, ssid: ssid)

            try self.transaction(&s, sm) { s, j throws(FlowError) in
                m.slots[ssid] = nil
                j.record { m.slots[ssid] = oldName }
                if ssid == 0 {
                    try self.writeSTE(s, m, sm, j)                                   // RID now blocked
                    if od.kind.usesCD { try self.writeCD(s, m, sm, ssid: 0, CD(), j) }
                    try Self.terminateStalls(&s, m, sm, stallTerm, j)
                } else {
                    try self.writeCD(s, m, sm, ssid: ssid, CD(), j)                     // clear the CD first
                    try Self.terminateStalls(&s, m, sm, stallTerm, j)                 // stalled transactions end
                    if !atcSSID.isEmpty { try Self.issue(sm, atcSSID, &s.events) }       // then that PASID's ATC entries
                    try self.writeSTE(s, m, sm, j)                                   // downgrade if it was the last PASID
                }
                if !atcAll.isEmpty { try Self.issue(sm, atcAll, &s.events) }
                try self.forget(&s, od, m, sm, ssid: ssid, idTLBI: idTLBI, j)
                try Self.flush(sm, &s.events)
            }
        }
    }

    /// Change a stage-1 / SVA domain's ASID: every recorded slot's CD is rewritten (word 0 only:
    /// one hitless step, CFGI_CD per StreamID + CMD_SYNC), then TLBI by the old ASID on every
    /// SMMU holding the domain, then the old ASID is released.
    public func setASID(_ domain: String, _ asid: UInt64) throws(FlowError) {
        try locked { s throws(FlowError) in
            guard let d = s.domains[domain] else { throw FlowError("unknown domain \(domain)") }
            guard asid <= 0xffff else { throw FlowError("domain \(domain): ASID=\(asid) does not fit in 16 bits (max 0xffff)") }
            let oldASID: UInt64, newKind: DomainKind
            switch d.kind {
            case let .s1(a, t): oldASID = a; newKind = .s1(asid: asid, ttb0: t)
            case let .sva(a, t): oldASID = a; newKind = .sva(asid: asid, ttb0: t)
            default: throw FlowError("domain \(domain) (\(d.kind)) has no ASID")
            }
            if oldASID == asid { return }                                     // already its ASID: nothing to do
            var smmus: [SMMUState] = []
            for n in Set(d.attachments.map(\.smmu)).sorted() {
                let sm = try Self.smmu(s, n)
                guard sm.features.idPolicy == .named else {
                    throw FlowError("domain \(domain) is installed on smmu \(n), which has id-policy=\(sm.features.idPolicy.rawValue): "
                        + "its IDs are allocated and never change (set-asid needs id-policy=named)")
                }
                if let holder = sm.asids[asid], holder != domain {
                    throw FlowError("ASID \(asid) is already taken on smmu \(n) by domain \(holder)")
                }
                smmus.append(sm)
            }
            let renamed = DomainState(name: d.name, kind: newKind)
            var rewrites: [(MasterState, SMMUState, UInt32, CD)] = []
            for a in d.attachments {
                let m = try Self.master(s, a.master)
                let sm = try Self.smmu(s, a.smmu), cd = try self.cdFor(renamed, m, sm, released: s.released.names.contains(renamed.name), asid: asid)
                try Self.checkLegal(.cd, cd.words, sm, "\(m.name) SSID \(a.ssid)")
                rewrites.append((m, sm, a.ssid, cd))
            }
            let tlbis = try smmus.map { sm throws(FlowError) in try Self.tlbiASID(oldASID, sm) }

            try self.transaction(&s, smmus) { s, j throws(FlowError) in
                for sm in smmus {
                    sm.asids[asid] = domain
                    d.ids[sm.name] = asid
                    j.record {
                        sm.asids[asid] = nil
                        d.ids[sm.name] = oldASID
                    }
                }
                let oldKind = d.kind
                d.kind = newKind
                j.record { d.kind = oldKind }
                try self.rewriteCDs(s, rewrites, j)
                for (sm, tlbi) in zip(smmus, tlbis) {
                    try Self.issue(sm, [tlbi], &s.events)
                    sm.asids[oldASID] = nil
                    j.record { sm.asids[oldASID] = domain }
                }
            }
        }
    }

    /// SVA release: every slot's CD becomes the quiet CD (EPD0=1, same ASID) hitlessly, then TLBI
    /// by ASID on each SMMU and ATC invalidation of every ATS slot.
    public func release(_ domain: String) throws(FlowError) {
        try locked { s throws(FlowError) in
            guard let d = s.domains[domain] else { throw FlowError("unknown domain \(domain)") }
            guard case .sva = d.kind else { throw FlowError("domain \(domain) (\(d.kind)) is not an SVA domain") }
            guard !s.released.names.contains(domain) else { throw FlowError("domain \(domain) is already released") }
            var rewrites: [(MasterState, SMMUState, UInt32, CD)] = []
            for a in d.attachments {
                let m = try Self.master(s, a.master)
                let sm = try Self.smmu(s, a.smmu), cd = try self.cdFor(d, m, sm, released: true)
                try Self.checkLegal(.cd, cd.words, sm, "\(m.name) SSID \(a.ssid)")
                rewrites.append((m, sm, a.ssid, cd))
            }
            let invalidations = try self.invalidations(s, d)

            try self.transaction(&s, rewrites.map(\.1)) { s, j throws(FlowError) in
                s.released.names.insert(domain)
                j.record { [released = s.released] in released.names.remove(domain) }
                try self.rewriteCDs(s, rewrites, j)
                try Self.issue(invalidations, &s.events)
            }
        }
    }

    /// TLBI_NH_ASID (TLBI_EL2_ASID under E2H) or TLBI_S12_VMALL per SMMU, then ATC_INV per ATS
    /// slot with the slot's SSID (SubstreamValid=0 for SSID 0).
    public func invalidate(_ domain: String) throws(FlowError) {
        try locked { s throws(FlowError) in
            guard let d = s.domains[domain] else { throw FlowError("unknown domain \(domain)") }
            try Self.issue(try self.invalidations(s, d), &s.events)
        }
    }

    // MARK: validation

    /// A domain's kind checked by building what it will install with the flows' own builders
    /// (its CD, or its S2 STE), so that a bad ASID, VMID or table address is refused when the
    /// domain is declared, never halfway through an attach.
    static func validate(_ kind: DomainKind, domain name: String) throws(FlowError) {
        do {
            switch kind {
            case let .s1(asid, ttb0): _ = try CD.stage1(asid: asid, ttb0: ttb0, tcr: tcr, mair: mair)
            case let .sva(asid, ttb0): _ = try CD.sva(asid: asid, ttb0: ttb0, tcr: tcr, mair: mair)
            case let .s2(vmid, vttbr): _ = try STE.stage2(stage2Config(vmid: vmid, vttbr: vttbr))
            case let .nested(_, table, n, _):
                _ = try STE.nested(CDTableRef(address: table, s1cdmax: n), stage2: stage2Config(vmid: 0, vttbr: 0))
            case .identity, .blocked: break
            }
        } catch { throw FlowError("domain \(name): \(error)") }
    }

    static func lookup(_ s: State, domain: String, master: String) throws(FlowError) -> (DomainState, MasterState, SMMUState) {
        guard let d = s.domains[domain] else { throw FlowError("unknown domain \(domain)") }
        guard let m = s.masters[master] else { throw FlowError("unknown master \(master)") }
        return (d, m, try smmu(s, m.smmu))
    }

    /// Names the model itself recorded (a master's SMMU, a slot's domain, a node's master): a
    /// miss is a broken model, reported rather than trapped on.
    static func domain(_ s: State, _ n: String) throws(FlowError) -> DomainState {
        guard let d = s.domains[n] else { throw FlowError("internal: the model names domain \(n), which does not exist") }
        return d
    }

    static func master(_ s: State, _ n: String) throws(FlowError) -> MasterState {
        guard let m = s.masters[n] else { throw FlowError("internal: the model names master \(n), which does not exist") }
        return m
    }

    static func smmu(_ s: State, _ n: String) throws(FlowError) -> SMMUState {
        guard let sm = s.smmus[n] else { throw FlowError("internal: the model names smmu \(n), which does not exist") }
        return sm
    }

    /// An entry a flow would write, judged by the decoder against the SMMU's own registers: an
    /// ILLEGAL one (what the SMMU would record C_BAD_STE / C_BAD_CD for) is refused here, before
    /// anything changes, with the decoder's finding (the entry writer would refuse it too).
    static func checkLegal(_ kind: DescriptorKind, _ words: [UInt64], _ sm: SMMUState, _ what: String) throws(FlowError) {
        let bad = ((try? Decoded(kind, words: words, features: sm.features.model))?.findings ?? [])
            .filter { $0.severity == .illegal }
        guard bad.isEmpty else {
            throw FlowError("\(what) on smmu \(sm.name) would be ILLEGAL: \(bad.map(\.description).joined(separator: "; "))")
        }
    }

    static func checkSSID(_ m: MasterState, _ ssid: UInt32) throws(FlowError) {
        guard ssid == 0 || UInt64(ssid) < UInt64(1) << m.ssidBits else {
            throw FlowError("SSID \(ssid) is beyond master \(m.name)'s \(m.ssidBits) ssid-bits")
        }
    }

    /// A domain can be installed on this SMMU (the SSID-tracking thread's direction: attaching a
    /// domain to another SMMU checks compatibility instead of refusing outright): the SMMU
    /// translates the domain's stage (SMMU_IDR0.S1P / S2P) and takes its page tables, which the
    /// fabric builds with the 4 KB granule (SMMU_IDR5.GRAN4K), in the AArch64 format, with 48-bit
    /// output addresses (CD.IPS / STE.S2PS) and the table base within the SMMU's OAS.
    static func checkCompatible(_ d: DomainState, _ sm: SMMUState) throws(FlowError) {
        let f = sm.features
        let base: UInt64
        switch d.kind {
        case let .s1(_, t), let .sva(_, t):
            guard f.stage1 else { throw FlowError("domain \(d.name) (stage 1) cannot be installed on smmu \(sm.name): it has no stage 1 (SMMU_IDR0.S1P=0)") }
            base = t
        case let .s2(_, t):
            guard f.stage2 else { throw FlowError("domain \(d.name) (stage 2) cannot be installed on smmu \(sm.name): it has no stage 2 (SMMU_IDR0.S2P=0)") }
            base = t
        case .nested:
            guard f.stage1 && f.stage2 else {
                throw FlowError("nested domain \(d.name) cannot be installed on smmu \(sm.name): nesting needs stage 1 and stage 2 (SMMU_IDR0.S1P, S2P)")
            }
            return
        case .identity, .blocked: return
        }
        guard f.granules.contains(4) else {
            throw FlowError("domain \(d.name) cannot be installed on smmu \(sm.name): its page tables use the 4 KB granule, which the SMMU lacks (SMMU_IDR5.GRAN4K=0)")
        }
        guard f.oas >= 48 else {
            throw FlowError("domain \(d.name) cannot be installed on smmu \(sm.name): its page tables output 48-bit addresses, beyond the SMMU's \(f.oas)-bit OAS (SMMU_IDR5.OAS)")
        }
        guard f.oas >= 64 || base >> UInt64(f.oas) == 0 else {
            throw FlowError("domain \(d.name) cannot be installed on smmu \(sm.name): its table base \(hex(base)) is beyond the SMMU's \(f.oas)-bit OAS (SMMU_IDR5.OAS)")
        }
    }

    /// The domain's ID on this SMMU fits the SMMU's ASID/VMID width (SMMU_IDR0.ASID16 / VMID16).
    static func checkWidth(_ d: DomainState, _ sm: SMMUState, _ c: IDChoice?) throws(FlowError) {
        guard let c, let (word, _) = idOf(d.kind) else { return }
        let max = maxID(word, sm)
        guard c.id <= max else {
            throw FlowError("domain \(d.name): \(word) \(c.id) does not fit smmu \(sm.name)'s 8-bit \(word)s (SMMU_IDR0.\(word)16=0)")
        }
    }

    /// The SVA rules (Linux's iommu_sva_bind_device and the SMMUv3 SVA domain): an SVA domain
    /// is bound at a PASID, never at the RID; an mm (an SVA domain's address space, known by its
    /// page table, TTB0) has one PASID wherever it is bound; and one SVA domain per (mm, SMMU):
    /// a second domain of the same mm on that SMMU is refused (bind that SMMU's domain instead).
    static func checkSVA(_ s: State, _ d: DomainState, ttb0: UInt64, _ sm: SMMUState, ssid: UInt32) throws(FlowError) {
        guard ssid != 0 else {
            throw FlowError("SVA domain \(d.name) cannot be attached at SSID 0 (the RID): an address space is bound at a PASID")
        }
        for o in s.domains.values.sorted(by: { $0.name < $1.name }) {
            guard case let .sva(_, t) = o.kind, t == ttb0 else { continue }
            if let a = o.attachments.first, a.ssid != ssid {
                throw FlowError("SVA domain \(d.name): its mm (ttb0=\(hex(ttb0))) is bound at PASID \(a.ssid)"
                    + (o.name == d.name ? "" : " through domain \(o.name)") + ", not \(ssid): one mm has one PASID")
            }
            if o.name != d.name, o.attachments.contains(where: { $0.smmu == sm.name }) {
                throw FlowError("SVA domain \(d.name): domain \(o.name) already holds its mm (ttb0=\(hex(ttb0))) on smmu \(sm.name): "
                    + "one SVA domain per (mm, SMMU)")
            }
        }
    }

    /// The CD table `writeCD` will create for the master, at a placeholder address: what the STE
    /// target is checked against before the table exists.
    static func plannedCDTable(_ m: MasterState, _ sm: SMMUState) -> CDTableRef {
        CDTableRef(address: 0, format: cdFormat(m, sm), s1cdmax: m.ssidBits)
    }

    static func cdFormat(_ m: MasterState, _ sm: SMMUState) -> S1Fmt {
        m.ssidBits > 10 && sm.features.cd2l ? .twoLevel64K : .linear
    }

    static func stage2Config(vmid: UInt64, vttbr: UInt64) -> Stage2Config {
        Stage2Config(vmid: vmid, vttbr: vttbr, t0sz: 24, sl0: 1)
    }

    static func tlbiASID(_ asid: UInt64, _ sm: SMMUState) throws(FlowError) -> CommandQueue.Entry {
        do { return sm.features.e2h ? try .tlbiEL2ASID(asid: asid) : try .tlbiNHASID(asid: asid) } catch { throw FlowError("\(error)") }
    }

    /// ATC_INV of every StreamID of an ATS master at one SSID (none without ATS).
    static func atcInv(_ m: MasterState, ssid: UInt32) throws(FlowError) -> [CommandQueue.Entry] {
        guard m.ats else { return [] }
        var out: [CommandQueue.Entry] = []
        for sid in m.sids { do { out.append(try .atcInvAll(sid: sid, ssid: ssid)) } catch { throw FlowError("\(m.name): \(error)") } }
        return out
    }

    /// The STE the master's StreamIDs hold now (they all hold the same one), nil before the first.
    static func currentSTE(_ m: MasterState, _ sm: SMMUState) -> STE? {
        guard let sid = m.sids.first else { return nil }
        return (try? sm.streamTable.ste(sid)) ?? nil
    }

    /// ATS is enabled by this STE: valid, with EATS (word 1 bits [29:28]) not 0b00 (§5.2).
    static func atsOn(_ ste: STE?) -> Bool {
        guard let w = ste?.words else { return false }
        return w[0] & 1 == 1 && (w[1] >> 28) & 0b11 != 0
    }

    /// The ATC invalidations an attach owes once its CD and STE are written (Linux's
    /// `arm_smmu_attach_commit`): ATS switched on (EATS 0 -> trans, e.g. the first PASID of a
    /// master whose RID is identity or blocked) or off: the whole ATC (ATC_INV with SSV=0, which
    /// invalidates PASID-tagged entries too); ATS on before and after: the entries of the SSID
    /// whose translation changed (SSV=0 for the RID). None without ATS.
    static func atcAfterAttach(_ m: MasterState, _ sm: SMMUState, ssid: UInt32, target: STE) throws(FlowError) -> [CommandQueue.Entry] {
        let before = atsOn(currentSTE(m, sm)), after = atsOn(target)
        if before && after { return try atcInv(m, ssid: ssid) }
        if before != after { return try atcInv(m, ssid: 0) }
        return []
    }

    /// The commands `invalidate` issues, per SMMU in name order: the TLBI of the domain's ASID or
    /// VMID, then the ATC_INVs of its ATS slots.
    func invalidations(_ s: State, _ d: DomainState) throws(FlowError) -> [(SMMUState, [CommandQueue.Entry])] {
        var out: [(SMMUState, [CommandQueue.Entry])] = []
        for n in Set(d.attachments.map(\.smmu)).union(d.ids.keys).sorted() {
            let sm = try Self.smmu(s, n)
            if let tlbi = try Self.idTLBI(d, sm) { out.append((sm, [tlbi])) }
            var atc: [CommandQueue.Entry] = []
            for a in d.attachments where a.smmu == n { atc += try Self.atcInv(try Self.master(s, a.master), ssid: a.ssid) }
            atc += try Self.nestedATCFlush(s, d, on: sm)
            if !atc.isEmpty { out.append((sm, atc)) }
        }
        return out
    }

    /// The CD a domain installs for a master (the quiet CD for a released SVA domain).
    /// `asid`: the ASID the CD carries (default: the domain's on that SMMU).
    func cdFor(_ d: DomainState, _ m: MasterState, _ sm: SMMUState, released: Bool, asid: UInt64? = nil) throws(FlowError) -> CD {
        do {
            switch d.kind {
            case let .s1(declared, ttb0):
                let asid = asid ?? d.ids[sm.name] ?? declared
                return try .stage1(asid: asid, ttb0: ttb0, tcr: d.pageTable?.table.translationControl ?? Self.tcr, mair: Self.mair,
                                    stall: m.stallEnabled)
            case let .sva(declared, ttb0):
                let asid = asid ?? d.ids[sm.name] ?? declared
                let cd = try CD.sva(asid: asid, ttb0: ttb0, tcr: Self.tcr, mair: Self.mair, stall: m.stallEnabled)
                return released ? try Self.quiet(cd, sm) : cd
            default: throw FlowError("domain \(d.name) has no CD")
            }
        } catch let e as FlowError { throw e } catch { throw FlowError("domain \(d.name): \(error)") }
    }

    /// The quiet CD of a released address space (Linux's `arm_smmu_make_sva_cd` without an mm):
    /// still valid with the same ASID, EPD0=1 and TTB0=0 (no walk, no fetch from freed tables),
    /// and S=0, R=0 so that the device's outstanding DMA aborts at once instead of stalling or
    /// filling the event queue, unless the SMMU forces stall (STALL_MODEL=0b10: S=0 would be
    /// ILLEGAL there), when S and R are kept.
    static func quiet(_ cd: CD, _ sm: SMMUState) throws(FlowError) -> CD {
        var q = CD.released(from: cd)
        guard !sm.features.stallForce else { return q }
        for name in ["S", "R"] {
            guard let f = DescriptorLayout.cd.field(named: name) else { throw FlowError("internal: the CD layout has no field \(name)") }
            do { try q.put(f, 0) } catch { throw FlowError("CD.\(name): \(error)") }
        }
        return q
    }

    /// What the master's STE must be when it holds `slots`, its CD table (if it needs one) being
    /// `table` (design §4).
    /// `pending`: a domain's ID on this SMMU that the flow is about to take (not recorded yet).
    func steTarget(_ s: State, _ m: MasterState, _ sm: SMMUState, slots: [UInt32: String], table: CDTableRef?,
                   pending: (domain: String, id: UInt64)? = nil) throws(FlowError) -> STE {
        let ridDomain = try slots[0].map { n throws(FlowError) in try Self.domain(s, n) }
        let rid = ridDomain?.kind
        let shcfg: SHCFG? = sm.features.attrOverride ? .incoming : nil
        do {
            if case let .nested(pn, table, n, ats)? = rid {
                let p = try Self.domain(s, pn)
                guard case let .s2(declared, vttbr) = p.kind else { throw FlowError("internal: nested parent \(pn) is not stage 2") }
                let vmid = pending?.domain == pn ? pending?.id ?? declared : p.ids[sm.name] ?? declared
                var c = p.pageTable?.table.stage2Config(vmid: vmid) ?? Self.stage2Config(vmid: vmid, vttbr: vttbr)
                c.eats = ats && m.ats ? .trans : .abort
                c.shcfg = shcfg
                c.stall = m.stallEnabled
                var o = Stage1Options()
                o.s1dss = .ssid0
                o.s1stalld = sm.features.stallSupported && !m.stallEnabled
                o.strw = sm.features.e2h ? .el2 : .el1
                return try .nested(CDTableRef(address: table, s1cdmax: n), o, stage2: c)
            }
            if case let .s2(declared, vttbr)? = rid, let rd = ridDomain {
                let vmid = pending?.domain == rd.name ? pending?.id ?? declared : rd.ids[sm.name] ?? declared
                var c = rd.pageTable?.table.stage2Config(vmid: vmid) ?? Self.stage2Config(vmid: vmid, vttbr: vttbr)
                c.eats = m.ats ? .trans : .abort
                c.shcfg = shcfg
                c.stall = m.stallEnabled
                return try .stage2(c)
            }
            let ridCD = rid?.usesCD ?? false
            if slots.keys.contains(where: { $0 != 0 }) || ridCD {
                guard let table else { throw FlowError("internal: \(m.name) has no CD table") }
                var o = Stage1Options()
                switch rid {
                case .s1?, .sva?: o.s1dss = .ssid0
                case .identity?: o.s1dss = .bypass
                default: o.s1dss = .terminate
                }
                o.eats = m.ats ? .trans : .abort
                o.s1stalld = sm.features.stallSupported && !m.stallEnabled
                o.strw = sm.features.e2h ? .el2 : .el1
                if o.s1dss == .bypass { o.shcfg = shcfg }
                return try .stage1(table, o)
            }
            if case .identity? = rid { return .bypass(shcfg: shcfg) }
            return .abort()
        } catch let e as FlowError { throw e } catch { throw FlowError("\(m.name): \(error)") }
    }

    // MARK: applying, undoably

    /// Run the apply phase of a flow; if it fails, play its journal back (see the type's doc).
    func transaction(_ s: inout State, _ smmus: SMMUState..., body: (inout State, Journal) throws(FlowError) -> Void) throws(FlowError) {
        try transaction(&s, smmus, body: body)
    }

    func transaction(_ s: inout State, _ smmus: [SMMUState], body: (inout State, Journal) throws(FlowError) -> Void) throws(FlowError) {
        let j = Journal()
        do { try body(&s, j) } catch {
            guard !j.isEmpty else { throw error }
            let failed = j.rollBack()
            var flushFailed: [String] = []
            for sm in smmus {
                do { try Self.flush(sm, &s.events) } catch { flushFailed.append(error.message) }
            }
            if failed.isEmpty && flushFailed.isEmpty {
                throw FlowError("\(error.message) (rolled back: tables and attachments are as before)")
            }
            throw FlowError("\(error.message); rolling back failed too: \((failed + flushFailed).joined(separator: "; "))")
        }
    }

    /// Drop the node of `d` at (master, ssid), after the hardware no longer uses it (and after the
    /// ATC invalidations the flow owed for it).
    /// If that was the domain's last slot on the SMMU, the SMMU's TLB may still hold entries
    /// tagged with the domain's ASID/VMID: `idTLBI` (TLBI by that ID + CMD_SYNC) is issued before
    /// the ID is given back, so no other domain can ever be handed an ID with stale entries (as
    /// Linux's domain free does: `arm_smmu_tlb_inv_context` from the page-table free, the SVA
    /// domain's "ensure the ASID is empty in the iommu cache before allowing reuse").
    func forget(_ s: inout State, _ d: DomainState, _ m: MasterState, _ sm: SMMUState, ssid: UInt32,
                idTLBI: CommandQueue.Entry?, _ j: Journal) throws(FlowError) {
        let nodes = d.attachments
        j.record { d.attachments = nodes }
        d.attachments.removeAll { $0 == Attachment(smmu: sm.name, master: m.name, ssid: ssid) }
        if !d.attachments.contains(where: { $0.smmu == sm.name }) && Self.nestedUsers(s, d, on: sm).isEmpty {
            if let idTLBI { try Self.issue(sm, [idTLBI], &s.events) }
            Self.freeID(s, d, on: sm, j)
        }
        // A nested domain's last slot here may have been its parent's last user here.
        if case let .nested(pn, _, _, _) = d.kind, let p = s.domains[pn], p.ids[sm.name] != nil,
           !p.attachments.contains(where: { $0.smmu == sm.name }), Self.nestedUsers(s, p, on: sm).isEmpty {
            if let tlbi = try Self.idTLBI(p, sm) { try Self.issue(sm, [tlbi], &s.events) }
            Self.freeID(s, p, on: sm, j)
        }
    }

    /// The TLBI that empties the SMMU's TLB of a domain's ID before the ID is freed there:
    /// TLBI_NH_ASID (TLBI_EL2_ASID under E2H) for a stage-1/SVA domain, TLBI_S12_VMALL for a
    /// stage-2 domain, nil for identity and blocked domains (they tag nothing).
    static func idTLBI(_ d: DomainState, _ sm: SMMUState) throws(FlowError) -> CommandQueue.Entry? {
        switch d.kind {
        case let .s1(asid, _), let .sva(asid, _): return try tlbiASID(d.ids[sm.name] ?? asid, sm)
        case let .s2(vmid, _):
            do { return try .tlbiS12VMALL(vmid: d.ids[sm.name] ?? vmid) } catch { throw FlowError("domain \(d.name): \(error)") }
        case .identity, .blocked, .nested: return nil
        }
    }

    /// The nested domains of a stage-2 parent installed on this SMMU (none for other domains).
    static func nestedUsers(_ s: State, _ d: DomainState, on sm: SMMUState) -> [DomainState] {
        guard case .s2 = d.kind else { return [] }
        return s.domains.values.filter { n in
            if case let .nested(p, _, _, _) = n.kind, p == d.name { return n.attachments.contains { $0.smmu == sm.name } }
            return false
        }.sorted { $0.name < $1.name }
    }

    /// The SMMUs a parent's nested domains are installed on.
    static func nestedHomes(_ s: State, _ d: DomainState) -> Set<String> {
        var out: Set<String> = []
        for n in s.domains.values {
            if case let .nested(p, _, _, _) = n.kind, p == d.name { out.formUnion(n.attachments.map(\.smmu)) }
        }
        return out
    }

    /// TLBI_NH_ALL for the domain's VMID on the SMMU: every stage-1 entry cached through it.
    static func tlbiNHAll(_ d: DomainState, _ sm: SMMUState) throws(FlowError) -> CommandQueue.Entry {
        guard case let .s2(v, _) = d.kind else { throw FlowError("internal: TLBI_NH_ALL for \(d.name), not stage 2") }
        do { return try CommandQueue.Entry("CMD_TLBI_NH_ALL", ["VMID": d.ids[sm.name] ?? v]) } catch { throw FlowError("domain \(d.name): \(error)") }
    }

    /// A nest parent changed: the whole ATC of every ATS master its nested domains are installed
    /// at on this SMMU (Linux's nested_ats_flush: no way to know what the guest's stage 1 cached).
    static func nestedATCFlush(_ s: State, _ d: DomainState, on sm: SMMUState) throws(FlowError) -> [CommandQueue.Entry] {
        var out: [CommandQueue.Entry] = []
        for n in nestedUsers(s, d, on: sm) {
            guard case let .nested(_, _, _, ats) = n.kind, ats else { continue }
            for a in n.attachments where a.smmu == sm.name {
                let m = try master(s, a.master)
                out += try atcInv(m, ssid: 0)
            }
        }
        return out
    }

    /// Plan the master's STE change (from its current slots) on each of its StreamIDs, then apply
    /// the plans in StreamID order. Every L2 array is made to exist and every plan is made before
    /// the first store; each StreamID's words before the flow are journalled before its store.
    func writeSTE(_ s: State, _ m: MasterState, _ sm: SMMUState, _ j: Journal) throws(FlowError) {
        let target = try steTarget(s, m, sm, slots: m.slots, table: m.cdTable?.ref)
        var plans: [(UInt32, UpdatePlan)] = []
        do {
            for sid in m.sids {
                try sm.streamTable.ensure(sid, sync: sink(s, sm))
                guard let cur = try sm.streamTable.ste(sid) else { throw FlowError("internal: StreamID \(sid) has no STE after ensure") }
                plans.append((sid, try Planner.plan(.ste, from: cur.words, to: target.words, features: sm.features.model)))
            }
        } catch let e as FlowError { throw e } catch { throw FlowError("\(m.name): \(error)") }
        if sm.features.lockstep && plans.count > 1 {
            var entries: [LockstepEntry] = []
            for (sid, plan) in plans {
                j.record { () throws(FlowError) in try self.restoreSTE(s, sm, sid: sid, to: plan.from) }
                entries.append(LockstepEntry(
                    plan: plan,
                    store: { p in try EntryWriter.apply(p, to: sm.streamTable, at: sid, allowIllegal: true, sync: { _ in }) },
                    owed: { sm.streamTable.invalidations(for: sid, leaf: true) }))
            }
            do { try lockstep(s, sm, entries) } catch { throw FlowError("\(m.name): \(error.message)") }
            return
        }
        for (sid, plan) in plans {
            j.record { () throws(FlowError) in try self.restoreSTE(s, sm, sid: sid, to: plan.from) }
            do {
                try EntryWriter.apply(plan, to: sm.streamTable, at: sid, sync: sink(s, sm))
            } catch { throw FlowError("\(m.name) StreamID \(sid): \(error)") }
        }
    }

    /// Plan and apply a CD change at the master's slot, creating the CD table (dropped again if
    /// the flow fails) and the leaf first.
    func writeCD(_ s: State, _ m: MasterState, _ sm: SMMUState, ssid: UInt32, _ target: CD, _ j: Journal) throws(FlowError) {
        do {
            if !m.hasCDTable {
                m.cdTable = try CDTable(Self.cdFormat(m, sm), s1cdmax: m.ssidBits, streamIDs: m.sids, map: map, log: sm.log)
                j.record { m.cdTable = nil }
            }
            _ = try m.cdTable?.ensure(ssid, sync: sink(s, sm))
            guard let cur = try m.cdTable?.cd(ssid) else { throw FlowError("internal: SSID \(ssid) has no CD after ensure") }
            let plan = try Planner.plan(.cd, from: cur.words, to: target.words, features: sm.features.model)
            j.record { () throws(FlowError) in try self.restoreCD(s, m, sm, ssid: ssid, to: cur.words) }
            try m.withCDTable { t in try EntryWriter.apply(plan, to: t, at: ssid, sync: sink(s, sm)) }
        } catch let e as FlowError { throw FlowError("\(m.name) SSID \(ssid): \(e.message)") } catch {
            throw FlowError("\(m.name) SSID \(ssid): \(error)")
        }
    }

    /// Rewrite CDs at existing slots (set-asid, release): in the driver's order, one slot after
    /// another with its own syncs; or, if any of the SMMUs has `order=lockstep`, per SMMU in the
    /// order the slots first name them, the slots of a lockstep SMMU together (`lockstep`).
    func rewriteCDs(_ s: State, _ rewrites: [(MasterState, SMMUState, UInt32, CD)], _ j: Journal) throws(FlowError) {
        guard rewrites.contains(where: { $0.1.features.lockstep }) else {
            for (m, sm, ssid, cd) in rewrites {
                try writeCD(s, m, sm, ssid: ssid, cd, j)
                try Self.flush(sm, &s.eventLog.items)
            }
            return
        }
        var order: [String] = []
        for r in rewrites where !order.contains(r.1.name) { order.append(r.1.name) }
        for name in order {
            let group = rewrites.filter { $0.1.name == name }
            guard let sm = group.first?.1 else { continue }
            if !sm.features.lockstep || group.count == 1 {
                for (m, sm, ssid, cd) in group {
                    try writeCD(s, m, sm, ssid: ssid, cd, j)
                    try Self.flush(sm, &s.eventLog.items)
                }
                continue
            }
            var entries: [LockstepEntry] = []
            for (m, _, ssid, cd) in group {
                guard m.hasCDTable else { throw FlowError("internal: \(m.name) has no CD table") }
                do {
                    guard let cur = try m.cdTable?.cd(ssid) else { throw FlowError("internal: \(m.name) SSID \(ssid) has no CD") }
                    let plan = try Planner.plan(.cd, from: cur.words, to: cd.words, features: sm.features.model)
                    j.record { () throws(FlowError) in try self.restoreCD(s, m, sm, ssid: ssid, to: cur.words) }
                    entries.append(LockstepEntry(
                        plan: plan,
                        store: { p in try m.withCDTable { t in try EntryWriter.apply(p, to: t, at: ssid, allowIllegal: true, sync: { _ in }) } },
                        owed: { m.cdTable?.invalidations(for: ssid, leaf: true) ?? [] }))
                } catch let e as FlowError { throw e } catch { throw FlowError("\(m.name) SSID \(ssid): \(error)") }
            }
            try lockstep(s, sm, entries)
            try Self.flush(sm, &s.eventLog.items)
        }
    }

    /// Put a StreamID's STE back to `words` (undo), through the planner and the entry writer.
    func restoreSTE(_ s: State, _ sm: SMMUState, sid: UInt32, to words: [UInt64]) throws(FlowError) {
        do {
            guard let cur = try sm.streamTable.ste(sid), cur.words != words else { return }
            try EntryWriter.apply(try Planner.plan(.ste, from: cur.words, to: words, features: sm.features.model), to: sm.streamTable, at: sid, sync: sink(s, sm))
        } catch { throw FlowError("StreamID \(sid): \(error)") }
    }

    /// Put a CD back to `words` (undo), through the planner and the entry writer.
    func restoreCD(_ s: State, _ m: MasterState, _ sm: SMMUState, ssid: UInt32, to words: [UInt64]) throws(FlowError) {
        do {
            guard let cur = try m.cdTable?.cd(ssid), cur.words != words else { return }
            let plan = try Planner.plan(.cd, from: cur.words, to: words, features: sm.features.model)
            try m.withCDTable { t in try EntryWriter.apply(plan, to: t, at: ssid, sync: sink(s, sm)) }
        } catch { throw FlowError("SSID \(ssid): \(error)") }
    }

    /// The sync sink of the flows' table operations: the writer has logged the owed
    /// invalidations after the stores they follow; `flush` issues them into the SMMU's real
    /// queue at once, so the queue sees them in store order (a test hook may fail it first).
    func sink(_ s: State, _ sm: SMMUState) -> SyncSink {
        { owed in
            if let fault = s.syncFault, let e = fault(sm.name, owed) { throw e }
            try Self.flush(sm, &s.eventLog.items)
        }
    }

    /// Commands + CMD_SYNC, after everything the SMMU's log still holds (stores and the
    /// invalidations they owe come first, in order).
    static func issue(_ sm: SMMUState, _ cmds: [CommandQueue.Entry], _ events: inout [FlowEvent]) throws(FlowError) {
        try flush(sm, &events)
        try push(sm, cmds, &events)
    }

    static func issue(_ batches: [(SMMUState, [CommandQueue.Entry])], _ events: inout [FlowEvent]) throws(FlowError) {
        for (sm, cmds) in batches { try issue(sm, cmds, &events) }
    }

    /// Commands + CMD_SYNC through the SMMU's queue, consumed back as the SMMU reads them.
    static func push(_ sm: SMMUState, _ cmds: [CommandQueue.Entry], _ events: inout [FlowEvent]) throws(FlowError) {
        do { try sm.queue.push(batch: cmds + [.sync()]) } catch { throw FlowError("smmu \(sm.name): \(error)") }
        sm.syncPushed()
        let (done, bad) = sm.queue.drain()
        if let bad { throw FlowError("smmu \(sm.name): the queue stopped on \(bad.summary)") }
        events += done.map { .command(smmu: sm.name, decoded: $0) }
    }
}

/// What an apply phase changed, as undo actions played back in reverse order by `rollBack`.
final class Journal {
    private var undo: [() throws(FlowError) -> Void] = []
    var isEmpty: Bool { undo.isEmpty }
    func record(_ u: @escaping () throws(FlowError) -> Void) { undo.append(u) }
    /// Undo everything, newest first; returns what could not be undone.
    func rollBack() -> [String] {
        var failed: [String] = []
        for u in undo.reversed() {
            do { try u() } catch { failed.append(error.message) }
        }
        undo = []
        return failed
    }
}
