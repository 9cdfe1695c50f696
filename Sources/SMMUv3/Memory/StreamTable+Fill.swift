/// Bulk population at memory speed (IHI 0070 §3.3.2: an L2 array the SMMU cannot reach yet is
/// plain memory until the L1STD that publishes it).
extension StreamTable {
    /// Install `words` in the STE of every StreamID in `sids`. In a 2-level table, an L2 array
    /// not allocated yet is allocated once, filled with `words` for the StreamIDs of `sids` it
    /// holds (abort STEs for the others) before anything can see it, and published by one
    /// L1STD store and one sync (CFGI_STE Leaf=0): those entries need no plan and no sync of
    /// their own, and only the L1STD store is logged. An entry the SMMU can already see (a
    /// linear table, an L2 array published before) is installed through the planner and the
    /// entry writer, as `populate` does. Refused before anything is stored when `words` is not
    /// 8 words or is ILLEGAL (unless `allowIllegal`), or `sids` leaves the table. A failure
    /// later (memory, the sink) stops there: the L2 arrays and entries before it are in place,
    /// as with `populate`. Returns the number of entries written.
    @discardableResult
    public mutating func fill(_ sids: Range<UInt32>, with words: [UInt64], allowIllegal: Bool = false,
                              sync: SyncSink) throws -> Int {
        let target = try EntryWriter.Target(.ste, words: words, allowIllegal: allowIllegal)
        guard let last = sids.last else { return 0 }
        _ = try slot(sids.lowerBound)
        _ = try slot(last)
        guard let split else {
            return try populate(sids, with: words, allowIllegal: true, sync: sync)
        }
        let abort = UsedBits.entry(STE.abort().words)
        let perLeaf = UInt32(1) << split
        var n = 0
        var leafIndex = sids.lowerBound >> split
        while leafIndex <= last >> split {
            let base = leafIndex << split
            // The part of `sids` inside this L2 array (never overflows: base + perLeaf - 1 <= last's array end).
            let lo = max(sids.lowerBound, base), hi = min(last, base + (perLeaf - 1))
            if arrays.leaves[Int(leafIndex)] != nil {
                n += try populate(lo...hi, with: words, allowIllegal: true, sync: sync)
            } else {
                let first = Int(lo - base), end = Int(hi - base) + 1
                let leaf = try TableLeaf(bytes: 64 << split, map: map, zeroed: false) { m in
                    let q = m.qwords
                    for j in 0..<(1 << split) {
                        let value = j >= first && j < end ? target.words : abort
                        for i in 0..<8 { q[j * 8 + i] = value[i] }
                    }
                }
                try publishLeaf(leaf, for: lo, split: split, sync: sync)
                n += end - first
            }
            leafIndex += 1
        }
        return n
    }
}
