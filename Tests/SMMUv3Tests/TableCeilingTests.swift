import Foundation
import Testing
@testable import SMMUv3

/// Table memory has a ceiling (issue #9, item 14): 1 GiB unless the creator raises it, checked
/// before anything is allocated, and the refusal says what was asked for.
@Suite("Table memory ceiling")
struct TableCeilingTests {
    @Test func theDefaultCeilingIsOneGiB() {
        #expect(StreamTable.defaultMaxTableBytes == 1 << 30)
    }

    /// 2^26 STEs of 64 bytes: 4 GiB, refused before any allocation.
    @Test func aLinearStreamTableOverTheCeilingIsRefused() {
        #expect(throws: TableError.overCeiling(what: "a linear stream table of 2^26 STEs", bytes: 1 << 32, ceiling: 1 << 30)) {
            _ = try StreamTable(linear: 26)
        }
        #expect(TableError.overCeiling(what: "a linear stream table of 2^26 STEs", bytes: 1 << 32, ceiling: 1 << 30).description
                == "a linear stream table of 2^26 STEs needs 4 GiB (4294967296 bytes), over the ceiling of 1 GiB (1073741824 bytes) of table memory (raise it with --max-table-bytes, or maxTableBytes:)")
    }

    /// The ceiling is inclusive: a table of exactly that size is built.
    @Test func theCeilingCanBeLoweredOrRaised() throws {
        #expect(throws: TableError.overCeiling(what: "a linear stream table of 2^10 STEs", bytes: 65536, ceiling: 65535)) {
            _ = try StreamTable(linear: 10, maxTableBytes: 65535)
        }
        let t = try StreamTable(linear: 10, maxTableBytes: 65536)
        #expect(t.residentBytes == 65536)
        #expect(throws: TableError.overCeiling(what: "an L1 stream table of 2^24 L1STDs", bytes: 1 << 27, ceiling: 1 << 26)) {
            _ = try StreamTable(twoLevel: 32, split: 8, maxTableBytes: 1 << 26)
        }
        #expect(throws: TableError.overCeiling(what: "a CD table for S1CDMax 12", bytes: 1 << 18, ceiling: 4096)) {
            _ = try CDTable(.linear, s1cdmax: 12, streamIDs: [1], maxTableBytes: 4096)
        }
    }

    @Test func aFabricPassesItsCeilingToItsStreamTables() throws {
        let small = Fabric(maxTableBytes: 4096)
        #expect(throws: FlowError("line 1: smmu a: a linear stream table of 2^8 STEs needs 16 KiB (16384 bytes), over the ceiling of 4 KiB (4096 bytes) of table memory (raise it with --max-table-bytes, or maxTableBytes:)")) {
            _ = try Scenario.run("smmu a sid-bits=8 strtab=linear", fabric: small)
        }
        _ = try Scenario.run("smmu a sid-bits=8 strtab=linear", fabric: Fabric(maxTableBytes: 16384))
    }

    @Test func replaySaysWhatWasAskedFor() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("smmuv3-ceiling-\(UInt32.random(in: 0...UInt32.max)).smmu")
        try Data("smmu a sid-bits=26 strtab=linear\n".utf8).write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        let cli = CLITests()
        let r = try cli.run(["replay", path.path])
        #expect(r.status == 2)
        #expect(r.err == "error: line 1: smmu a: a linear stream table of 2^26 STEs needs 4 GiB (4294967296 bytes), over the ceiling of 1 GiB (1073741824 bytes) of table memory (raise it with --max-table-bytes, or maxTableBytes:)\n")
        let lowered = try cli.run(["replay", path.path, "--max-table-bytes", "0x1000"])
        #expect(lowered.err.contains("over the ceiling of 4 KiB (4096 bytes)"))
        #expect(try cli.run(["replay", path.path, "--max-table-bytes", "0"]).status == 2)
    }
}
