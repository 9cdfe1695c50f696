/// The Linux driver's update sequence (arm_smmu_write_entry), computed in fixed-size values
/// and handed out one step at a time: `emit(mask, value)` stores the words of `mask` (bit i:
/// word i) from `value`, then syncs. At most three steps; a step with no store is not emitted.
/// `Planner` turns the steps into a `Plan`; the allocation-free writer stores them directly,
/// so both follow this one computation.
enum StoreSequence {
    /// Linux's sequence from `cur` (whose used bits are `curUsed`) to `target` (`targetUsed`);
    /// `safe` holds the bits either order leaves harmless, `vMask` the kind's V bit. Returns
    /// the words whose used bits differ (bit i: word i): none, one (the hitless critical-word
    /// sequence) or several (V=0 first).
    @inline(__always)
    static func linux<E: Error>(cur c: SIMD8<UInt64>, curUsed: SIMD8<UInt64>, target t: SIMD8<UInt64>,
                                targetUsed: SIMD8<UInt64>, safe allSafe: SIMD8<UInt64>, vMask: UInt64,
                                emit: (_ mask: UInt8, _ value: SIMD8<UInt64>) throws(E) -> Void) throws(E) -> UInt8 {
        // Safe bits count only where both configurations use them; elsewhere the unused side rules.
        let safe = allSafe & curUsed & targetUsed
        let cu = curUsed & ~safe, tu = targetUsed & ~safe
        var unused = (c & cu) | (t & ~cu)
        let differs = nonzero((unused ^ t) & tu)
        var entry = c
        let all = SIMD8<UInt64>(repeating: ~0)
        var word0 = SIMD8<UInt64>(repeating: 0)
        word0[0] = ~0
        if differs != 0 && differs & (differs &- 1) == 0 {
            let critical = differs.trailingZeroBitCount
            unused[critical] = c[critical]
            var one = SIMD8<UInt64>(repeating: 0)
            one[critical] = ~0
            try step(&entry, unused, all, emit)
            try step(&entry, t, one, emit)
            try step(&entry, t, all, emit)
        } else if differs != 0 {
            var broken = entry
            broken[0] &= ~vMask
            try step(&entry, broken, word0, emit)
            try step(&entry, t, all & ~word0, emit)
            try step(&entry, t, word0, emit)
        } else {
            try step(&entry, t, all, emit)
        }
        return differs
    }

    /// Store the words of `value` in the lanes of `range` (all ones or zero) that differ from
    /// `entry`, as one step.
    @inline(__always)
    static func step<E: Error>(_ entry: inout SIMD8<UInt64>, _ value: SIMD8<UInt64>, _ range: SIMD8<UInt64>,
                               _ emit: (UInt8, SIMD8<UInt64>) throws(E) -> Void) throws(E) {
        let m = nonzero((entry ^ value) & range)
        guard m != 0 else { return }
        entry = (value & range) | (entry & ~range)
        try emit(m, entry)
    }

    /// Bit i set where lane i of `v` is not zero.
    @inline(__always)
    static func nonzero(_ v: SIMD8<UInt64>) -> UInt8 {
        var b: UInt8 = 0
        for i in 0..<8 where v[i] != 0 { b |= 1 << i }
        return b
    }
}
