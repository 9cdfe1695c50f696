/// The flows of design §4. Each validates everything first (a refused flow changes nothing),
/// then updates the attachment lists around the hardware changes: new node first, old node last.
extension Fabric {
    static let mair: UInt64 = 0xf404_ff44
    static let tcr = TranslationControl(t0sz: 16)

    // MARK: public flows

    public func attach(_ domain: String, _ master: String, ssid: UInt32 = 0) throws(FlowError) {
        try locked { s throws(FlowError) in
            let (d, m, sm) = try Self.lookup(&s, domain: domain, master: master)
            try Self.checkSSID(m, ssid)
            if m.slots[ssid] == domain { throw FlowError("domain \(domain) is already attached to \(master) at SSID \(ssid)") }
            if case .sva = d.kind, released.contains(domain) { throw FlowError("domain \(domain) has been released") }
            if ssid != 0 {
                guard d.kind.usesCD else {
                    throw FlowError("domain \(domain) (\(d.kind)) cannot be attached at SSID \(ssid): only stage-1 and SVA domains live in CDs")
                }
                if let occupant = m.slots[ssid] {
                    throw FlowError("\(master) SSID \(ssid) already holds domain \(occupant): detach it first")
                }
                if let rid = m.slots[0], case .s2 = s.domains[rid]!.kind {
                    throw FlowError("\(master) has S2 domain \(rid) on its RID: PASIDs need a CD-table STE")
                }
            } else if case .s2 = d.kind, !m.pasids.isEmpty {
                throw FlowError("S2 domain \(domain) on the RID of \(master) is refused while PASIDs \(m.pasids.map(String.init).joined(separator: ",")) are attached")
            }
            try Self.reserve(d, on: sm)
            // Hardware, with the new node recorded first.
            let old = m.slots[ssid]
            d.attachments.append(Attachment(smmu: sm.name, master: master, ssid: ssid))
            m.slots[ssid] = domain
            if d.kind.usesCD { try self.writeCD(&s, m, sm, ssid: ssid, try self.cdFor(d, m)) }
            try self.writeSTE(&s, m, sm)
            if let old, old != domain {
                let od = s.domains[old]!
                if ssid == 0 && od.kind.usesCD && !d.kind.usesCD { try self.writeCD(&s, m, sm, ssid: 0, CD()) }
                try self.forget(&s, od, m, sm, ssid: ssid)
            }
            try Self.flush(sm, &s.events)
        }
    }

    public func detach(_ master: String, ssid: UInt32 = 0) throws(FlowError) {
        try locked { s throws(FlowError) in
            guard let m = s.masters[master] else { throw FlowError("unknown master \(master)") }
            try Self.checkSSID(m, ssid)
            guard let old = m.slots[ssid] else { throw FlowError("\(master) has nothing attached at SSID \(ssid)") }
            let sm = s.smmus[m.smmu]!, od = s.domains[old]!
            m.slots[ssid] = nil
            if ssid == 0 {
                try self.writeSTE(&s, m, sm)                               // RID now blocked
                if od.kind.usesCD { try self.writeCD(&s, m, sm, ssid: 0, CD()) }
            } else {
                try self.writeCD(&s, m, sm, ssid: ssid, CD())                // clear the CD first
                try self.writeSTE(&s, m, sm)                               // downgrade if it was the last PASID
            }
            try self.forget(&s, od, m, sm, ssid: ssid)
            try Self.flush(sm, &s.events)
        }
    }

    /// Change a stage-1 / SVA domain's ASID: every recorded slot's CD is rewritten (word 0 only:
    /// one hitless step, CFGI_CD per StreamID + CMD_SYNC), then TLBI by the old ASID on every
    /// SMMU holding the domain, then the old ASID is released.
    public func setASID(_ domain: String, _ asid: UInt64) throws(FlowError) {
        try locked { s throws(FlowError) in
            guard let d = s.domains[domain] else { throw FlowError("unknown domain \(domain)") }
            guard asid <= 0xffff else { throw FlowError("ASID \(asid) does not fit in 16 bits") }
            if case let .s1(a, _) = d.kind, a == asid { return }    // already its ASID: nothing to do
            if case let .sva(a, _) = d.kind, a == asid { return }
            let oldASID: UInt64
            switch d.kind {
            case let .s1(a, t): oldASID = a; d.kind = .s1(asid: asid, ttb0: t)
            case let .sva(a, t): oldASID = a; d.kind = .sva(asid: asid, ttb0: t)
            default: throw FlowError("domain \(domain) (\(d.kind)) has no ASID")
            }
            let smmus = Set(d.attachments.map(\.smmu)).sorted()
            for n in smmus {
                if let holder = s.smmus[n]!.asids[asid], holder != domain {
                    d.kind = Self.with(d.kind, asid: oldASID)
                    throw FlowError("ASID \(asid) is already taken on smmu \(n) by domain \(holder)")
                }
            }
            for n in smmus { s.smmus[n]!.asids[asid] = domain }
            for a in d.attachments {
                let m = s.masters[a.master]!, sm = s.smmus[a.smmu]!
                try self.writeCD(&s, m, sm, ssid: a.ssid, try self.cdFor(d, m))
                try Self.flush(sm, &s.events)
            }
            for n in smmus {
                let sm = s.smmus[n]!
                try Self.issue(sm, [try Self.tlbiASID(oldASID, sm)], &s.events)
                sm.asids[oldASID] = nil
            }
        }
    }

    /// SVA release: every slot's CD becomes the quiet CD (EPD0=1, same ASID) hitlessly, then TLBI
    /// by ASID on each SMMU and ATC invalidation of every ATS slot.
    public func release(_ domain: String) throws(FlowError) {
        try locked { s throws(FlowError) in
            guard let d = s.domains[domain] else { throw FlowError("unknown domain \(domain)") }
            guard case .sva = d.kind else { throw FlowError("domain \(domain) (\(d.kind)) is not an SVA domain") }
            guard !released.contains(domain) else { throw FlowError("domain \(domain) is already released") }
            releasedSet.insert(domain)
            for a in d.attachments {
                let m = s.masters[a.master]!, sm = s.smmus[a.smmu]!
                try self.writeCD(&s, m, sm, ssid: a.ssid, try self.cdFor(d, m))
                try Self.flush(sm, &s.events)
            }
            try self.invalidateLocked(&s, d)
        }
    }

    /// TLBI_NH_ASID (TLBI_EL2_ASID under E2H) or TLBI_S12_VMALL per SMMU, then ATC_INV per ATS
    /// slot with the slot's SSID (SubstreamValid=0 for SSID 0).
    public func invalidate(_ domain: String) throws(FlowError) {
        try locked { s throws(FlowError) in
            guard let d = s.domains[domain] else { throw FlowError("unknown domain \(domain)") }
            try self.invalidateLocked(&s, d)
        }
    }

    // MARK: pieces

    var released: Set<String> { releasedSet }

    func invalidateLocked(_ s: inout State, _ d: DomainState) throws(FlowError) {
        for n in Set(d.attachments.map(\.smmu)).sorted() {
            let sm = s.smmus[n]!
            var cmds: [Command] = []
            switch d.kind {
            case let .s1(asid, _), let .sva(asid, _): cmds.append(try Self.tlbiASID(asid, sm))
            case let .s2(vmid, _):
                do { cmds.append(try .tlbiS12VMALL(vmid: vmid)) } catch { throw FlowError("\(error)") }
            case .identity, .blocked: break
            }
            if !cmds.isEmpty { try Self.issue(sm, cmds, &s.events) }
            var atc: [Command] = []
            for a in d.attachments where a.smmu == n {
                let m = s.masters[a.master]!
                guard m.ats else { continue }
                for sid in m.sids { do { atc.append(try .atcInvAll(sid: sid, ssid: a.ssid)) } catch { throw FlowError("\(error)") } }
            }
            if !atc.isEmpty { try Self.issue(sm, atc, &s.events) }
        }
    }

    static func lookup(_ s: inout State, domain: String, master: String) throws(FlowError) -> (DomainState, MasterState, SMMUState) {
        guard let d = s.domains[domain] else { throw FlowError("unknown domain \(domain)") }
        guard let m = s.masters[master] else { throw FlowError("unknown master \(master)") }
        return (d, m, s.smmus[m.smmu]!)
    }

    static func checkSSID(_ m: MasterState, _ ssid: UInt32) throws(FlowError) {
        guard ssid == 0 || UInt64(ssid) < UInt64(1) << m.ssidBits else {
            throw FlowError("SSID \(ssid) is beyond master \(m.name)'s \(m.ssidBits) ssid-bits")
        }
    }

    /// The domain's ASID or VMID on this SMMU: free, or already this domain's.
    static func reserve(_ d: DomainState, on sm: SMMUState) throws(FlowError) {
        switch d.kind {
        case let .s1(asid, _), let .sva(asid, _):
            if let h = sm.asids[asid], h != d.name { throw FlowError("ASID \(asid) is already taken on smmu \(sm.name) by domain \(h)") }
            sm.asids[asid] = d.name
        case let .s2(vmid, _):
            if let h = sm.vmids[vmid], h != d.name { throw FlowError("VMID \(vmid) is already taken on smmu \(sm.name) by domain \(h)") }
            sm.vmids[vmid] = d.name
        default: break
        }
    }

    /// Drop the node of `d` at (master, ssid), after the hardware no longer uses it; ATC_INV if ATS;
    /// give the ASID/VMID back to the SMMU if the domain is no longer installed there.
    func forget(_ s: inout State, _ d: DomainState, _ m: MasterState, _ sm: SMMUState, ssid: UInt32) throws(FlowError) {
        if m.ats {
            var atc: [Command] = []
            for sid in m.sids { do { atc.append(try .atcInvAll(sid: sid, ssid: ssid)) } catch { throw FlowError("\(error)") } }
            try Self.issue(sm, atc, &s.events)
        }
        d.attachments.removeAll { $0 == Attachment(smmu: sm.name, master: m.name, ssid: ssid) }
        if !d.attachments.contains(where: { $0.smmu == sm.name }) {
            sm.asids = sm.asids.filter { $0.value != d.name }
            sm.vmids = sm.vmids.filter { $0.value != d.name }
        }
    }

    static func with(_ k: DomainKind, asid: UInt64) -> DomainKind {
        switch k {
        case let .s1(_, t): .s1(asid: asid, ttb0: t)
        case let .sva(_, t): .sva(asid: asid, ttb0: t)
        default: k
        }
    }

    static func tlbiASID(_ asid: UInt64, _ sm: SMMUState) throws(FlowError) -> Command {
        do { return sm.features.e2h ? try .tlbiEL2ASID(asid: asid) : try .tlbiNHASID(asid: asid) } catch { throw FlowError("\(error)") }
    }

    /// The CD a domain installs for a master.
    func cdFor(_ d: DomainState, _ m: MasterState) throws(FlowError) -> CD {
        do {
            switch d.kind {
            case let .s1(asid, ttb0): return try .stage1(asid: asid, ttb0: ttb0, tcr: Self.tcr, mair: Self.mair, stall: m.stall)
            case let .sva(asid, ttb0):
                let cd = try CD.sva(asid: asid, ttb0: ttb0, tcr: Self.tcr, mair: Self.mair, stall: m.stall)
                return released.contains(d.name) ? .released(from: cd) : cd
            default: throw FlowError("domain \(d.name) has no CD")
            }
        } catch let e as FlowError { throw e } catch { throw FlowError("domain \(d.name): \(error)") }
    }

    /// What the master's STE must be, given every slot (design §4).
    func steTarget(_ s: inout State, _ m: MasterState, _ sm: SMMUState) throws(FlowError) -> STE {
        let rid = m.slots[0].map { s.domains[$0]!.kind }
        let shcfg: SHCFG? = sm.features.attrOverride ? .incoming : nil
        do {
            if case let .s2(vmid, vttbr)? = rid {
                var c = Stage2Config(vmid: vmid, vttbr: vttbr, t0sz: 24, sl0: 1)
                c.eats = m.ats ? .trans : .abort
                c.shcfg = shcfg
                c.stall = m.stall && sm.features.stall
                return try .stage2(c)
            }
            let ridCD = rid?.usesCD ?? false
            if !m.pasids.isEmpty || ridCD {
                guard let box = m.cdTable else { throw FlowError("internal: \(m.name) has no CD table") }
                var o = Stage1Options()
                switch rid {
                case .s1?, .sva?: o.s1dss = .ssid0
                case .identity?: o.s1dss = .bypass
                default: o.s1dss = .terminate
                }
                o.eats = m.ats ? .trans : .abort
                o.s1stalld = sm.features.stall && !m.stall
                o.strw = sm.features.e2h ? .el2 : .el1
                if o.s1dss == .bypass { o.shcfg = shcfg }
                return try .stage1(box.table.ref, o)
            }
            if case .identity? = rid { return .bypass(shcfg: shcfg) }
            return .abort()
        } catch let e as FlowError { throw e } catch { throw FlowError("\(m.name): \(error)") }
    }

    /// Plan and apply the master's STE change on each of its StreamIDs.
    func writeSTE(_ s: inout State, _ m: MasterState, _ sm: SMMUState) throws(FlowError) {
        let target = try steTarget(&s, m, sm)
        do {
            for sid in m.sids {
                try sm.streamTable.ensure(sid) { _ in try Self.flush(sm, &s.events) }
                let cur = try sm.streamTable.ste(sid)!
                let plan = try Planner.plan(.ste, from: cur.words, to: target.words)
                try EntryWriter.apply(plan, to: sm.streamTable, sid: sid) { _ in try Self.flush(sm, &s.events) }
            }
        } catch let e as FlowError { throw e } catch { throw FlowError("\(m.name): \(error)") }
    }

    /// Plan and apply a CD change at the master's slot, allocating the CD table / leaf first.
    func writeCD(_ s: inout State, _ m: MasterState, _ sm: SMMUState, ssid: UInt32, _ target: CD) throws(FlowError) {
        do {
            if m.cdTable == nil {
                let fmt: S1Fmt = m.ssidBits > 10 && sm.features.cd2l ? .twoLevel64K : .linear
                m.cdTable = CDTableBox(try CDTable(fmt, s1cdmax: m.ssidBits, streamIDs: m.sids, map: map, log: sm.log))
            }
            let box = m.cdTable!
            try box.table.ensure(ssid) { _ in try Self.flush(sm, &s.events) }
            let cur = try box.table.cd(ssid)!
            let plan = try Planner.plan(.cd, from: cur.words, to: target.words)
            try EntryWriter.apply(plan, to: box.table, ssid: ssid) { _ in try Self.flush(sm, &s.events) }
        } catch let e as FlowError { throw e } catch { throw FlowError("\(m.name) SSID \(ssid): \(error)") }
    }

    /// Commands + CMD_SYNC, after everything the SMMU's log still holds (stores and the
    /// invalidations they owe come first, in order).
    static func issue(_ sm: SMMUState, _ cmds: [Command], _ events: inout [FlowEvent]) throws(FlowError) {
        try flush(sm, &events)
        try push(sm, cmds, &events)
    }

    /// Commands + CMD_SYNC through the SMMU's queue, consumed back as the SMMU reads them.
    static func push(_ sm: SMMUState, _ cmds: [Command], _ events: inout [FlowEvent]) throws(FlowError) {
        do { try sm.queue.push(batch: cmds + [.sync()]) } catch { throw FlowError("smmu \(sm.name): \(error)") }
        sm.syncPushed()
        let (done, bad) = sm.queue.drain()
        if let bad { throw FlowError("smmu \(sm.name): the queue stopped on \(bad.summary)") }
        events += done.map { .command(smmu: sm.name, decoded: $0) }
    }
}
