import ArgumentParser
import SMMUv3

extension DescriptorKind: ExpressibleByArgument {
    public init?(argument: String) { self.init(rawValue: argument.lowercased()) }
}

/// What the SMMU supports, for the findings that depend on it (SMMU_IDR0/1/3/5).
struct FeatureOptions: ParsableArguments {
    @Option(help: "SMMU_IDR1.SSIDSIZE: SubstreamID bits (0-20).")
    var ssidSize: Int = 20
    @Option(help: "SMMU_IDR0.STALL_MODEL: 0 stall+terminate, 1 terminate only, 2 stall forced.")
    var stallModel: Int = 0
    @Option(help: "SMMU_IDR5.OAS in bits (32, 36, 40, 42, 44, 48, 52, 56).")
    var oas: Int = 56
    @Flag(help: "The SMMU has no ATS (SMMU_IDR0.ATS=0).")
    var noAts = false
    @Flag(help: "The SMMU has no 2-level CD tables (SMMU_IDR0.CD2L=0).")
    var noCd2l = false
    @Flag(help: "The SMMU has no DPT (SMMU_IDR3.DPT=0).")
    var noDpt = false
    @Flag(help: "SMMU_IDR0.NS1ATS=1 (no split-stage ATS).")
    var ns1ats = false
    @Flag(help: "The descriptor is in the Secure stream table / queue.")
    var secure = false

    func validate() throws {
        guard (0...20).contains(ssidSize) else { throw ValidationError("--ssid-size \(ssidSize) is not in 0...20 (SMMU_IDR1.SSIDSIZE)") }
        guard (0...2).contains(stallModel) else { throw ValidationError("--stall-model \(stallModel) is not 0, 1 or 2 (SMMU_IDR0.STALL_MODEL)") }
        guard AddressSize(bits: oas) != nil else { throw ValidationError("--oas \(oas) is not one of 32, 36, 40, 42, 44, 48, 52, 56") }
    }

    var features: Features {
        var f = Features()
        f.ssidSize = ssidSize
        f.stallModel = stallModel
        f.oas = oas
        f.ats = !noAts
        f.cd2l = !noCd2l
        f.dpt = !noDpt
        f.ns1ats = ns1ats
        f.secureTable = secure
        return f
    }
}

/// Bad input: the message goes to stderr as `error: …` and the tool exits 2.
struct BadInput: Error, CustomStringConvertible {
    let description: String
}

func badInput(_ e: any Error) -> BadInput { BadInput(description: "\(e)") }

/// A number argument: decimal, 0x… or 0b… (as field values are written).
struct Number: ExpressibleByArgument {
    let value: UInt64
    init?(argument: String) {
        guard let v = Encoder.parseNumber(argument) else { return nil }
        value = v
    }
}
