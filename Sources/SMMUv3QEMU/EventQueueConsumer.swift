import SMMUv3

/// The software side of an SMMU output queue (the event queue, IHI 0070 §3.5, §7): PROD is
/// the SMMU's, CONS the consumer's; each is an index in [log2Size-1:0] with a wrap flag at
/// bit log2Size; the queue is empty when they are equal and full when only the wrap flags
/// differ. EVENTQ_PROD.OVFLG toggles when the SMMU drops records on a full queue; the consumer
/// acknowledges by copying it into EVENTQ_CONS.OVACKFLG (§6.3.27). Memory access is the
/// caller's (`read`), so a rig with host memory and the QEMU harness share this.
public struct EventQueueConsumer: Sendable {
    /// SMMU_EVENTQ_BASE.LOG2SIZE: the queue holds 2^log2Size records (IHI 0070 §6.3.29).
    public let log2Size: Int
    /// EVENTQ_CONS.RD: the next record to read, with its wrap flag at bit log2Size.
    public private(set) var cons: UInt32 = 0
    /// The last overflow flag acknowledged.
    public private(set) var overflowAck: UInt32 = 0

    /// An empty queue's consumer (CONS = 0).
    public init(log2Size: Int) { self.log2Size = log2Size }

    /// An event record is 32 bytes (IHI 0070 §7.3).
    public static let recordBytes = 32
    var indexMask: UInt32 { (UInt32(1) << UInt32(log2Size)) - 1 }
    var wrapIndexMask: UInt32 { (UInt32(1) << UInt32(log2Size + 1)) - 1 }

    /// What one pass found.
    public struct Batch: Sendable {
        /// The records taken, 4 words each, in queue order.
        public var records: [[UInt64]]
        /// PROD.OVFLG differed from the acknowledged flag: records were lost.
        public var overflowed: Bool
        /// The value to write to EVENTQ_CONS.
        public var consRegister: UInt32
    }

    /// Take every record between CONS and `prod` (the EVENTQ_PROD register's value), reading
    /// each 4-word record at its index with `read`.
    public mutating func consume<E: Error>(prod: UInt32, read: (_ index: UInt32) throws(E) -> [UInt64]) throws(E) -> Batch {
        var out: [[UInt64]] = []
        let p = prod & wrapIndexMask
        var guardCount = 0
        while cons != p && guardCount <= Int(indexMask) + 1 {
            out.append(try read(cons & indexMask))
            cons = (cons + 1) & wrapIndexMask
            guardCount += 1
        }
        let ovf = prod >> 31
        let overflowed = ovf != overflowAck
        overflowAck = ovf
        return Batch(records: out, overflowed: overflowed, consRegister: cons | overflowAck << 31)
    }
}

/// An event record as the project decodes it: `"event":{"type":…,"sid":…,"ssid":…,"addr":"0x…"}`.
public struct DecodedEvent: Sendable, Hashable, CustomStringConvertible {
    /// The record's 4 words.
    public let words: [UInt64]
    /// The record's name (`F_TRANSLATION`), or `EVENT_0x..` for an unknown EventID.
    public let type: String
    /// The StreamID field.
    public let sid: UInt32?
    /// The SubstreamID, nil when SSV=0.
    public let ssid: UInt32?
    /// The InputAddr field, nil for a record without one.
    public let addr: UInt64?
    /// RnW: true for a read, nil for a record without the field.
    public let read: Bool?

    /// Decodes the 4 words of an event record.
    public init(words: [UInt64]) {
        self.words = words
        let d = try? Decoded(.evt, words: words)
        type = d?.layout.name ?? "EVENT_\(hexa(words.first.map { $0 & 0xff } ?? 0))"
        sid = d?.value("StreamID").map { UInt32(truncatingIfNeeded: $0) }
        ssid = d?.value("SSV") == 1 ? d?.value("SubstreamID").map { UInt32(truncatingIfNeeded: $0) } : nil
        addr = d?.value("InputAddr")
        read = d?.value("RnW").map { $0 == 1 }
    }

    /// `{"type":…,"sid":…,"ssid":…,"addr":…}`.
    public var json: String {
        "{\"type\":\"\(type)\",\"sid\":\(sid.map(String.init) ?? "null"),\"ssid\":\(ssid.map(String.init) ?? "null"),\"addr\":\(addr.map { "\"\(hexa($0))\"" } ?? "null")}"
    }

    /// One line: the type, StreamID, SubstreamID and address.
    public var description: String {
        "\(type) sid=\(sid.map { hexa(UInt64($0)) } ?? "-")\(ssid.map { " ssid=\($0)" } ?? "")\(addr.map { " addr=\(hexa($0))" } ?? "")"
    }
}
