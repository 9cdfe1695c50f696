import Foundation
import Testing
@testable import SMMUv3

/// The CLI's feature options: raw registers, options named after register fields (the old
/// spellings kept), an explicit option overriding what a register says.
@Suite("smmuv3 feature options")
struct FeatureOptionTests {
    let cli = CLITests()
    /// Stage 1, S1CDMax=17 (legal only with SSIDSIZE >= 17), a linear table at 0x80000000.
    let stage1 = ["0x880000008000000b", "0", "0", "0", "0", "0", "0", "0"]

    func strict(_ extra: [String]) throws -> Int32 {
        try cli.run(["decode", "ste", "--strict"] + stage1 + extra).status
    }

    @Test func registerValuesAndFieldOptions() throws {
        #expect(try strict([]) == 0)
        #expect(try strict(["--ssidsize", "16"]) == 1)
        #expect(try strict(["--ssid-size", "16"]) == 1)
        #expect(try strict(["--idr1", hex(16 << 6)]) == 1)
        // An explicit option overrides the register value.
        #expect(try strict(["--idr1", hex(16 << 6), "--ssidsize", "17"]) == 0)
        // The version from SMMU_AIDR: S2PS=0b111 is reserved in SMMUv3.1 (behaves as 0b110).
        let s2 = try Encoded(.ste, assignments: ["V=1", "Config=6", "S2AA64=1", "S2T0SZ=25", "S2SL0=1", "S2PS=7",
                                            "S2TTB=0x80000000"]).words.map { hex($0) }
        let v31 = try cli.run(["decode", "ste"] + s2 + ["--aidr", "1"])
        #expect(v31.out.contains("S2PS=0x7 is reserved in SMMUv3.1 to SMMUv3.3"), "\(v31.out)")
        #expect(try cli.run(["decode", "ste"] + s2 + ["--archminorrev", "4"]).out.contains("reserved in") == false)
    }

    @Test func badFeatureValuesNameTheField() throws {
        let r = try cli.run(["decode", "ste"] + stage1 + ["--ttendian", "1"])
        #expect(r.status == 2)
        #expect(r.err.contains("SMMU_IDR0.TTENDIAN (--ttendian) 1 is not 0, 2 or 3 (0b01 is reserved)"), "\(r.err)")
        #expect(try cli.run(["decode", "ste"] + stage1 + ["--idr0", "0x100000000"]).err.contains("does not fit the 32-bit register"))
    }
}
