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
        discussion: "Policy linux (default) gives the Linux driver's sequences; minimal drops the syncs the checker proves unnecessary." + "\n\n" + numberRule
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "ste or cd.")
    var kind: DescriptorKind
    @Option(help: "The current entry: \"W0 … W7\".")
    var from: String
    @Option(help: "The target entry: \"W0 … W7\".")
    var to: String
    @Option(help: "linux or minimal.")
    var policy: Planner.Policy = .linux
    @Option(help: "text or json.")
    var format: Format = .text
    @OptionGroup var smmu: FeatureOptions
    @Option(help: "Most work units (candidate word values visited) the check may spend before it says undecided (exit 3).", transform: intArgument)
    var budget: Int = Checker.defaultBudget
    @Flag(help: "Refuse (exit 1) a plan whose current or target entry has findings (ILLEGAL, reserved, RES0).")
    var strict = false

    func run() throws {
        let k = try entryKind(kind)
        let a = try eightWords(from, "--from", k), b = try eightWords(to, "--to", k)
        guard budget > 0 else { throw BadInput(description: "--budget \(budget) is not a positive number of work units") }
        let p: UpdatePlan
        let r: Checker.Report
        do {
            p = try Planner.plan(k, from: a, to: b, policy: policy, features: smmu.features)
            r = try Checker.check(k, from: p.from, steps: p.steps, target: p.to, budget: budget)
        } catch { throw badInput(error) }
        switch format {
        case .json:
            let steps = p.steps.map { s in
                "{\"writes\": [" + s.writes.map { "{\"qword\": \($0.qword), \"value\": \(jsonString(hex16($0.value)))}" }.joined(separator: ", ")
                    + "], \"sync\": \(s.sync)}"
            }
            print("{\"syncs\": \(p.syncs), \"hitless\": \(r.hitless), \"steps\": [\(steps.joined(separator: ", "))], "
                  + "\"final\": [\(p.final.map { jsonString(hex16($0)) }.joined(separator: ", "))], "
                  + "\"reason\": \(jsonString(p.reason)), "
                  + "\"findings\": \(findingsJSON(p.findings)), "
                  + "\"check\": \(verdictJSON(r))}")
        case .text:
            warn(p.findings)
            print("why: \(p.reason)")
            for (i, s) in p.steps.enumerated() {
                let w = s.writes.map { "word \($0.qword) = \(hex16($0.value))" }.joined(separator: ", ")
                print("step \(i + 1): \(w)\(s.sync ? "; sync" : "")")
            }
            if p.steps.isEmpty { print("no stores needed") }
            print("syncs: \(p.syncs)\(r.safe ? (r.hitless ? ", hitless" : ", not hitless (an invalid entry is observable)") : "")")
            switch r.verdict {
            case let .hybrid(h, step):
                print("check: unsafe: in step \(step + 1) the SMMU can observe a HYBRID entry:")
                print(hybridTable(k, h))
            case .safe:
                print("check: safe (\(r.observed) observable entries: old, new\(r.hitless ? "" : " or invalid"))")
            default:
                print("check: \(verdictLine(r))")
            }
        }
        try exitFor(r)
        if strict && hasProblems(p.findings) { throw ToolExit(code: 1) }
    }
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Replay a recorded write sequence through the torn-state checker.",
        discussion: """
        The log has one statement a line: 'write I 0xVALUE', 'sync', optional 'end'; '#' comments. \
        Without --to the target is where the log ends. Exit status: 0 safe, 1 unsafe, 2 bad input, \
        3 undecided (the check ran out of --budget: never reported as safe).
        """ + "\n\n" + numberRule
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "ste or cd.")
    var kind: DescriptorKind
    @Option(help: "The entry before the sequence: \"W0 … W7\".")
    var from: String
    @Option(help: "The entry the sequence should reach (default: where it ends).")
    var to: String?
    @Option(help: "The log file ('-' for standard input).")
    var log: String
    @Option(help: "text or json.")
    var format: Format = .text
    @Option(help: "Most work units (candidate word values visited) the check may spend before it says undecided (exit 3).", transform: intArgument)
    var budget: Int = Checker.defaultBudget
    @Flag(help: "Refuse (exit 1) when the starting or final entry has findings (ILLEGAL, reserved, RES0).")
    var strict = false
    @OptionGroup var smmu: FeatureOptions

    func run() throws {
        let k = try entryKind(kind)
        let a = try eightWords(from, "--from", k)
        guard budget > 0 else { throw BadInput(description: "--budget \(budget) is not a positive number of work units") }
        let steps: [UpdatePlan.Step]
        do { steps = try WriteLog.parse(String(decoding: try readAll(path: log), as: UTF8.self)) } catch { throw badInput(error) }
        var end = a
        for s in steps { for w in s.writes { end[w.qword] = w.value } }
        let target = try to.map { try eightWords($0, "--to", k) } ?? end
        let r: Checker.Report
        do { r = try Checker.check(k, from: a, steps: steps, target: target, budget: budget) } catch { throw badInput(error) }
        let writes = steps.reduce(0) { $0 + $1.writes.count }
        let findings = UpdatePlan(kind: k, from: a, to: target, features: smmu.features, steps: steps, reason: "").findings
        switch format {
        case .json:
            print("{\"writes\": \(writes), \"syncs\": \(r.syncs), \"findings\": \(findingsJSON(findings)), \"check\": \(verdictJSON(r))}")
        case .text:
            warn(findings)
            switch r.verdict {
            case let .hybrid(h, step):
                print("unsafe: in step \(step + 1) the SMMU can observe a HYBRID entry, neither the old nor the new configuration:")
                print(hybridTable(k, h))
            case .safe:
                print("safe: \(writes) writes, \(r.syncs) syncs, \(r.observed) observable entries, \(r.hitless ? "hitless" : "not hitless (an invalid entry is observable)")")
            default:
                print(verdictLine(r))
            }
        }
        try exitFor(r)
        if strict && hasProblems(findings) { throw ToolExit(code: 1) }
    }
}

/// One `warning:` line on stderr per finding of either side (plans go ahead regardless).
func warn(_ f: (from: [Decoded.Finding], to: [Decoded.Finding])) {
    for x in f.from where x.severity > .note { printErr("warning: from: \(x)") }
    for x in f.to where x.severity > .note { printErr("warning: to: \(x)") }
}

func hasProblems(_ f: (from: [Decoded.Finding], to: [Decoded.Finding])) -> Bool {
    (f.from + f.to).contains { $0.severity > .note }
}

/// `{"from": [...], "to": [...]}`: each finding with its severity, field, value, rule and outcome.
func findingsJSON(_ f: (from: [Decoded.Finding], to: [Decoded.Finding])) -> String {
    func one(_ x: Decoded.Finding) -> String {
        var parts = ["\"severity\": \(jsonString(x.severity.rawValue))", "\"field\": \(jsonString(x.field))",
                     "\"value\": \(jsonString(hex(x.value)))", "\"rule\": \(jsonString(x.rule))"]
        if let id = x.ruleID { parts.append("\"id\": \(jsonString(id))") }
        switch x.outcome {
        case let .illegal(e)?: parts.append("\"event\": \(jsonString(e))")
        case let .reserved(b)?: parts.append("\"behavesAs\": \(jsonString(b))")
        default: break
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }
    let shown = { (a: [Decoded.Finding]) in a.filter { $0.severity > .note }.map(one).joined(separator: ", ") }
    return "{\"from\": [\(shown(f.from))], \"to\": [\(shown(f.to))]}"
}

/// The decode of a hybrid entry (every field that is not zero).
func hybridTable(_ k: DescriptorKind, _ h: [UInt64]) -> String {
    guard let d = try? Decoded(k, words: h) else { return h.map(hex16).joined(separator: " ") }
    return Render.table(d, nonzeroOnly: true)
}

/// One line for a verdict that is not a hybrid.
func verdictLine(_ r: Checker.Report) -> String {
    switch r.verdict {
    case .safe: "safe"
    case let .hybrid(_, step): "unsafe: a HYBRID entry is observable in step \(step + 1)"
    case .endsUnsynced: "unsafe: the sequence ends without a sync: the SMMU may still use stale words"
    case .missesTarget: "unsafe: the sequence does not end at the target"
    case let .undecided(work, budget):
        "undecided: the check stopped after \(work) work units (budget \(budget)) before it could rule out a hybrid; no verdict"
    }
}

/// The `check` object of plan and verify JSON.
func verdictJSON(_ r: Checker.Report) -> String {
    var fields = ["\"verdict\": \(jsonString(r.verdict.description))"]
    switch r.verdict {
    case let .hybrid(h, step):
        fields.append("\"reason\": \"hybrid\"")
        fields.append("\"step\": \(step + 1)")
        fields.append("\"hybrid\": [\(h.map { jsonString(hex16($0)) }.joined(separator: ", "))]")
    case .endsUnsynced: fields.append("\"reason\": \"ends-unsynced\"")
    case .missesTarget: fields.append("\"reason\": \"misses-target\"")
    case let .undecided(work, budget):
        fields.append("\"reason\": \"budget\"")
        fields.append("\"work\": \(work)")
        fields.append("\"budget\": \(budget)")
    case .safe: break
    }
    fields += ["\"safe\": \(r.safe)", "\"hitless\": \(r.hitless)", "\"observed\": \(r.observed)"]
    return "{" + fields.joined(separator: ", ") + "}"
}

/// The contract's exit status for a verdict: 0 safe, 1 unsafe, 3 undecided.
func exitFor(_ r: Checker.Report) throws {
    switch r.verdict {
    case .safe: return
    case .undecided: throw ToolExit(code: 3)
    default: throw ToolExit(code: 1)
    }
}

extension Planner.Policy: ExpressibleByArgument {}
