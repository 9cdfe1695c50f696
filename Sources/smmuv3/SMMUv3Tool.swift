import ArgumentParser
import SMMUv3

@main
struct SMMUv3Tool: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "smmuv3",
        abstract: "Build, check and decode Arm SMMUv3 descriptors bit-exactly (IHI 0070 G.b).",
        discussion: """
        KIND is one of: ste, cd, l1std, l1cd, cmd, evt. Field names are the spec's \
        (case-insensitive). Exit status: 0 success, 1 a negative verdict (--strict findings, \
        an unsafe sequence), 2 bad usage or bad input, 3 undecided (a check that ran out of its \
        budget: never reported as safe).
        """ + "\n\n" + numberRule,
        version: packageVersion,
        subcommands: [Encode.self, Decode.self, Diff.self, Fields.self, Dump.self, PlanCommand.self, Verify.self, Replay.self,
                      Translate.self, Emulate.self, DecodeReg.self, DecodeRegs.self, EncodeReg.self]
    )

    /// The contract's exit codes: ArgumentParser's usage errors (64) become 2.
    static func main() {
        do {
            let args = routed(Array(CommandLine.arguments.dropFirst()))
            try checkNames(args)
            var command = try parseAsRoot(args)
            try command.run()
        } catch let e as BadInput {
            printErr("error: \(e.description)")
            exit(withError: ExitCode(2))
        } catch let e as ToolExit {
            exit(withError: e.code == 0 ? nil : ExitCode(e.code))
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }  // --help
            let message = fullMessage(for: error)
            if !message.isEmpty { printErr(message) }
            exit(withError: ExitCode(2))
        }
    }
}

/// `decode reg …`, `decode regs …` and `encode reg …` go to the register commands (`decode` and
/// `encode` otherwise take a descriptor KIND first).
func routed(_ args: [String]) -> [String] {
    guard args.count >= 2 else { return args }
    switch (args[0], args[1]) {
    case ("decode", "reg"): return ["decode-reg"] + args.dropFirst(2)
    case ("decode", "regs"): return ["decode-regs"] + args.dropFirst(2)
    case ("encode", "reg"): return ["encode-reg"] + args.dropFirst(2)
    default: return args
    }
}

/// The subcommands as typed (the register ones as `decode reg`, `decode regs`, `encode reg`).
let commandNames = ["encode", "decode", "diff", "fields", "dump", "plan", "verify", "replay", "translate", "emulate", "help"]

/// The subcommands whose first argument is a descriptor KIND.
let kindCommands: Set<String> = ["encode", "decode", "diff", "fields", "plan", "verify"]

/// An unknown subcommand or KIND is named with the closest known names, instead of the
/// parser's "unexpected argument" and the top-level usage.
func checkNames(_ args: [String]) throws {
    guard let first = args.first, !first.hasPrefix("-") else { return }
    let routedNames = ["decode-reg", "decode-regs", "encode-reg"]
    guard commandNames.contains(first) || routedNames.contains(first) else {
        throw BadInput(description: "unknown command '\(first)'" + Suggest.hint(first, among: commandNames)
                       + " (commands: \(commandNames.dropLast().joined(separator: ", ")); decode reg, decode regs, encode reg)")
    }
    guard kindCommands.contains(first), args.count >= 2, !args[1].hasPrefix("-") else { return }
    if DescriptorKind(argument: args[1]) == nil {
        let kinds = DescriptorKind.allCases.map(\.rawValue)
        let extra = first == "decode" || first == "encode" ? " (or reg)" : ""
        throw BadInput(description: "unknown kind '\(args[1])'" + Suggest.hint(args[1], among: kinds + (extra.isEmpty ? [] : ["reg"]))
                       + " (kinds: \(kinds.joined(separator: ", "))\(extra))")
    }
}

/// Ends the tool with a code after the command has printed what it had to.
struct ToolExit: Error { let code: Int32 }

/// Print a line to standard error.
func printErr(_ s: String) { writeErr(s + "\n") }
