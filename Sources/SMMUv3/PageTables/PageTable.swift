import CSMMUv3

/// The producer's choice of table shape for one translation regime: granule, input size,
/// start level and (stage 2) how many start-level tables are concatenated. VMSAv8-64: a table
/// page of a 2^g granule holds 2^(g-3) descriptors; level 3 maps pages, levels 1-2 may map
/// blocks.
public struct PageTableGeometry: Sendable, Hashable {
    /// The regime the tables serve: stage 1 (a CD's TTB0) or stage 2 (an STE's S2TTB).
    public let stage: TranslationStage
    /// The translation granule (CD.TG0 / STE.S2TG, IHI 0070 §5.4, §5.2).
    public let granule: Granule
    /// The input address size in bits, 64 - T0SZ (CD.T0SZ / STE.S2T0SZ).
    public let inputBits: Int
    /// Level of the table TTB0 / S2TTB points at.
    public let startLevel: Int
    /// Start-level table pages concatenated (stage 2 only; 1 otherwise).
    public let concatenated: Int
    /// log2 of the granule (12, 14, 16).
    public let pageShift: Int

    /// The geometry of `inputBits`-bit tables of `granule`: the fewest levels, and for stage 2 up to 16 concatenated start-level tables as Linux chooses.
    ///
    /// - Throws: ``PageTableError/granule(_:)`` for the reserved granule, ``PageTableError/inputBits(_:stage:allowed:)`` for an input size outside 25...48 bits or a stage-2 start level S2SL0 cannot express.
    public init(stage: TranslationStage, inputBits: Int, granule: Granule = .size4K) throws(PageTableError) {
        guard let g = granule.shift else { throw .granule(granule.rawValue) }
        // T0SZ / S2T0SZ 16...39 (IHI 0070 §5.4 CD.T0SZ, §5.2 STE.S2T0SZ without LVA/STT).
        let allowed = 25...48
        guard allowed.contains(inputBits) else { throw .inputBits(inputBits, stage: stage.rawValue, allowed: allowed) }
        let stride = g - 3
        let levels = (inputBits - g + stride - 1) / stride
        var start = 4 - levels
        var concat = 1
        if stage == .stage2 && start < 3 {
            // Fewer levels if the start level can be up to 16 concatenated tables (as Linux does).
            let bitsBelow = g + (3 - (start + 1)) * stride
            let topBits = inputBits - bitsBelow
            if topBits <= stride + 4 {
                start += 1
                concat = max(1, 1 << max(0, topBits - stride))
            }
        }
        // Stage-2 start levels the S2SL0 encoding can express without FEAT_TTST / FEAT_LPA2.
        if stage == .stage2 {
            let ok = g == 12 ? (0...2).contains(start) : (1...3).contains(start)
            guard ok else { throw .inputBits(inputBits, stage: 2, allowed: allowed) }
        }
        self.stage = stage
        self.granule = granule
        self.inputBits = inputBits
        self.startLevel = start
        self.concatenated = concat
        self.pageShift = g
    }

    /// The granule size in bytes.
    public var pageSize: UInt64 { UInt64(1) << pageShift }
    /// Address bits one table resolves.
    public var stride: Int { pageShift - 3 }
    /// Bytes one descriptor at `level` covers.
    public func shift(_ level: Int) -> Int { pageShift + (3 - level) * stride }
    /// Descriptors in a table at `level` (the start level: all concatenated pages together).
    public func entries(_ level: Int) -> Int {
        level == startLevel ? 1 << (inputBits - shift(level)) : 1 << stride
    }
    /// Levels whose descriptors may be blocks: 4 KB: 1 (1 GB) and 2 (2 MB); 16 KB and 64 KB: 2.
    public var blockLevels: [Int] { (pageShift == 12 ? [1, 2] : [2]).filter { $0 >= startLevel } }

    /// CD.T0SZ / STE.S2T0SZ.
    public var t0sz: UInt64 { UInt64(64 - inputBits) }
    /// STE.S2SL0 (stage 2): 4 KB: 0 = level 2, 1 = level 1, 2 = level 0; 16/64 KB: 0 = level 3,
    /// 1 = level 2, 2 = level 1.
    public var sl0: UInt64 { UInt64(pageShift == 12 ? 2 - startLevel : 3 - startLevel) }
}

/// VMSAv8-64 translation tables in real aligned memory (stage 1 or stage 2), table pages
/// from `AlignedMemory` at bus addresses from the `BusMap`. Every descriptor the SMMU could
/// observe is written with `smmuv3_publish_qword` (release barrier, one 64-bit store) and
/// logged as a `pt` store; a new table page is filled before the descriptor that publishes it.
public struct PageTable: ~Copyable {
    /// The shape of the tables: stage, granule, input size, start level.
    public let geometry: PageTableGeometry
    /// Output address size in bits (CD.IPS / STE.S2PS).
    public let outputBits: Int
    /// The bus map the table pages are mapped through.
    public let map: BusMap
    /// The log every descriptor store goes to, as a `pt` store.
    public let log: UpdateLog
    let root: TableLeaf
    /// Non-root table pages by bus address, with the (table, index) of the descriptor that
    /// points at them.
    var pages: [UInt64: TableLeaf] = [:]
    var parent: [UInt64: (table: UInt64, index: Int)] = [:]
    /// Valid descriptors per table page.
    var live: [UInt64: Int] = [:]
    /// Most descriptors one map/unmap may write (bounded work on any input).
    public static let workLimit = 1 << 20

    /// Empty translation tables: the start-level table alone, zeroed (every descriptor
    /// invalid), in memory mapped through `map`.
    ///
    /// - Parameters:
    ///   - stage: stage 1 (a CD's TTB0) or stage 2 (an STE's S2TTB).
    ///   - inputBits: VA size (stage 1, default 48: 4 levels with 4 KB) or IPA size (stage 2,
    ///     default 40: level 1, two concatenated tables).
    ///   - granule: the translation granule (CD.TG0 / STE.S2TG).
    ///   - outputBits: 48 unless told (CD.IPS / STE.S2PS).
    ///   - map: where the table pages appear on the bus.
    ///   - log: where every descriptor store is recorded.
    /// - Throws: ``PageTableError`` for a geometry or output size it does not support, or a
    ///   table page that cannot be had.
    public init(stage: TranslationStage, inputBits: Int? = nil, granule: Granule = .size4K,
                outputBits: Int = 48, map: BusMap = BusMap(), log: UpdateLog = UpdateLog()) throws(PageTableError) {
        let g = try PageTableGeometry(stage: stage, inputBits: inputBits ?? (stage == .stage1 ? 48 : 40), granule: granule)
        guard AddressSize(bits: outputBits) != nil, outputBits <= 48 else { throw .outputBits(outputBits) }
        let bytes = max(Int(g.pageSize), g.entries(g.startLevel) * 8)
        do { root = try TableLeaf(bytes: bytes, map: map) { _ in } } catch { throw .table(error) }
        geometry = g
        self.outputBits = outputBits
        self.map = map
        self.log = log
    }

    /// TTB0 / S2TTB: the bus address of the start-level table.
    public var rootBus: UInt64 { root.bus }
    /// Table pages held now (the root counts once, however many pages it concatenates).
    public var tableCount: Int { 1 + pages.count }

    /// The TCR fields of a stage-1 CD for these tables.
    public var translationControl: TranslationControl {
        TranslationControl(t0sz: geometry.t0sz, tg0: geometry.granule, ips: AddressSize(bits: outputBits) ?? .bits48)
    }

    /// A stage-2 configuration for these tables.
    public func stage2Config(vmid: UInt64) -> Stage2Config {
        Stage2Config(vmid: vmid, vttbr: rootBus, t0sz: geometry.t0sz, sl0: geometry.sl0,
                     granule: geometry.granule, outputSize: AddressSize(bits: outputBits) ?? .bits48)
    }

    /// Bus address and bytes of every table page (the root first), for images.
    public func segments() -> [(bus: UInt64, bytes: [UInt8])] {
        [(root.bus, root.mem.bytes())] + pages.keys.sorted().compactMap { b in pages[b].map { (b, $0.mem.bytes()) } }
    }

    // MARK: descriptors (the producer's encoding)

    var oaMask: UInt64 { ((UInt64(1) << 48) - 1) & ~(geometry.pageSize - 1) }
    static let typeMask: UInt64 = 0b11

    /// A page (level 3) or block descriptor for `oa` with the bits `perm` asks for.
    func leaf(_ oa: UInt64, level: Int, _ perm: MapPermission) -> UInt64 {
        var d: UInt64 = (level == 3 ? 0b11 : 0b01) | oa
        d |= 1 << 10                                 // AF: no Access flag fault on first use
        d |= (perm.device ? 2 : 3) << 8              // SH: Outer for Device, Inner for Normal
        switch geometry.stage {
        case .stage1:
            d |= (perm.device ? 2 : 1) << 2          // AttrIndx: MAIR attr 1 WB-RWA, attr 2 Device-nGnRE
            if !perm.write { d |= 1 << 7 }           // AP[2]: read-only
            if !perm.privileged { d |= 1 << 6 }      // AP[1]: EL0 too
            d |= 1 << 11                             // nG: tagged with the ASID
            if !perm.execute { d |= 1 << 53 | 1 << 54 }  // PXN, UXN
        case .stage2:
            d |= (perm.device ? 0b0001 : 0b1111) << 2    // MemAttr: Device-nGnRE / Normal WB
            if perm.read { d |= 1 << 6 }             // S2AP[0]: read
            if perm.write { d |= 1 << 7 }            // S2AP[1]: write
            if !perm.execute { d |= 1 << 54 }        // XN[1]: not executable
        }
        return d
    }

    func table(_ next: UInt64) -> UInt64 { next | 0b11 }

    func isValid(_ d: UInt64) -> Bool { d & 1 == 1 }
    func isTable(_ d: UInt64, level: Int) -> Bool { level < 3 && d & Self.typeMask == 0b11 }

    func leafOf(_ bus: UInt64) -> TableLeaf? { bus == root.bus ? root : pages[bus] }

    func load(_ table: UInt64, _ index: Int) -> UInt64 {
        guard let t = leafOf(table), index >= 0, index < t.mem.qwordCount else { return 0 }
        return smmuv3_load_qword(t.mem.qwords + index)
    }

    /// The ordered store primitive: release barrier, one 64-bit store, logged.
    mutating func store(_ table: UInt64, _ index: Int, _ value: UInt64) {
        guard let t = leafOf(table), index >= 0, index < t.mem.qwordCount else { return }
        let old = smmuv3_load_qword(t.mem.qwords + index)
        smmuv3_publish_qword(t.mem.qwords + index, value)
        log.append(.store(table: .pt, sid: 0, ssid: 0, qword: index, value: value, bus: table + UInt64(index * 8)))
        live[table, default: 0] += (isValid(value) ? 1 : 0) - (isValid(old) ? 1 : 0)
    }

    func index(_ va: UInt64, level: Int) -> Int {
        let s = geometry.shift(level)
        let bits = level == geometry.startLevel ? geometry.inputBits - s : geometry.stride
        return Int((va >> UInt64(s)) & ((UInt64(1) << UInt64(bits)) - 1))
    }

    /// The valid leaf covering `va`: its table, index, level and descriptor; nil if unmapped.
    public func lookup(_ va: UInt64) -> (table: UInt64, index: Int, level: Int, descriptor: UInt64)? {
        var t = root.bus
        for level in geometry.startLevel...3 {
            let i = index(va, level: level)
            let d = load(t, i)
            guard isValid(d) else { return nil }
            if isTable(d, level: level) { t = d & oaMask; continue }
            return (t, i, level, d)
        }
        return nil
    }

    // MARK: map / unmap

    /// Results of a map or unmap: descriptors written and table pages allocated or freed.
    public struct Summary: Sendable, Hashable {
        /// Page or block descriptors written.
        public var leaves = 0
        /// Table pages allocated.
        public var tablesAllocated = 0
        /// Table pages freed.
        public var tablesFreed = 0
        /// 64-bit descriptor stores in all.
        public var stores = 0
    }

    func checkRange(_ iova: UInt64, _ size: UInt64) throws(PageTableError) {
        guard size > 0 else { throw .zeroSize }
        let g = geometry.pageSize
        guard iova % g == 0 else { throw .misaligned(what: "IOVA", value: iova, granule: g) }
        guard size % g == 0 else { throw .misaligned(what: "size", value: size, granule: g) }
        let (end, o) = iova.addingReportingOverflow(size)
        guard !o, end <= UInt64(1) << geometry.inputBits else {
            throw .beyondInput(iova: iova, size: size, bits: geometry.inputBits)
        }
    }

    /// Map [iova, iova+size) to [pa, pa+size): 1 GB / 2 MB blocks wherever both addresses and
    /// the remaining size allow, pages elsewhere. Mapping over a valid mapping is refused
    /// (unmap first); a refused map changes nothing.
    @discardableResult
    public mutating func map(iova: UInt64, pa: UInt64, size: UInt64, perm: MapPermission) throws(PageTableError) -> Summary {
        try checkRange(iova, size)
        guard pa % geometry.pageSize == 0 else { throw .misaligned(what: "PA", value: pa, granule: geometry.pageSize) }
        let (pend, po) = pa.addingReportingOverflow(size)
        guard !po, pend <= UInt64(1) << outputBits else { throw .beyondOutput(pa: pa, size: size, bits: outputBits) }
        // Plan the leaves (bounded), then check none overlaps, then write.
        var chunks: [(va: UInt64, level: Int)] = []
        var off: UInt64 = 0
        while off < size {
            let va = iova + off, p = pa + off
            var level = 3
            for l in geometry.blockLevels {
                let bs = UInt64(1) << geometry.shift(l)
                if va % bs == 0 && p % bs == 0 && size - off >= bs { level = l; break }
            }
            chunks.append((va, level))
            guard chunks.count <= Self.workLimit else { throw .tooMuchWork(descriptors: chunks.count, limit: Self.workLimit) }
            off += UInt64(1) << geometry.shift(level)
        }
        for c in chunks {
            var t = root.bus
            for level in geometry.startLevel...c.level {
                let d = load(t, index(c.va, level: level))
                guard isValid(d) else { break }
                if level == c.level || !isTable(d, level: level) {
                    let base = c.va & ~((UInt64(1) << geometry.shift(level)) - 1)
                    throw .overlaps(iova: iova, size: size, existing: max(base, iova))
                }
                t = d & oaMask
            }
        }
        var s = Summary()
        for c in chunks {
            var t = root.bus
            for level in geometry.startLevel..<c.level {
                let i = index(c.va, level: level)
                let d = load(t, i)
                if isValid(d) { t = d & oaMask; continue }
                let page: TableLeaf
                do { page = try TableLeaf(bytes: Int(geometry.pageSize), map: map) { _ in } } catch { throw .table(error) }
                pages[page.bus] = page
                parent[page.bus] = (t, i)
                store(t, i, table(page.bus))   // the zeroed page is visible before the pointer
                s.tablesAllocated += 1
                s.stores += 1
                t = page.bus
            }
            store(t, index(c.va, level: c.level), leaf(pa + (c.va - iova), level: c.level, perm))
            s.leaves += 1
            s.stores += 1
        }
        return s
    }

    /// Unmap [iova, iova+size): every page of it must be mapped. A block only partly inside is
    /// split break-before-make: invalid, `invalidate(block, size)` (the caller's TLBI + sync),
    /// then a table of smaller leaves for the part that stays. Table pages left empty are
    /// unlinked, and freed only after the final `invalidate(iova, size)` (which must cover
    /// cached walks: TLBI with Leaf=0).
    @discardableResult
    public mutating func unmap(iova: UInt64, size: UInt64,
                               invalidate: (_ iova: UInt64, _ size: UInt64) -> Void = { _, _ in }) throws(PageTableError) -> Summary {
        try checkRange(iova, size)
        let end = iova + size
        // Check first: every page mapped, bounded by the number of leaves.
        var va = iova, n = 0
        while va < end {
            guard let l = lookup(va) else { throw .notMapped(iova: va) }
            let bs = UInt64(1) << geometry.shift(l.level)
            va = (va & ~(bs - 1)) + bs
            n += 1
            guard n <= Self.workLimit else { throw .tooMuchWork(descriptors: n, limit: Self.workLimit) }
        }
        var s = Summary()
        var emptied: [UInt64] = []
        va = iova
        while va < end {
            guard let l = lookup(va) else { throw .notMapped(iova: va) }
            let bs = UInt64(1) << geometry.shift(l.level)
            let base = va & ~(bs - 1)
            store(l.table, l.index, 0)
            s.stores += 1
            if base >= iova && base + bs <= end {
                s.leaves += 1
                va = base + bs
            } else {
                // Break-before-make: the block is invalid and its TLB entries gone before the
                // table that keeps the rest of it is published.
                invalidate(base, bs)
                let sub = l.level + 1
                let ss = UInt64(1) << geometry.shift(sub)
                let page: TableLeaf
                do { page = try TableLeaf(bytes: Int(geometry.pageSize), map: map) { _ in } } catch { throw .table(error) }
                pages[page.bus] = page
                parent[page.bus] = (l.table, l.index)
                let oa = l.descriptor & oaMask & ~(bs - 1)
                let attrs = l.descriptor & ~oaMask & ~Self.typeMask
                for j in 0..<(1 << geometry.stride) {
                    let sb = base + UInt64(j) * ss
                    if sb >= iova && sb + ss <= end { continue }
                    store(page.bus, j, attrs | (oa + UInt64(j) * ss) | (sub == 3 ? 0b11 : 0b01))
                    s.stores += 1
                }
                store(l.table, l.index, table(page.bus))
                s.tablesAllocated += 1
                s.stores += 1
                // Sub-entries wholly inside the range were never written: skip them; the ones
                // only partly inside are leaves now, split again on the next pass.
                while va < min(end, base + bs) {
                    let sb = va & ~(ss - 1)
                    guard sb >= iova && sb + ss <= end else { break }
                    s.leaves += 1
                    va = sb + ss
                }
                continue   // walk again: the smaller leaves inside the range are next
            }
            // Unlink table pages this left empty, up to (not including) the root.
            var t = l.table
            while t != root.bus, live[t, default: 0] == 0, let p = parent[t] {
                store(p.table, p.index, 0)
                s.stores += 1
                emptied.append(t)
                t = p.table
            }
        }
        invalidate(iova, size)
        for t in Set(emptied) where live[t, default: 0] == 0 && pages[t] != nil {
            pages[t] = nil
            parent[t] = nil
            live[t] = nil
            s.tablesFreed += 1
        }
        return s
    }
}
