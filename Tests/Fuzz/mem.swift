// Fuzz target: physical memory files (raw at a base, or an ELF64 core) as a table source: the
// ELF reader, the region map, the lint and the lookups. Compiled into the SMMUv3 module by
// Tests/Fuzz/run (not by swift test).
//
// Input: bytes 0-7 SMMU_STRTAB_BASE, 8-15 SMMU_STRTAB_BASE_CFG (little-endian), 16 flags (bit 0:
// raw file at base 0x80000000 instead of an ELF core read as it is); the rest is the file.

import Glibc

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMem(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data, size > 17 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    func u64(_ at: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }
    let path = "/tmp/smmuv3-fuzz-mem-\(getpid()).bin"
    let file = Array(bytes.dropFirst(17))
    guard let f = fopen(path, "wb") else { return 0 }
    _ = file.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, f) }
    fclose(f)
    defer { unlink(path) }
    let raw = bytes[16] & 1 != 0
    guard var mem = try? PhysicalMemory(files: [.init(path: path, base: raw ? 0x8000_0000 : nil)]) else { return 0 }
    mem.strtabBase = u64(0)
    mem.strtabBaseCfg = u64(8)
    let report = ImageCheck.report(mem, perMessage: 4, limit: 64)
    _ = report.findings.map(\.description)
    for sid: UInt32 in [0, 1, 0x42, 0xffff, .max] {
        _ = try? ImageCheck.ste(mem, sid: sid)
        for ssid: UInt32 in [0, 1, 1024, .max] { _ = try? ImageCheck.cd(mem, sid: sid, ssid: ssid) }
    }
    return 0
}
