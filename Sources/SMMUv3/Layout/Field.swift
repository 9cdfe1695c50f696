import CSMMUv3

extension DescriptorLayout {
    /// One field of a descriptor layout, read from the C field tables (`include/smmuv3/*.h`),
    /// which are the one source of truth for every position.
    ///
    /// `word` is the 64-bit little-endian word index; `hi`/`lo` the inclusive bit range inside it.
    /// Address fields hold address bits `[hi:lo]` in place; their values are byte addresses.
    public struct Field: Sendable, Hashable, CustomStringConvertible {
        /// The field's name as the spec spells it (`S1ContextPtr`, `Config`).
        public let name: String
        /// A one-line description of the field, from the C table.
        public let summary: String
        /// The index of the 64-bit word that holds the field, word 0 first.
        public let word: Int
        /// The field's highest bit within its word (inclusive).
        public let hi: Int
        /// The field's lowest bit within its word (inclusive).
        public let lo: Int
        /// True for an address field: it holds address bits `[hi:lo]` in place, and its values are byte addresses whose low `lo` bits are zero.
        public let isAddress: Bool
        /// Another name for bits another field holds (its meaning depends on a feature, e.g.
        /// CD.SKL0 = HWU061/HWU062 when SMMU_IDR5.D128=1).
        public let isAlias: Bool

        init(_ c: smmuv3_field) {
            name = String(cString: c.name)
            summary = String(cString: c.desc)
            word = Int(c.word)
            hi = Int(c.hi)
            lo = Int(c.lo)
            isAddress = (UInt32(c.flags) & UInt32(SMMUV3_FIELD_ADDRESS)) != 0
            isAlias = (UInt32(c.flags) & UInt32(SMMUV3_FIELD_ALIAS)) != 0
        }

        /// The C view of this field, for the shared get/set helpers.
        var c: smmuv3_field {
            smmuv3_field(name: nil, desc: nil, word: UInt8(word), hi: UInt8(hi), lo: UInt8(lo),
                         flags: (isAddress ? UInt8(SMMUV3_FIELD_ADDRESS) : 0) | (isAlias ? UInt8(SMMUV3_FIELD_ALIAS) : 0))
        }

        /// The number of bits, `hi - lo + 1`.
        public var width: Int { hi - lo + 1 }
        /// The field's bits within its word.
        public var mask: UInt64 { withUnsafePointer(to: c) { smmuv3_field_mask($0) } }
        /// The largest value the field holds (for an address field, the highest address).
        public var maxValue: UInt64 { withUnsafePointer(to: c) { smmuv3_field_max($0) } }
        /// The all-ones value of the field, as `encode` takes it.
        public var allOnes: UInt64 { maxValue }
        /// `[hi:lo]` or `[b]`.
        public var bits: String { hi == lo ? "[\(lo)]" : "[\(hi):\(lo)]" }
        /// Bit numbers counted over the whole descriptor, as the spec numbers STE/CD bits.
        public var absoluteBits: String {
            let h = word * 64 + hi, l = word * 64 + lo
            return h == l ? "[\(l)]" : "[\(h):\(l)]"
        }
        /// `NAME word W [hi:lo]`.
        public var description: String { "\(name) word \(word) \(bits)" }

        /// True if the two fields share a bit.
        public func overlaps(_ o: DescriptorLayout.Field) -> Bool { word == o.word && mask & o.mask != 0 }

        /// The field's value in `words` (byte address for address fields). Every reader passes a
        /// whole descriptor (decoding checks the word count first); a word `words` lacks reads as
        /// zero rather than trapping.
        public func get(_ words: [UInt64]) -> UInt64 {
            guard word < words.count else { return 0 }
            var f = c
            return words.withUnsafeBufferPointer { b in b.baseAddress.map { smmuv3_field_get($0, &f) } ?? 0 }
        }

        /// Why `value` cannot be stored in this field, or nil if it can.
        public func check(_ value: UInt64) -> FieldError? {
            var f = c
            switch smmuv3_field_check(&f, value) {
            case SMMUV3_OK: return nil
            case SMMUV3_EALIGN: return .misaligned(field: name, value: value, alignment: UInt64(1) << lo)
            default:
                return isAddress ? .addressTooWide(field: name, value: value, hi: hi, lo: lo)
                                 : .doesNotFit(field: name, value: value, width: width)
            }
        }

        /// Store a value that fits the field by construction: a flag, a typed encoding, a
        /// `UInt32` StreamID in a 32-bit field, an address a `BusMap` checked. Never traps; bits
        /// outside the field are not written, so values from input go through `set` instead.
        func storeFitting(_ value: UInt64, in words: inout [UInt64]) {
            guard word < words.count else { return }
            let bits = isAddress ? value : value << UInt64(lo)
            words[word] = (words[word] & ~mask) | (bits & mask)
        }

        /// Store `value`; on error `words` is left untouched.
        public func set(_ value: UInt64, in words: inout [UInt64]) throws(FieldError) {
            if let e = check(value) { throw e }
            guard word < words.count else { throw .wordMissing(field: name, word: word, words: words.count) }
            var f = c
            words.withUnsafeMutableBufferPointer { b in
                if let base = b.baseAddress { smmuv3_field_set(base, &f, value) }
            }
        }
    }
}

/// Why a value cannot be stored in a field. Messages name the field, the value and the rule.
public enum FieldError: Error, Equatable, CustomStringConvertible {
    /// The value needs more than the field's `width` bits.
    case doesNotFit(field: String, value: UInt64, width: Int)
    /// An address whose bits below the field's `lo` are not zero.
    case misaligned(field: String, value: UInt64, alignment: UInt64)
    /// An address with bits above the field's `hi`.
    case addressTooWide(field: String, value: UInt64, hi: Int, lo: Int)
    /// The field's word is not among the words given (a descriptor shorter than its layout).
    case wordMissing(field: String, word: Int, words: Int)

    /// The message: the field, the value and the rule broken.
    public var description: String {
        switch self {
        case let .doesNotFit(f, v, w): "\(f)=\(v) does not fit in \(w) bit\(w == 1 ? "" : "s") (max \(hex((w >= 64 ? ~0 : (1 << w) - 1))))"
        case let .misaligned(f, v, a): "\(f) \(hex(v)) is not \(sizeName(a)) aligned"
        case let .addressTooWide(f, v, hi, lo): "\(f) \(hex(v)) does not fit in address bits [\(hi):\(lo)] (above bit \(hi))"
        case let .wordMissing(f, w, n): "\(f) is in word \(w), but only \(n) word\(n == 1 ? "" : "s") were given"
        }
    }
}

/// `0x…` lower-case hex.
public func hex(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }
/// A word as the CLI prints it: `0x%016x`.
public func hex16(_ v: UInt64) -> String {
    let s = String(v, radix: 16)
    return "0x" + String(repeating: "0", count: 16 - s.count) + s
}
/// "64-byte", "4 KB"-style alignment names.
func sizeName(_ bytes: UInt64) -> String {
    if bytes >= 1 << 20 && bytes % (1 << 20) == 0 { return "\(bytes >> 20) MB" }
    if bytes >= 1 << 10 && bytes % (1 << 10) == 0 { return "\(bytes >> 10) KB" }
    return "\(bytes)-byte"
}
