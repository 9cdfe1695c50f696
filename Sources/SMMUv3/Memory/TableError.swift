/// Why a table operation was refused. A refused operation leaves every table as it was.
public enum TableError: Error, Equatable, CustomStringConvertible {
    /// The table's memory could not be allocated.
    case memory(MemoryError)
    /// The bus map refused the table's memory.
    case bus(BusError)
    /// A LOG2SIZE beyond the largest the table allows.
    case log2Size(Int, max: Int)
    /// SMMU_STRTAB_BASE_CFG.SPLIT other than 6, 8 or 10 (IHI 0070 §6.3.25).
    case split(Int)
    /// The table needs more bytes than the machine's physical memory.
    case tooLarge(bytes: UInt64, available: UInt64)
    /// Over the ceiling of table memory its creator set (`maxTableBytes`, 1 GiB by default).
    case overCeiling(what: String, bytes: UInt64, ceiling: UInt64)
    /// A StreamID beyond the 2^LOG2SIZE the stream table covers.
    case sidOutOfRange(sid: UInt32, log2Size: Int)
    /// A SubstreamID beyond the 2^S1CDMax the CD table covers.
    case ssidOutOfRange(ssid: UInt32, s1cdmax: Int)
    /// The entry's leaf table is not there yet (L1STD Span=0, L1CD V=0).
    case notPresent(String)
    /// The live entry does not hold what the operation expects (the plan's starting words).
    case liveEntry(String)
    /// S1CDMax outside 0...20 (IHI 0070 §5.2).
    case s1cdmax(Int)
    /// A table format or word index the table cannot take, or a descriptor or register it cannot encode; the message says which.
    case format(String)

    /// The message: the table, the value and the rule broken.
    public var description: String {
        switch self {
        case let .memory(e): e.description
        case let .bus(e): e.description
        case let .log2Size(l, m): "LOG2SIZE \(l) is beyond \(m)"
        case let .split(s): "SPLIT \(s) is not 6, 8 or 10 (IHI 0070 §6.3.25: other values behave as 6)"
        case let .tooLarge(b, a): "a table of \(b) bytes does not fit in the \(a) bytes of memory this machine has"
        case let .overCeiling(w, b, c):
            "\(w) needs \(bytesName(b)), over the ceiling of \(bytesName(c)) of table memory (raise it with --max-table-bytes, or maxTableBytes:)"
        case let .sidOutOfRange(s, l): "StreamID \(s) is out of range: the stream table covers 2^\(l) StreamIDs"
        case let .ssidOutOfRange(s, m): "SubstreamID \(s) is beyond S1CDMax \(m) (2^\(m) SubstreamIDs)"
        case let .notPresent(m): m
        case let .liveEntry(m): m
        case let .s1cdmax(m): "S1CDMax \(m) is not in 0...20"
        case let .format(m): m
        }
    }
}

/// "4 GiB (4294967296 bytes)", "1 GiB (1073741824 bytes)", "4096 bytes".
func bytesName(_ b: UInt64) -> String {
    let units: [(Int, String)] = [(40, "TiB"), (30, "GiB"), (20, "MiB"), (10, "KiB")]
    for (shift, name) in units where b >= 1 << shift && b % (1 << shift) == 0 {
        return "\(b >> shift) \(name) (\(b) bytes)"
    }
    return "\(b) bytes"
}
