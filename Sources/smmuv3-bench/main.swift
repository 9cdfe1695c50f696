#if canImport(Glibc)
import Glibc
#endif
import SMMUv3

// swift run -c release smmuv3-bench [tables]
// Prints figures; asserts nothing. Tests never time anything (house rule 6).

/// `x` with `digits` decimals (no Foundation).
func f(_ x: Double, _ digits: Int = 3) -> String {
    let scale = (0..<digits).reduce(1.0) { a, _ in a * 10 }
    let v = (x * scale).rounded() / scale
    var s = String(v)
    if let dot = s.firstIndex(of: ".") {
        let decimals = s.distance(from: dot, to: s.endIndex) - 1
        if decimals < digits { s += String(repeating: "0", count: digits - decimals) }
    }
    return s
}

func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func populate(sids: Int, split: Int) throws -> (Duration, Int, Int) {
    let log2 = Int(log2(Double(sids)).rounded(.up))
    var t = try StreamTable(twoLevel: log2, split: split, log: UpdateLog(recording: false))
    let ste = try STE.stage1(CDTableRef(address: 0x8000_0000, format: .twoLevel64K, s1cdmax: 20))
    let clock = ContinuousClock()
    let d = try clock.measure {
        for sid in 0..<UInt32(sids) { try t.install(sid, ste) }
    }
    return (d, sids * 64, t.residentBytes)
}

func memcpyBaseline(bytes: Int) -> Duration {
    let src = UnsafeMutableRawPointer.allocate(byteCount: 64, alignment: 64)
    memset(src, 0x5a, 64)
    let dst = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    defer { src.deallocate(); dst.deallocate() }
    let clock = ContinuousClock()
    return clock.measure {
        var off = 0
        while off < bytes {
            memcpy(dst + off, src, 64)
            off += 64
        }
    }
}

func tables() throws {
    print("== populate a 2-level stream table (SPLIT 8) with valid stage-1 STEs (install: words 1-7, word 0, each a release-barrier atomic store)")
    for n in [1 << 16, 1 << 20] {
        let (d, bytes, resident) = try populate(sids: n, split: 8)
        let s = seconds(d)
        let copy = seconds(memcpyBaseline(bytes: bytes))
        let steRate = Double(n) / s / 1e6, gbps = Double(bytes) / s / 1e9
        let copyRate = Double(bytes) / copy / 1e9
        print("  \(pad(String(n), 8)) SIDs: \(f(s)) s, \(f(steRate, 2)) M STEs/s, \(f(gbps)) GB/s; "
              + "memcpy of the same \(bytes) bytes: \(f(copy, 4)) s (\(f(copyRate, 2)) GB/s); resident \(resident) bytes")
    }
    print("== resident bytes, linear vs 2-level (SPLIT 8), 2^20 StreamIDs")
    let sets: [(String, [UInt32])] = [
        ("dense: 65536 consecutive SIDs", (0..<65536).map { UInt32($0) }),
        ("sparse: 1024 SIDs, one per PCI bus (stride 256)", (0..<1024).map { UInt32($0 * 256) }),
        ("very sparse: 64 SIDs spread over the space", (0..<64).map { UInt32($0 * 16384) }),
    ]
    let linear = 64 << 20
    for (name, sids) in sets {
        var t = try StreamTable(twoLevel: 20, split: 8, log: UpdateLog(recording: false))
        for sid in sids { try t.ensure(sid) }
        print("  \(name): linear \(linear) bytes, 2-level \(t.residentBytes) bytes")
    }
}

let which = CommandLine.arguments.dropFirst().first ?? "tables"
switch which {
case "tables": try tables()
default:
    print("usage: smmuv3-bench [tables]")
    exit(2)
}
