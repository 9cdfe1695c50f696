import ArgumentParser
import SMMUv3

struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario script (seeds/*.smmu) and print the ordered word stores and commands.",
        discussion: "JSON output is one object a line. --images DIR writes each SMMU's table image as DIR/NAME.img." + "\n\n" + numberRule
    )
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "The scenario script.")
    var scenario: String
    @Option(help: "text or json.")
    var format: Format = .text
    @Option(help: "Write each SMMU's final table image into this directory.")
    var images: String?
    @Flag(help: "Text: print every page-table store instead of one summary line per domain.")
    var verbose = false
    @Option(help: "The most memory one stream table may take, in bytes (default 1 GiB = 0x40000000).")
    var maxTableBytes: Number?

    func validate() throws {
        if let m = maxTableBytes, m.value == 0 { throw ValidationError("--max-table-bytes 0: a table needs at least 64 bytes") }
    }

    func run() throws {
        let text: String
        do { text = String(decoding: try readAll(path: scenario), as: UTF8.self) } catch { throw badInput(error) }
        let (fabric, steps): (Fabric, [Scenario.Step])
        let fresh = Fabric(maxTableBytes: maxTableBytes?.value ?? StreamTable.defaultMaxTableBytes)
        do { (fabric, steps) = try Scenario.run(text, fabric: fresh) } catch { throw badInput(error) }
        for s in steps {
            switch format {
            case .text:
                if s.events.isEmpty && s.notes.isEmpty { continue }
                print("# line \(s.line): \(s.text)")
                for n in s.notes { print("# note: \(n)") }
                for l in verbose ? s.events.map(\.description) : FlowEvent.textLines(s.events) { print(l) }
                if s.driverSyncs != s.syncs { print("# syncs: \(s.syncs) (one entry at a time: \(s.driverSyncs))") }
            case .json:
                for n in s.notes { print("{\"op\":\"note\",\"line\":\(s.line),\"text\":\(jsonString(n))}") }
                for e in s.events { print(e.json) }
                if s.driverSyncs != s.syncs {
                    print("{\"op\":\"syncs\",\"line\":\(s.line),\"syncs\":\(s.syncs),\"one_entry_at_a_time\":\(s.driverSyncs)}")
                }
            }
        }
        if let dir = images {
            for name in fabric.smmuNames {
                guard let bytes = fabric.image(smmu: name)?.serialized() else { continue }
                do { try writeFile("\(dir)/\(name).img", bytes) } catch { throw badInput(error) }
            }
        }
    }
}
