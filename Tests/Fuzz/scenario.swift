// Fuzz target: the scenario parser and the flows it drives, then the lint of every SMMU's
// image. Compiled into the SMMUv3 module by Tests/Fuzz/run (not by swift test).
//
// Input: a scenario script (seeds/*.smmu). Table memory is capped at 4 MiB per stream table
// so the fuzzer explores parsing and flows, not allocation.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzScenario(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let fabric = Fabric(maxTableBytes: 1 << 22)
    guard let (f, steps) = try? Scenario.run(String(decoding: bytes, as: UTF8.self), fabric: fabric) else { return 0 }
    for s in steps { _ = s.events.map(\.description) }
    for name in f.smmuNames {
        guard let img = f.image(smmu: name) else { continue }
        _ = ImageCheck.report(img, perMessage: 4, limit: 64)
    }
    return 0
}
