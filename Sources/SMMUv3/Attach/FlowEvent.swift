/// One thing a flow did, in order: a word store an SMMU could observe, or a command the SMMU
/// consumed from its queue (decoded back from the real ring).
public enum FlowEvent: Sendable, Hashable, CustomStringConvertible {
    /// A 64-bit store to word `qword` of an SMMU's table entry (STE, L1STD, CD or L1CD), which the SMMU may observe from then on.
    case store(smmu: String, table: TableKind, sid: UInt32, ssid: UInt32, qword: Int, value: UInt64)
    /// A command the SMMU consumed from its command queue, decoded.
    case command(smmu: String, decoded: Decoded)
    /// A store into a domain's page tables (table "pt"; `qword` is the index in its table page).
    case pageTable(domain: String, qword: Int, value: UInt64, bus: UInt64)
    /// The walker's prediction for a scenario `dma` line.
    case dma(DMAPrediction)
    /// An event record the SMMU wrote to its event queue (a modelled fault).
    case event(smmu: String, decoded: Decoded)

    /// The command's name without the CMD_ prefix ("CFGI_CD", "SYNC"), nil for stores.
    public var commandName: String? {
        if case let .command(_, d) = self { return String(d.layout.name.dropFirst(4)) }
        return nil
    }

    /// One JSON object, as `smmuv3 replay --format json` prints it.
    public var json: String {
        switch self {
        case let .store(smmu, table, sid, ssid, q, v):
            return "{\"op\":\"store\",\"smmu\":\"\(smmu)\",\"table\":\"\(table.rawValue)\",\"sid\":\(sid),\"ssid\":\(ssid),\"qword\":\(q),\"value\":\"\(hex16(v))\"}"
        case let .command(smmu, d):
            var o = "{\"op\":\"cmd\",\"smmu\":\"\(smmu)\",\"name\":\"\(commandName!)\""
            if let sid = d.value("StreamID") { o += ",\"sid\":\(sid)" }
            if let ssid = d.value("SubstreamID"), d.layout.name != "CMD_ATC_INV" || d.value("SSV") == 1 { o += ",\"ssid\":\(ssid)" }
            if let leaf = d.value("Leaf") { o += ",\"leaf\":\(leaf == 1)" }
            if let asid = d.value("ASID") { o += ",\"asid\":\(asid)" }
            if let vmid = d.value("VMID") { o += ",\"vmid\":\(vmid)" }
            return o + ",\"words\":[\(d.words.map { "\"\(hex16($0))\"" }.joined(separator: ","))]}"
        case let .pageTable(domain, q, v, bus):
            return "{\"op\":\"store\",\"domain\":\"\(domain)\",\"table\":\"pt\",\"bus\":\"\(hex(bus))\",\"qword\":\(q),\"value\":\"\(hex16(v))\"}"
        case let .dma(p):
            return p.json
        case let .event(smmu, d):
            var o = "{\"op\":\"event\",\"smmu\":\"\(smmu)\",\"name\":\"\(d.layout.name)\""
            if let sid = d.value("StreamID") { o += ",\"sid\":\(sid)" }
            if d.value("SSV") == 1, let ssid = d.value("SubstreamID") { o += ",\"ssid\":\(ssid)" }
            if let stall = d.value("Stall") { o += ",\"stall\":\(stall == 1)" }
            if d.value("Stall") == 1, let stag = d.value("STAG") { o += ",\"stag\":\(stag)" }
            return o + ",\"words\":[\(d.words.map { "\"\(hex16($0))\"" }.joined(separator: ","))]}"
        }
    }

    /// One text line, as `smmuv3 replay` prints it: IDs, addresses and field values in hex.
    public var description: String {
        switch self {
        case let .store(smmu, table, sid, ssid, q, v):
            return "\(smmu): store \(table.rawValue) sid=\(hex(UInt64(sid)))\(table == .cd || table == .l1cd ? " ssid=\(hex(UInt64(ssid)))" : "") qword=\(q) value=\(hex16(v))"
        case let .command(smmu, d):
            let fields = d.fields.dropFirst().filter { $0.value != 0 && $0.field.name != "MSH" && $0.field.name != "MSIAttr" }
                .map { "\($0.field.name)=\(hex($0.value))" }
            return "\(smmu): \(commandName!)" + (fields.isEmpty ? "" : " " + fields.joined(separator: " "))
        case let .pageTable(domain, q, v, bus):
            return "\(domain): store pt bus=\(hex(bus)) qword=\(q) value=\(hex16(v))"
        case let .dma(p):
            return p.description
        case let .event(smmu, d):
            let fields = d.fields.dropFirst().filter { $0.value != 0 }
                .map { "\($0.field.name)=\(hex($0.value))" }
            return "\(smmu): event \(d.layout.name)" + (fields.isEmpty ? "" : " " + fields.joined(separator: " "))
        }
    }
}
