import ArgumentParser
import Foundation
import SMMUv3
import SMMUv3QEMU

struct Emulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run a scenario script against QEMU's SMMUv3 model and compare every dma with the project's prediction.",
        discussion: """
        Every line runs as `replay` runs it; its stores and commands are replayed in order into QEMU's \
        guest RAM and command queue; every `dma MASTER [sid=S] iova=A read|write [len=N]` line is \
        performed by the master's edu device and compared with the project's walker (bypass, abort, stage 1, \
        stage 2, nested). Each DMA's tag is looked for at the predicted PA, then at the IOVA and in every \
        page the script maps: "delivered" names the PA where it landed. QEMU: --qemu, then $SMMUV3_QEMU, then \
        qemu-system-aarch64 on PATH. Exit 0 every dma matches, 1 one does not (or QEMU stopped its \
        command queue), 2 bad input or no usable QEMU.
        """ + "\n\n" + numberRule
    )
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "The scenario script.")
    var scenario: String
    @Option(help: "text or json.")
    var format: Format = .text
    @Option(help: "The qemu-system-aarch64 to run.")
    var qemu: String?
    @Option(help: "Which SMMU of the script QEMU plays (needed when it declares several).")
    var smmu: String?
    @Option(help: "Keep QEMU's -d guest_errors log and smmuv3 trace in DIR/qemu.log.")
    var log: String?

    func run() throws {
        let text: String
        do { text = String(decoding: try readAll(path: scenario), as: UTF8.self) } catch { throw badInput(error) }
        // Bad input first, without QEMU: the script must run as replay runs it.
        let shape: Emulator.Shape
        let name: String
        do {
            shape = try Emulator.shape(of: text)
            let blanked = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .map { shape.dmas[$0.offset + 1] == nil ? String($0.element) : "" }.joined(separator: "\n")
            _ = try Scenario.run(blanked)
            name = try Emulator.pickSMMU(shape, requested: smmu)
        } catch { throw badInput(error) }
        if let dir = log {
            do { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) } catch { throw badInput(error) }
        }
        let machine: QEMUMachine
        do {
            let path = try QEMULocator.locate(explicit: qemu)
            machine = try QEMUMachine(MachineConfig(qemu: path, eduSIDs: Emulator.eduSIDs(shape, smmu: name), logDirectory: log))
        } catch { throw badInput(error) }
        defer { machine.close() }
        do { try Emulator.check(shape, smmu: name, ids: machine.ids) } catch { throw badInput(error) }

        var mismatch = false
        let emulator = Emulator(machine: machine, smmu: name, shape: shape)
        if format == .text { print("# QEMU \(machine.version): \(machine.ids.description)") }
        do {
            try emulator.run(text) { e in
                switch (e, format) {
                case let (.step(s), .text):
                    if s.events.isEmpty { return }
                    print("# line \(s.line): \(s.text)")
                    for ev in s.events { print(ev) }
                case let (.step(s), .json):
                    for ev in s.events { print(ev.json) }
                case let (.dma(d, sid, exp, obs), _):
                    let match = exp.matches(obs)
                    if match == false { mismatch = true }
                    if format == .text {
                        print("# line \(d.line): dma \(d.master) sid=\(hexString(UInt64(sid))) iova=\(hexString(d.iova)) \(d.write ? "write" : "read") len=\(d.length)")
                        print("dma expected: \(exp.text)")
                        print("dma observed: \(obs.text)" + (match == nil ? "" : match == true ? " (match)" : " (MISMATCH)"))
                    } else {
                        print("{\"op\":\"dma\",\"line\":\(d.line),\"master\":\"\(d.master)\",\"sid\":\(sid),\"ssid\":null,\"iova\":\"\(hexString(d.iova))\",\"dir\":\"\(d.write ? "write" : "read")\",\"len\":\(d.length),\"expected\":\(exp.json),\"observed\":\(obs.json),\"match\":\(match.map { $0 ? "true" : "false" } ?? "null")}")
                    }
                case let (.event(line, ev), _):
                    print(format == .text ? "qemu event after line \(line): \(ev)" : "{\"op\":\"qemu-event\",\"line\":\(line),\"event\":\(ev.json)}")
                case let (.queueStop(line, stop), _):
                    mismatch = true
                    print(format == .text ? "qemu after line \(line): \(stop)"
                          : "{\"op\":\"cmdq-stop\",\"line\":\(line),\"cerror\":\"\(stop.cerrorName)\",\"gerror\":\"\(hexString(UInt64(stop.gerror)))\"}")
                case let (.traffic(line, after, results), _):
                    // Not produced by the CLI (no traffic option); shown if a caller adds it.
                    for r in results where !r.ok { mismatch = true }
                    if format == .text {
                        print("traffic after line \(line) \(after): " + results.map { "\($0.dma.master) \($0.observed.text)" }.joined(separator: ", "))
                    }
                case let (.overflow(line), _):
                    print(format == .text ? "qemu after line \(line): event queue overflow (records lost)" : "{\"op\":\"evtq-overflow\",\"line\":\(line)}")
                }
            }
        } catch {
            throw badInput(error)
        }
        if mismatch { throw ToolExit(code: 1) }
    }
}

private func hexString(_ v: UInt64) -> String { "0x" + String(v, radix: 16) }
