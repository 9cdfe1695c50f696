/// Stall faults. `fault MASTER [ssid=N] iova=A [write]` posits a transaction
/// at that slot that takes a stage-1 translation fault; the SMMU, as the slot's live CD says,
/// records F_TRANSLATION (CLASS=IN) with Stall=1 and a fresh STAG when CD.S=1 and holds the
/// transaction, records it with Stall=0 when CD.S=0 and CD.R=1 (terminated), and records nothing
/// when both are 0 (the released "quiet" CD). `resume MASTER stag=N retry|abort` answers a
/// stalled transaction with CMD_RESUME (Ac=1 retry; Ac=0 Ab=1 abort), no CMD_SYNC (Linux's
/// arm_smmu_page_response: a SYNC does nothing for RESUME). Detaching a slot with stalled
/// transactions terminates them with CMD_STALL_TERM per StreamID + CMD_SYNC once its CD is
/// cleared; STALL_TERM ends every stalled transaction of the StreamID, whatever its SSID.
extension Fabric {
    /// One stalled transaction the SMMU holds.
    struct Stall: Hashable {
        let sid: UInt32
        let ssid: UInt32
        let stag: UInt64
    }

    /// The `fault` line: a transaction of `master` at `ssid` that takes a stage-1 translation fault at `iova`, recorded (and stalled) as the slot's live CD says (F_TRANSLATION, IHI 0070 §7.3; the Stall model, §3.12.2).
    ///
    /// - Throws: ``FlowError`` for an unknown master or a slot that cannot fault; nothing changes then.
    public func fault(_ master: String, ssid: UInt32 = 0, iova: UInt64, write: Bool = false) throws(FlowError) {
        try locked { s throws(FlowError) in
            guard let m = s.masters[master] else { throw FlowError("unknown master \(master)") }
            try Self.checkSSID(m, ssid)
            guard let dn = m.slots[ssid], let d = s.domains[dn], d.kind.usesCD else {
                throw FlowError("\(master) SSID \(ssid) holds no stage-1 domain: a stage-1 translation fault needs its CD")
            }
            let sm = try Self.smmu(s, m.smmu)
            guard let cd = (try? m.cdTable?.cd(ssid)) ?? nil, cd.valid, let sid = m.sids.first else {
                throw FlowError("internal: \(master) SSID \(ssid) has no valid CD")
            }
            func bit(_ n: String) -> UInt64 { DescriptorLayout.cd.field(named: n)?.get(cd.words) ?? 0 }
            let stall = bit("S") == 1, record = bit("R") == 1
            guard stall || record else {
                s.eventLog.notes.append("\(master) SSID \(hex(UInt64(ssid))): the fault is terminated without an event record (CD.S=0, CD.R=0)")
                return
            }
            let stag = stall ? sm.nextSTAG : 0
            var e = EventRecord(DescriptorLayout.events.first { $0.name == "F_TRANSLATION" } ?? DescriptorLayout.unknownEvent)
            do {
                try e.set("StreamID", UInt64(sid))
                if ssid != 0 {
                    try e.set("SSV", 1)
                    try e.set("SubstreamID", UInt64(ssid))
                }
                if stall {
                    try e.set("Stall", 1)
                    try e.set("STAG", stag)
                }
                try e.set("RnW", write ? 0 : 1)
                try e.set("CLASS", 0b10)
                try e.set("InputAddr", iova)
            } catch { throw FlowError("\(master): \(error)") }
            if stall {
                sm.nextSTAG = (sm.nextSTAG + 1) & 0xffff
                sm.stalls.append(Stall(sid: sid, ssid: ssid, stag: stag))
            }
            let decoded: Decoded
            do { decoded = try Decoded(.evt, words: e.words, features: sm.features.model) } catch { throw FlowError("internal: \(error)") }
            s.events.append(.event(smmu: sm.name, decoded: decoded))
        }
    }

    /// The `resume` line: answers the stalled transaction `stag` of `master` with CMD_RESUME, Ac=1 to retry or Ac=0 Ab=1 to abort (IHI 0070 §4.7.1), no CMD_SYNC.
    ///
    /// - Throws: ``FlowError`` when the master holds no stalled transaction with that STAG.
    public func resume(_ master: String, stag: UInt64, retry: Bool) throws(FlowError) {
        try locked { s throws(FlowError) in
            guard let m = s.masters[master] else { throw FlowError("unknown master \(master)") }
            let sm = try Self.smmu(s, m.smmu)
            guard let st = sm.stalls.first(where: { m.sids.contains($0.sid) && $0.stag == stag }) else {
                throw FlowError("\(master) has no stalled transaction with STAG \(stag)")
            }
            let cmd: CommandQueue.Entry
            do {
                cmd = retry ? try CommandQueue.Entry("CMD_RESUME", ["StreamID": UInt64(st.sid), "STAG": stag, "Ac": 1])
                    : try CommandQueue.Entry("CMD_RESUME", ["StreamID": UInt64(st.sid), "STAG": stag, "Ac": 0, "Ab": 1])
            } catch { throw FlowError("\(master): \(error)") }
            try Self.flush(sm, &s.events)
            try Self.pushNoSync(sm, [cmd], &s.events)
            sm.stalls.removeAll { $0 == st }
        }
    }

    /// CMD_STALL_TERM for each StreamID of the master holding a stalled transaction at `ssid`.
    static func stallTerm(_ m: MasterState, _ sm: SMMUState, ssid: UInt32) throws(FlowError) -> [CommandQueue.Entry] {
        var out: [CommandQueue.Entry] = []
        for sid in m.sids where sm.stalls.contains(where: { $0.sid == sid && $0.ssid == ssid }) {
            do { out.append(try CommandQueue.Entry("CMD_STALL_TERM", ["StreamID": UInt64(sid)])) } catch { throw FlowError("\(m.name): \(error)") }
        }
        return out
    }

    /// Issue the STALL_TERMs (+ CMD_SYNC) and forget every stall of those StreamIDs.
    static func terminateStalls(_ s: inout State, _ m: MasterState, _ sm: SMMUState, _ cmds: [CommandQueue.Entry], _ j: Journal) throws(FlowError) {
        guard !cmds.isEmpty else { return }
        let before = sm.stalls
        j.record { sm.stalls = before }
        try issue(sm, cmds, &s.events)
        let sids = Set(cmds.compactMap { c in c.layout.field(named: "StreamID").map { UInt32(truncatingIfNeeded: $0.get(c.words)) } })
        sm.stalls.removeAll { sids.contains($0.sid) }
    }
}
