// Fuzz target: the table-image loader + lint + lookups. Compiled into the SMMUv3 module by
// Tests/Fuzz/run (not by swift test).
//
// Input: an image file without its header and checksum (the harness adds "SMMUV3IM", version
// 1 and the FNV-1a checksum, so the fuzzer explores the registers and segments, not the sum).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImage(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let body = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    var file = TableImage.magic + [1, 0, 0, 0] + body
    let sum = TableImage.fnv1a(file)
    file += (0..<8).map { UInt8(truncatingIfNeeded: sum >> (8 * $0)) }
    guard let img = try? TableImage(serialized: file) else { return 0 }
    let report = ImageCheck.report(img, perMessage: 4, limit: 64)
    _ = report.findings.map(\.description)
    _ = img.serialized()
    for sid: UInt32 in [0, 1, 0x42, 0xffff, .max] {
        _ = try? ImageCheck.ste(img, sid: sid)
        for ssid: UInt32 in [0, 1, 1024, 0xfffff, .max] { _ = try? ImageCheck.cd(img, sid: sid, ssid: ssid) }
    }
    return 0
}
