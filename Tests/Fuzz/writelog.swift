// Fuzz target: recorded write logs as `smmuv3 verify` reads them (WriteLog.parse). The checker
// the steps feed is not fuzzed here. Compiled into the SMMUv3 module by Tests/Fuzz/run.
//
// Input: a log; byte 0 picks the entry size in words (1...16).

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzWriteLog(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 0 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let words = Int(bytes[0] & 15) + 1
    guard let steps = try? WriteLog.parse(String(decoding: bytes.dropFirst(), as: UTF8.self), words: words) else { return 0 }
    for s in steps { for w in s.writes where !(0..<words).contains(w.qword) { fatalError("write to word \(w.qword) of \(words)") } }
    return 0
}
