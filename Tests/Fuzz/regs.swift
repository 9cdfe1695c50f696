// Fuzz target: SMMU register lists (names, offsets, absolute addresses, devmem transcripts)
// and the register decoder / encoder with named values. Compiled into the SMMUv3 module by
// Tests/Fuzz/run (not by swift test).
//
// Input: byte 0 bit 0 gives a base (bytes 1-8, little-endian) for absolute addresses; the rest
// is the list's text, also tried as FIELD=VALUE assignments against every register.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRegs(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var body = bytes.dropFirst()
    var base: UInt64?
    if bytes[0] & 1 != 0, body.count >= 8 {
        base = body.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        body = body.dropFirst(8)
    }
    let text = String(decoding: body, as: UTF8.self)
    if let list = try? RegisterList.parse(text, base: base) {
        let context = list.context
        for e in list.entries {
            guard let fields = try? Registers.decode(e.register, e.value, context: context) else { continue }
            _ = fields.map { "\($0.field.name) \($0.value) \(String(describing: $0.meaning))" }
        }
    }
    let assignments: [(name: String, text: String)] = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap {
        let nv = $0.split(separator: "=", maxSplits: 1)
        return nv.count == 2 ? (String(nv[0]), String(nv[1])) : nil
    }
    let registers = DescriptorLayout.registers
    let r = registers[Int(bytes[0] >> 1) % registers.count]
    if let (value, _) = try? Registers.encode(r, text: assignments) {
        _ = try? Registers.decode(r, value)
    }
    _ = try? Registers.named(text)
    return 0
}
