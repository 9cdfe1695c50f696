import Foundation
import SMMUv3
import SMMUv3QEMU

/// What QEMU wrote that no dma line explains (an event record, a queue stop, an overflow), as
/// text naming the script line; nil for the events a run expects (dma, step, traffic).
func strayText(_ e: EmulateEvent) -> String? {
    switch e {
    case let .event(line, ev): "line \(line): \(ev)"
    case let .queueStop(line, s): "line \(line): \(s)"
    case let .overflow(line): "line \(line): overflow"
    case .dma, .step, .traffic: nil
    }
}

/// One script run through `emulate`'s engine on a fresh QEMU.
struct EmulateRun {
    /// Each dma line with the walker's prediction and what QEMU did.
    var dmas: [(line: Int, expected: DMAOutcome, observed: DMAOutcome)] = []
    /// Anything else QEMU wrote (`strayText`).
    var stray: [String] = []
    /// The SMMU QEMU modelled (its ID registers).
    var ids: QEMUSMMUIDs
}

/// Runs `text` through `emulate`'s engine on a fresh QEMU. `adapt` may cut the script down to
/// what this QEMU's SMMU models (its ID registers) before it runs.
func emulate(_ text: String, _ qemu: String,
             adapt: (QEMUSMMUIDs, String) -> String = { $1 }) throws -> EmulateRun {
    var shape = try Emulator.shape(of: text)
    let smmu = try Emulator.pickSMMU(shape, requested: nil)
    let machine = try QEMUMachine(MachineConfig(qemu: qemu, eduSIDs: Emulator.eduSIDs(shape, smmu: smmu)))
    defer { machine.close() }
    let script = adapt(machine.ids, text)
    if script != text { shape = try Emulator.shape(of: script) }
    try Emulator.check(shape, smmu: smmu, ids: machine.ids)
    var run = EmulateRun(ids: machine.ids)
    try Emulator(machine: machine, smmu: smmu, shape: shape).run(script) { e in
        if case let .dma(d, _, exp, obs) = e { run.dmas.append((d.line, exp, obs)) }
        if let s = strayText(e) { run.stray.append(s) }
    }
    return run
}
