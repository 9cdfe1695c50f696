import ArgumentParser
import SMMUv3

/// Where `dump` and `translate` read the tables: a saved image, or physical memory files with
/// the SMMU's register values.
struct MemoryOptions: ParsableArguments {
    @Option(name: .customLong("mem"), help: ArgumentHelp(
        "A physical memory file: raw bytes at BASE (decimal or 0x…, default 0), or an ELF64 core (QEMU dump-guest-memory, a vmcore) whose PT_LOAD segments give the addresses. Repeatable.",
        valueName: "FILE[@BASE]"))
    var mem: [String] = []
    @Option(help: "With --mem: raw SMMU_STRTAB_BASE.")
    var strtabBase: Number?
    @Option(help: "With --mem: raw SMMU_STRTAB_BASE_CFG.")
    var strtabBaseCfg: Number?
    @OptionGroup(title: "SMMU registers and features (with --mem)")
    var registers: FeatureOptions

    func validate() throws {
        if mem.isEmpty {
            if strtabBase != nil || strtabBaseCfg != nil { throw ValidationError("--strtab-base and --strtab-base-cfg need --mem") }
            if registers.features != Features() || registers.idr1 != nil {
                throw ValidationError("SMMU register and feature options need --mem (an image records its own)")
            }
            return
        }
        guard strtabBase != nil, strtabBaseCfg != nil else {
            throw ValidationError("--mem needs --strtab-base and --strtab-base-cfg (the raw SMMU_STRTAB_BASE and SMMU_STRTAB_BASE_CFG)")
        }
    }

    /// "FILE@BASE" → (FILE, BASE); "FILE" → (FILE, nil). The last '@' splits.
    static func file(_ spec: String) throws -> PhysicalMemory.File {
        guard let at = spec.lastIndex(of: "@") else { return .init(path: spec) }
        let path = String(spec[..<at]), base = String(spec[spec.index(after: at)...])
        guard !path.isEmpty else { throw BadInput(description: "--mem '\(spec)': no file name before '@'") }
        guard let b = WordInput.parseNumber(base) else {
            throw BadInput(description: "--mem '\(spec)': base '\(base)' is not a number (decimal or 0x…)")
        }
        return .init(path: path, base: b)
    }

    /// The tables: `image` when given, else the memory files with the registers.
    func source(image: String?) throws -> (source: any TableSource, shape: String) {
        if let image {
            guard mem.isEmpty else { throw BadInput(description: "give an image or --mem, not both") }
            let img: TableImage
            do { img = try TableImage(serialized: try readAll(path: image)) } catch { throw badInput(error) }
            return (img, "\(img.segments.count) segments")
        }
        guard !mem.isEmpty, let base = strtabBase, let cfg = strtabBaseCfg else {
            throw BadInput(description: "give an image file, or --mem FILE[@BASE] with --strtab-base and --strtab-base-cfg")
        }
        var m: PhysicalMemory
        do { m = try PhysicalMemory(files: try mem.map(Self.file)) } catch { throw badInput(error) }
        m.strtabBase = base.value
        m.strtabBaseCfg = cfg.value
        m.idr1 = registers.idr1?.value ?? 0
        m.features = registers.features
        return (m, "\(m.regions.count) memory region\(m.regions.count == 1 ? "" : "s")")
    }
}
