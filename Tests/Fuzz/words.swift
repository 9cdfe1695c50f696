// Fuzz target: word input (binary, hex text, 32-bit dumps, byte and word dumps) + the decoder, and the number and
// FIELD=VALUE parsers. Compiled into the SMMUv3 module by Tests/Fuzz/run (not by swift test).
//
// Input: byte 0 picks the kind (bits 0-2), the format (bits 3-4), the word size (bit 5) and
// the SMMU's SSIDSIZE / STALL_MODEL (bits 6-7); the rest is the file or argument text.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWords(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let kinds = DescriptorKind.allCases
    let kind = kinds[Int(bytes[0] & 7) % kinds.count]
    let formats = WordInput.Format.allCases
    let format = formats[Int(bytes[0] >> 3 & 3) % formats.count]
    let wordSize = bytes[0] & 0x20 != 0 ? 32 : 64
    var features = Features()
    features.ssidSize = [0, 5, 16, 20][Int(bytes[0] >> 6)]
    features.stallModel = Int(bytes[0] >> 6) % 3
    features.oas = [32, 40, 48, 56][Int(bytes[0] >> 6)]
    let body = Array(bytes.dropFirst())

    if let words = try? WordInput.words(from: body, format: format, wordSize: wordSize, kind: kind) {
        let n = kind.wordCount
        for start in stride(from: 0, to: words.count, by: n) {
            guard let d = try? Decoded(kind, words: Array(words[start..<start + n]), features: features) else { continue }
            _ = d.summary
            _ = d.findings.map(\.description)
        }
    }
    let text = String(decoding: body, as: UTF8.self)
    // The dump layouts (xxd, hexdump, od, crash rd), detected and forced, either byte order.
    _ = try? DumpInput.bytes(fromText: text, bigEndian: bytes[0] & 0x40 != 0)
    for forced in [WordInput.Format.bytes, .words, .xxd, .xxdE] where forced != format {
        _ = try? WordInput.read(body, format: forced, wordSize: wordSize, bigEndian: bytes[0] & 0x80 != 0, kind: kind)
    }
    _ = try? WordInput.words(fromArguments: [text], wordSize: wordSize, kind: kind)
    _ = WordInput.parseNumber(text)
    let assignments = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    _ = try? Encoded(kind, assignments: assignments)
    if let record = assignments.first, kind == .cmd || kind == .evt {
        _ = try? Encoded(kind, record: record, assignments: Array(assignments.dropFirst()))
    }
    return 0
}
