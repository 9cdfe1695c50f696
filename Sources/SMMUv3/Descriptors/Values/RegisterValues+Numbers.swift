extension RegisterValues {
    /// The fields that hold a number: sizes as counts, queue indexes split at their wrap bit,
    /// toggle flags compared with their partner register, and the values of named fields the
    /// spec describes by a pattern rather than a table.
    static func numbers(register r: String, field f: String, value v: UInt64,
                        context: [String: UInt64]) -> Description? {
        func text(_ s: String, reserved: Bool = false) -> Description { Description(name: nil, meaning: s, reserved: reserved) }
        switch (r, f) {
        case ("SMMU_IDR1", "SIDSIZE"):  // §6.3.2: 0 to 32 inclusive
            return v <= 32 ? text("\(v) StreamID bits: \(power(v)) StreamIDs")
                           : text("\(v) StreamID bits: above 32, outside the range the spec allows", reserved: true)
        case ("SMMU_IDR1", "SSIDSIZE"):  // §6.3.2: 0 to 20 inclusive, 0 no substreams
            if v == 0 { return text("no SubstreamIDs") }
            return v <= 20 ? text("\(v) SubstreamID bits: \(power(v)) SubstreamIDs")
                           : text("\(v) SubstreamID bits: above 20, outside the range the spec allows", reserved: true)
        case ("SMMU_IDR1", "CMDQS"), ("SMMU_IDR1", "EVENTQS"), ("SMMU_IDR1", "PRIQS"):  // §6.3.2: maximum 19
            return v <= 19 ? text("at most \(power(v)) entries")
                           : text("log2 \(v): above 19, outside the range the spec allows", reserved: true)
        case ("SMMU_IDR5", "STALL_MAX"):
            return text("at most \(v) outstanding stalled transactions")
        case ("SMMU_STRTAB_BASE_CFG", "LOG2SIZE"):  // §6.3.25
            return text("\(power(v)) StreamIDs (effective MIN(LOG2SIZE, SMMU_IDR1.SIDSIZE))")
        case (_, "LOG2SIZE") where r.hasSuffix("Q_BASE"):  // §6.3.26: LOG2SIZE <= SMMU_IDR1.CMDQS <= 19
            return v <= 19 ? text("\(power(v)) entries")
                           : text("\(power(v)) entries: above 19, more than any SMMU_IDR1 queue size allows", reserved: true)
        case (_, "WR") where r.hasSuffix("_PROD"), (_, "RD") where r.hasSuffix("_CONS"):
            return queueIndex(register: r, field: f, value: v, context: context)
        case (_, "OVFLG"), (_, "OVACKFLG"):
            let q = String(r.dropLast(5))  // SMMU_EVENTQ / SMMU_PRIQ
            let (mine, other, otherField) = f == "OVFLG" ? (r, q + "_CONS", "OVACKFLG") : (r, q + "_PROD", "OVFLG")
            guard let o = context[other] else {
                return text("toggles: the queue has overflowed while \(mine.dropFirst(5)).OVFLG differs from OVACKFLG (\(other) not given)")
            }
            let overflowed = (o >> 31 & 1) != v
            return text(overflowed ? "overflow not yet acknowledged (differs from \(other).\(otherField))"
                                   : "no overflow pending (equal to \(other).\(otherField))")
        case ("SMMU_GERROR", _), ("SMMU_GERRORN", _):  // §6.3.19: active while GERROR[x] != GERRORN[x]
            let other = r == "SMMU_GERROR" ? "SMMU_GERRORN" : "SMMU_GERROR"
            guard let o = context[other], let lo = DescriptorLayout.register(named: r)?.field(named: f)?.lo else {
                return text("toggles: the error is active while SMMU_GERROR.\(f) differs from SMMU_GERRORN.\(f) (\(other) not given)")
            }
            return text((o >> UInt64(lo) & 1) != v ? "active (differs from \(other).\(f))" : "not active (equal to \(other).\(f))")
        case ("SMMU_GBPA", "ALLOCCFG") where v < 8:  // §6.3.14: 0b0xxx
            return text("use incoming RA/WA/TR allocation/transient hints (0b0xxx)")
        case (_, "ADDR") where r.hasSuffix("_IRQ_CFG0"):  // §6.3.21, §6.3.30, §6.3.34
            return v == 0 ? text("no MSI is sent") : nil
        case ("SMMU_IIDR", "Implementer"):  // JEP106: [11:8] continuation code, [6:0] identity
            return v == 0x43b ? text("Arm (JEP106 0x43b)") : text("JEP106 bank \((v >> 8) + 1), identity \(hex(v & 0x7f))")
        default:
            return nil
        }
    }

    /// A queue index register's WR / RD: bits [QS-1:0] the index, bit QS the wrap flag, where
    /// QS is the queue's `_BASE.LOG2SIZE` (§6.3.27, §6.3.28); above it RAZ.
    static func queueIndex(register r: String, field f: String, value v: UInt64,
                           context: [String: UInt64]) -> Description {
        let base = String(r.dropLast(5)) + "_BASE"  // SMMU_CMDQ_PROD → SMMU_CMDQ_BASE
        guard let b = context[base] else {
            return Description(name: nil, meaning: "index and wrap flag: the wrap flag is bit \(base).LOG2SIZE (\(base) not given)",
                               reserved: false)
        }
        let qs = b & 0x1f
        guard qs <= 19 else {
            return Description(name: nil, meaning: "\(base).LOG2SIZE = \(qs) is above 19: no index layout", reserved: true)
        }
        let index = v & ((1 << qs) - 1), wrap = v >> qs & 1
        let stray = v >> (qs + 1)
        return Description(name: nil, meaning: "index \(index), wrap \(wrap) (\(base).LOG2SIZE = \(qs))"
                           + (stray == 0 ? "" : "; bits above the wrap flag are set where they read as zero"),
                           reserved: stray != 0)
    }

    /// "2^16 = 65536" for small powers, "2^40" above 2^32.
    static func power(_ n: UInt64) -> String { n <= 32 ? "\(UInt64(1) << n)" : "2^\(n)" }
}
