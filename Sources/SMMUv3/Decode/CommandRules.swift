/// Command-queue entry rules (IHI 0070 chapter 4): what the SMMU rejects with CERROR_ILL.
enum CommandRules {
    static func check(_ c: Command) -> (String, [Finding]) {
        let op = c.words[0] & 0xff
        guard let l = c.record else {
            if (0x80...0x8f).contains(op) {
                return ("IMPLEMENTATION DEFINED command \(hex(op))", [Finding(.note, "Opcode", op, "opcodes 0x80-0x8F are IMPLEMENTATION DEFINED (§4.1)")])
            }
            return ("reserved opcode \(hex(op))", [Finding(.illegal, "Opcode", op, "reserved opcode: the SMMU stops the queue with CERROR_ILL (§4.1)")])
        }
        var out: [Finding] = []
        func val(_ n: String) -> UInt64? { c[n] }
        if let ssec = val("SSec"), ssec == 1 {
            out.append(Finding(.illegal, "SSec", 1, "SSec=1 on the Non-secure command queue is CERROR_ILL (§4.1.6)"))
        }
        if l.name == "CMD_SYNC" {
            if val("CS") == 3 { out.append(Finding(.illegal, "CS", 3, "CS=0b11 is reserved: CERROR_ILL (§4.7.3)")) }
            if val("MSH") == 1 { out.append(Finding(.reserved, "MSH", 1, "MSH=0b01 is reserved (§4.7.3)")) }
        }
        if l.name == "CMD_PRI_RESP", val("Resp") == 3 {
            out.append(Finding(.illegal, "Resp", 3, "Resp=0b11 is reserved: CERROR_ILL (§4.6.2)"))
        }
        if let tg = val("TG"), tg != 0, val("NUM") == 0, val("SCALE") == 0, val("TTL") == 0 {
            out.append(Finding(.reserved, "TG", tg, "TG!=0 with NUM=SCALE=TTL=0 is a reserved range encoding (CERROR_ILL) (§4.4.1)"))
        }
        if let tg = val("TG"), tg == 0, let ttl = val("TTL"), ttl != 0 {
            out.append(Finding(.res0, "TTL", ttl, "TTL is RES0 when TG=0 (no granule given) (§4.4.1)"))
        }
        let shown = l.fields.dropFirst().filter { c.value($0) != 0 }
            .map { "\($0.name)=\(hex(c.value($0)))" }
        return (([l.name] + shown).joined(separator: " "), out)
    }
}

/// Event record rules (IHI 0070 §7.3).
enum EventRules {
    static func check(_ e: EventRecord) -> (String, [Finding]) {
        let id = e.words[0] & 0xff
        guard let l = e.record else {
            if (0xe0...0xef).contains(id) {
                return ("IMPLEMENTATION DEFINED event \(hex(id))", [Finding(.note, "EventID", id, "event numbers 0xE0-0xEF are IMPLEMENTATION DEFINED (§7.3)")])
            }
            return ("unknown event \(hex(id))", [Finding(.reserved, "EventID", id, "no event record has this number (§7.3)")])
        }
        let shown = l.fields.dropFirst().filter { e.value($0) != 0 }
            .map { "\($0.name)=\(hex(e.value($0)))" }
        return (([l.name] + shown).joined(separator: " "), [])
    }
}
