/// Why a table operation was refused. A refused operation leaves every table as it was.
public enum TableError: Error, Equatable, CustomStringConvertible {
    case memory(MemoryError)
    case bus(BusError)
    case log2Size(Int, max: Int)
    case split(Int)
    case tooLarge(bytes: UInt64, available: UInt64)
    /// Over the ceiling of table memory its creator set (`maxTableBytes`, 1 GiB by default).
    case overCeiling(what: String, bytes: UInt64, ceiling: UInt64)
    case sidOutOfRange(sid: UInt32, log2Size: Int)
    case ssidOutOfRange(ssid: UInt32, s1cdmax: Int)
    case notPresent(String)
    case liveEntry(String)
    case s1cdmax(Int)
    case format(String)

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
