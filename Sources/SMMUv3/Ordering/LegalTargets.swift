import Synchronization

/// Which target entries are known legal: `EntryWriter.apply` refuses an ILLEGAL target (the
/// decoder's findings), and a writer moving an entry among a few configurations would decode
/// the same words on every transition. The last few targets found legal are remembered (a
/// fixed ring: the same refusals, one decode per distinct target while it stays in the ring).
enum LegalTargets {
    struct Slot {
        var kind: DescriptorKind
        var words: SIMD8<UInt64>
        var features: Features
    }

    struct Ring {
        var slots: [Slot] = []
        var next = 0
    }

    static let size = 16
    static let ring = Mutex(Ring())

    /// The target's ILLEGAL findings (what the SMMU would record as C_BAD_STE / C_BAD_CD).
    static func illegal(_ kind: DescriptorKind, _ words: [UInt64], _ features: Features) -> [Decoded.Finding] {
        let decoded = try? Decoded(kind, words: words, features: features)
        return decoded?.findings.filter { $0.severity == .illegal } ?? []
    }

    /// Whether `words` is free of ILLEGAL findings; decoded only when not remembered.
    static func isLegal(_ kind: DescriptorKind, _ words: [UInt64], _ features: Features) -> Bool {
        guard words.count == 8 else { return illegal(kind, words, features).isEmpty }
        let e = UsedBits.entry(words)
        let known = ring.withLock { r in
            r.slots.contains { $0.words == e && $0.kind == kind && $0.features == features }
        }
        if known { return true }
        guard illegal(kind, words, features).isEmpty else { return false }
        ring.withLock { r in
            let slot = Slot(kind: kind, words: e, features: features)
            if r.slots.count < size {
                r.slots.reserveCapacity(size)
                r.slots.append(slot)
            } else {
                r.slots[r.next] = slot
                r.next = (r.next + 1) % size
            }
        }
        return true
    }
}
