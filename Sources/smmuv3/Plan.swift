import ArgumentParser
import SMMUv3

/// The two entry kinds an update applies to.
func entryKind(_ k: DescriptorKind) throws -> DescriptorKind {
    guard k == .ste || k == .cd else { throw BadInput(description: "\(k.rawValue): plan and verify take ste or cd") }
    return k
}

func eightWords(_ s: String, _ option: String, _ kind: DescriptorKind) throws -> [UInt64] {
    let w: [UInt64]
    do { w = try WordInput.words(fromText: s) } catch { throw BadInput(description: "\(option): \(error)") }
    guard w.count == 8 else { throw BadInput(description: "\(option) takes 8 words (\"W0 … W7\"); got \(w.count)") }
    return w
}

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan the update of a live STE or CD so the SMMU never sees a hybrid; check it.",
        discussion: "Policy linux (default) gives the Linux driver's sequences; minimal drops the syncs the checker proves unnecessary."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "ste or cd.")
    var kind: DescriptorKind
    @Option(help: "The current entry: \"W0 … W7\".")
    var from: String
    @Option(help: "The target entry: \"W0 … W7\".")
    var to: String
    @Option(help: "linux or minimal.")
    var policy: Policy = .linux
    @Option(help: "text or json.")
    var format: Format = .text
    @OptionGroup var smmu: FeatureOptions

    func run() throws {
        let k = try entryKind(kind)
        let a = try eightWords(from, "--from", k), b = try eightWords(to, "--to", k)
        let p: Plan
        do { p = try Planner.plan(k, from: a, to: b, policy: policy, features: smmu.features) } catch { throw badInput(error) }
        let r = Checker.check(k, from: p.from, steps: p.steps, target: p.to)
        switch format {
        case .json:
            let steps = p.steps.map { s in
                "{\"writes\": [" + s.writes.map { "{\"qword\": \($0.qword), \"value\": \(jsonString(hex16($0.value)))}" }.joined(separator: ", ")
                    + "], \"sync\": \(s.sync)}"
            }
            print("{\"syncs\": \(p.syncs), \"hitless\": \(r.hitless), \"steps\": [\(steps.joined(separator: ", "))], "
                  + "\"final\": [\(p.final.map { jsonString(hex16($0)) }.joined(separator: ", "))], "
                  + "\"reason\": \(jsonString(p.reason)), "
                  + "\"check\": {\"verdict\": \(jsonString(r.verdict)), \"safe\": \(r.safe), \"hitless\": \(r.hitless), \"observed\": \(r.observed)}}")
        case .text:
            print("why: \(p.reason)")
            for (i, s) in p.steps.enumerated() {
                let w = s.writes.map { "word \($0.qword) = \(hex16($0.value))" }.joined(separator: ", ")
                print("step \(i + 1): \(w)\(s.sync ? "; sync" : "")")
            }
            if p.steps.isEmpty { print("no stores needed") }
            print("syncs: \(p.syncs)\(r.safe ? (r.hitless ? ", hitless" : ", not hitless (an invalid entry is observable)") : "")")
            if let h = r.hybrid {
                print("check: unsafe: in step \((r.hybridStep ?? 0) + 1) the SMMU can observe a HYBRID entry:")
                print(Render.table(try! Decoder.decode(k, h), nonzeroOnly: true))
            } else {
                print("check: \(r.verdict) (\(r.observed) observable entries: old, new\(r.hitless ? "" : " or invalid"))")
            }
        }
        if r.verdict != "safe" { throw ToolExit(code: 1) }
    }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay a recorded write sequence through the torn-state checker.",
        discussion: "The log has one statement a line: 'write I 0xVALUE', 'sync', optional 'end'; '#' comments. Without --to the target is where the log ends."
    )

    @Argument(help: "ste or cd.")
    var kind: DescriptorKind
    @Option(help: "The entry before the sequence: \"W0 … W7\".")
    var from: String
    @Option(help: "The entry the sequence should reach (default: where it ends).")
    var to: String?
    @Option(help: "The log file ('-' for standard input).")
    var log: String

    func run() throws {
        let k = try entryKind(kind)
        let a = try eightWords(from, "--from", k)
        let steps: [Step]
        do { steps = try WriteLog.parse(String(decoding: try readAll(path: log), as: UTF8.self)) } catch { throw badInput(error) }
        var end = a
        for s in steps { for w in s.writes { end[w.qword] = w.value } }
        let target = try to.map { try eightWords($0, "--to", k) } ?? end
        let r = Checker.check(k, from: a, steps: steps, target: target)
        let writes = steps.reduce(0) { $0 + $1.writes.count }
        if let h = r.hybrid {
            print("unsafe: in step \((r.hybridStep ?? 0) + 1) the SMMU can observe a HYBRID entry, neither the old nor the new configuration:")
            print(Render.table(try! Decoder.decode(k, h), nonzeroOnly: true))
            throw ToolExit(code: 1)
        }
        if !r.endsSynced { print("unsafe: the sequence ends without a sync: the SMMU may still use stale words"); throw ToolExit(code: 1) }
        if !r.reachesTarget { print("unsafe: the sequence does not end at the target"); throw ToolExit(code: 1) }
        print("safe: \(writes) writes, \(r.syncs) syncs, \(r.observed) observable entries, \(r.hitless ? "hitless" : "not hitless (an invalid entry is observable)")")
    }
}

extension Policy: ExpressibleByArgument {}
