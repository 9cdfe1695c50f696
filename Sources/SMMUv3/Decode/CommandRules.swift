/// A command's summary: its name and the fields it sets (IHI 0070 chapter 4). Its rules are the
/// table `RuleTable.commands`.
enum CommandRules {
    static func summary(_ c: CommandQueue.Entry) -> String {
        let op = c.words[0] & 0xff
        guard let l = c.record else {
            return (0x80...0x8f).contains(op) ? "IMPLEMENTATION DEFINED command \(hex(op))" : "reserved opcode \(hex(op))"
        }
        let shown = l.fields.dropFirst().filter { c.value($0) != 0 }
            .map { "\($0.name)=\(hex(c.value($0)))" }
        return ([l.name] + shown).joined(separator: " ")
    }
}

/// Event record rules (IHI 0070 §7.3).
enum EventRules {
    static func check(_ e: EventRecord) -> (String, [Decoded.Finding]) {
        let id = e.words[0] & 0xff
        guard let l = e.record else {
            if (0xe0...0xef).contains(id) {
                return ("IMPLEMENTATION DEFINED event \(hex(id))", [Decoded.Finding(.note, "EventID", id, "event numbers 0xE0-0xEF are IMPLEMENTATION DEFINED (§7.3)")])
            }
            return ("unknown event \(hex(id))", [Decoded.Finding(.reserved, "EventID", id, "no event record has this number (§7.3)")])
        }
        let shown = l.fields.dropFirst().filter { e.value($0) != 0 }
            .map { "\($0.name)=\(hex(e.value($0)))" }
        return (([l.name] + shown).joined(separator: " "), [])
    }
}
