/// Range invalidation: `invalidate DOMAIN iova=A size=S`, as Linux's
/// `__arm_smmu_tlb_inv_range` and `arm_smmu_atc_inv_to_cmd` build it, per SMMU in name order:
///
/// - TLBI_NH_VA (TLBI_EL2_VA under E2H) with the domain's ASID for a stage-1/SVA domain,
///   TLBI_S2_IPA with its VMID for a stage-2 domain, Leaf=1. Without range invalidation
///   (SMMU_IDR3.RIL=0) one command per 4 KB page (TG=0, TTL=0); past `maxOps` pages (Linux's
///   CMDQ_MAX_TLBI_OPS, 1 << (PAGE_SHIFT - 3) = 512 with 4 KB pages) one TLBI by ASID/VMID
///   instead. With RIL (`features=ril`): TG=1 (4 KB), TTL=3 (the leaf level of a 4 KB table),
///   and per command up to 31 blocks of 2^SCALE pages (NUM = blocks - 1), SCALE the lowest set
///   bit of the pages left.
/// - a nest parent (a stage-2 domain with nested domains on the SMMU): then TLBI_NH_ALL for its
///   VMID, and the whole ATC of each nested ATS master;
/// - then ATC_INV for every ATS slot of the domain on that SMMU, with the slot's SSID (SSV=0 at
///   the RID), covering the range by the smallest aligned power-of-two span of 4 KB pages
///   (Address, Size = log2 of the span in pages).
///
/// Commands go through the queue in batches of at most `batchSize` (Linux's CMDQ_BATCH_ENTRIES),
/// a CMD_SYNC after the last of each group.
extension Fabric {
    static let pageShift: UInt64 = 12
    static let maxOps: UInt64 = 1 << (pageShift - 3)
    static let batchSize = 64

    /// The `invalidate` line: the TLB and ATC invalidations of `size` bytes at `iova` in `domain`, on every SMMU it is installed in, as described above.
    ///
    /// - Throws: ``FlowError`` for an unknown domain or a range that cannot be encoded; nothing is issued then.
    public func invalidate(_ domain: String, iova: UInt64, size: UInt64) throws(FlowError) {
        try locked { s throws(FlowError) in
            guard let d = s.domains[domain] else { throw FlowError("unknown domain \(domain)") }
            guard Self.idOf(d.kind) != nil else { throw FlowError("domain \(domain) (\(d.kind)) has no page table to invalidate") }
            let page = UInt64(1) << Self.pageShift
            guard size > 0 else { throw FlowError("size=0: nothing to invalidate") }
            guard iova % page == 0, size % page == 0 else {
                throw FlowError("iova=\(hex(iova)) size=\(hex(size)): a range is whole 4 KB pages (both 4 KB aligned)")
            }
            guard iova <= UInt64.max - size + 1, (iova &+ size - 1) >> 56 == 0 else {
                throw FlowError("iova=\(hex(iova)) size=\(hex(size)) goes beyond the 56-bit address space")
            }
            var groups: [(SMMUState, [CommandQueue.Entry])] = []
            for n in Set(d.attachments.map(\.smmu)).union(d.ids.keys).sorted() {
                let sm = try Self.smmu(s, n)
                groups.append((sm, try Self.tlbiRange(s, d, sm, iova: iova, size: size)))
                // A nest parent's change reaches the guests' stage-1 entries cached through it:
                // after the TLBI_S2_IPAs, TLBI_NH_ALL for its VMID + CMD_SYNC (Linux's
                // arm_smmu_tlb_inv_range_domain for a nest_parent).
                if !Self.nestedUsers(s, d, on: sm).isEmpty { groups.append((sm, [try Self.tlbiNHAll(d, sm)])) }
                var atc: [CommandQueue.Entry] = []
                for a in d.attachments where a.smmu == n {
                    let m = try Self.master(s, a.master)
                    guard m.ats else { continue }
                    for sid in m.sids { atc.append(try Self.atcInvRange(sid: sid, ssid: a.ssid, iova: iova, size: size)) }
                }
                atc += try Self.nestedATCFlush(s, d, on: sm)
                if !atc.isEmpty { groups.append((sm, atc)) }
            }
            for (sm, cmds) in groups {
                try Self.flush(sm, &s.events)
                var rest = cmds[...]
                while rest.count > Self.batchSize {
                    try Self.pushNoSync(sm, Array(rest.prefix(Self.batchSize)), &s.events)
                    rest = rest.dropFirst(Self.batchSize)
                }
                try Self.push(sm, Array(rest), &s.events)
            }
        }
    }

    /// The TLBI commands for [iova, iova + size) of the domain on this SMMU.
    static func tlbiRange(_ s: State, _ d: DomainState, _ sm: SMMUState, iova: UInt64, size: UInt64) throws(FlowError) -> [CommandQueue.Entry] {
        let name: String
        var fields: [String: UInt64] = ["Leaf": 1]
        switch d.kind {
        case let .s1(a, _), let .sva(a, _):
            let asid = d.ids[sm.name] ?? a
            name = sm.features.e2h ? "CMD_TLBI_EL2_VA" : "CMD_TLBI_NH_VA"
            fields["ASID"] = asid
        case let .s2(v, _):
            name = "CMD_TLBI_S2_IPA"
            fields["VMID"] = d.ids[sm.name] ?? v
        case .identity, .blocked, .nested: return []
        }
        var pages = size >> pageShift
        if !sm.features.ril && pages >= maxOps {
            // Past the threshold: the whole ASID / VMID, as Linux does rather than flood the queue.
            guard let all = try idTLBI(d, sm) else { return [] }
            return [all]
        }
        var out: [CommandQueue.Entry] = []
        var addr = iova
        do {
            if sm.features.ril {
                fields["TG"] = 1                            // (tg - 10) / 2 with tg = 12
                fields["TTL"] = 3                           // 4 - (ilog2(4K) - 3) / (12 - 3)
                while pages > 0 {
                    let scale = UInt64(pages.trailingZeroBitCount)
                    let num = (pages >> scale) & 0x1f
                    var f = fields
                    f["SCALE"] = scale
                    f["NUM"] = num - 1
                    f["Address"] = addr
                    out.append(try Self.command(name, f))
                    addr += num << (scale + pageShift)
                    pages -= num << scale
                }
            } else {
                for _ in 0..<pages {
                    var f = fields
                    f["Address"] = addr
                    out.append(try Self.command(name, f))
                    addr += 1 << pageShift
                }
            }
        } catch { throw FlowError("domain \(d.name): \(error)") }
        return out
    }

    /// A command with fields given by name (field order does not matter: each is its own bits).
    static func command(_ name: String, _ fields: [String: UInt64]) throws(EncodeError) -> CommandQueue.Entry {
        var c = try CommandQueue.Entry(name)
        for (k, v) in fields.sorted(by: { $0.key < $1.key }) { try c.set(k, v) }
        return c
    }

    /// ATC_INV of [iova, iova + size) at one (StreamID, SSID): the smallest aligned span of 2^Size
    /// pages that covers it (Linux's arm_smmu_atc_inv_to_cmd).
    static func atcInvRange(sid: UInt32, ssid: UInt32, iova: UInt64, size: UInt64) throws(FlowError) -> CommandQueue.Entry {
        var start = iova >> pageShift
        let end = (iova + size - 1) >> pageShift
        let x = start ^ end
        let log2Span = x == 0 ? 0 : UInt64(64 - x.leadingZeroBitCount)
        start &= ~((UInt64(1) << log2Span) - 1)
        do {
            return try CommandQueue.Entry("CMD_ATC_INV", ["StreamID": UInt64(sid), "SSV": ssid == 0 ? 0 : 1, "SubstreamID": UInt64(ssid),
                                               "Size": log2Span, "Address": start << pageShift])
        } catch { throw FlowError("StreamID \(sid): \(error)") }
    }

    /// Commands without a CMD_SYNC (a full batch before the last), consumed as the SMMU reads them.
    static func pushNoSync(_ sm: SMMUState, _ cmds: [CommandQueue.Entry], _ events: inout [FlowEvent]) throws(FlowError) {
        do { try sm.queue.push(batch: cmds) } catch { throw FlowError("smmu \(sm.name): \(error)") }
        let (done, bad) = sm.queue.drain()
        if let bad { throw FlowError("smmu \(sm.name): the queue stopped on \(bad.summary)") }
        events += done.map { .command(smmu: sm.name, decoded: $0) }
    }
}
