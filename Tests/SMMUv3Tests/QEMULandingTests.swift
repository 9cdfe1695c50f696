import Foundation
import Testing
import SMMUv3
import SMMUv3QEMU

@Suite("QEMU: where a DMA's tag landed", .serialized,
       .enabled(if: qemuPath != nil, "no qemu-system-aarch64 ($SMMUV3_QEMU or PATH): apt-get install -y qemu-system-arm"))
struct QEMULandingTests {
    static let script = """
    smmu s sid-bits=8 ssid-bits=0 strtab=linear
    master nic smmu=s sids=0x8
    domain dma s1 asid=3
    map dma iova=0x60001000 pa=0x50000000 size=0x1000 perm=rw
    map dma iova=0x60002000 pa=0x50001000 size=0x1000 perm=rw
    attach dma nic
    dma nic iova=0x60001040 write
    """

    /// The script above on a fresh QEMU, and the bus address of the leaf PTE of IOVA 0x6000_1000.
    func rig(_ body: (Emulator, UInt64, UInt64) throws -> Void) throws {
        let path = try #require(qemuPath)
        let shape = try Emulator.shape(of: Self.script)
        let machine = try QEMUMachine(MachineConfig(qemu: path, eduSIDs: [8]))
        defer { machine.close() }
        let emulator = Emulator(machine: machine, smmu: "s", shape: shape)
        var leaf: (bus: UInt64, value: UInt64)?
        var first: (DMAOutcome, DMAOutcome)?
        try emulator.run(Self.script) { e in
            if case let .step(s) = e {
                for case let .pageTable(_, _, v, bus) in s.events where v & 0x0000_ffff_ffff_f000 == 0x5000_0000 { leaf = (bus, v) }
            }
            if case let .dma(_, _, exp, obs) = e { first = (exp, obs) }
        }
        #expect(first.map { $0.0.matches($0.1) } == true && first?.1 == .delivered(pa: 0x5000_0040))
        let l = try #require(leaf)
        try body(emulator, l.bus, l.value)
    }

    @Test("A remap without TLBI: the project predicts the new PA, QEMU's IOTLB still sends the write (and the read) to the stale one, and the result names it")
    func staleTranslation() throws {
        try rig { emulator, bus, value in
            // Both copies of the leaf PTE now point at 0x5000_1000, and no TLBI follows.
            try emulator.overwrite(bus: bus, value: value & ~0x0000_ffff_ffff_f000 | 0x5000_1000, inQEMU: true, inProject: true)
            let w = try emulator.dma(DMALine(master: "nic", iova: 0x6000_1080, write: true))
            #expect(w.expected == .delivered(pa: 0x5000_1080))
            #expect(w.observed == .delivered(pa: 0x5000_0080), "QEMU: \(w.observed.text)")
            #expect(w.expected.matches(w.observed) == false)
            let r = try emulator.dma(DMALine(master: "nic", iova: 0x6000_10c0, write: false))
            #expect(r.observed == .delivered(pa: 0x5000_00c0), "QEMU: \(r.observed.text)")
            // TLBI by ASID + CMD_SYNC: now both agree.
            #expect(try emulator.machine.submit([try CommandQueue.Entry.tlbiNHASID(asid: 3).words, CommandQueue.Entry.sync().words]) == nil)
            let after = try emulator.dma(DMALine(master: "nic", iova: 0x6000_1100, write: true))
            #expect(after.observed == .delivered(pa: 0x5000_1100) && after.expected.matches(after.observed) == true)
        }
    }

    @Test("A wrong prediction: QEMU's tables differ from the project's, and the tag is found in the other mapped page")
    func wrongPrediction() throws {
        try rig { emulator, bus, value in
            // Only QEMU's copy moves (to the script's other mapped page), with a TLBI.
            try emulator.overwrite(bus: bus, value: value & ~0x0000_ffff_ffff_f000 | 0x5000_1000, inQEMU: true, inProject: false)
            #expect(try emulator.machine.submit([try CommandQueue.Entry.tlbiNHASID(asid: 3).words, CommandQueue.Entry.sync().words]) == nil)
            let w = try emulator.dma(DMALine(master: "nic", iova: 0x6000_1200, write: true))
            #expect(w.expected == .delivered(pa: 0x5000_0200))
            #expect(w.observed == .delivered(pa: 0x5000_1200), "QEMU: \(w.observed.text)")
            let r = try emulator.dma(DMALine(master: "nic", iova: 0x6000_1300, write: false))
            #expect(r.observed == .delivered(pa: 0x5000_1300), "QEMU: \(r.observed.text)")
            // Nowhere the harness looks: not found, and no record (the translation succeeded).
            try emulator.overwrite(bus: bus, value: value & ~0x0000_ffff_ffff_f000 | 0x5800_0000, inQEMU: true, inProject: false)
            #expect(try emulator.machine.submit([try CommandQueue.Entry.tlbiNHASID(asid: 3).words, CommandQueue.Entry.sync().words]) == nil)
            let lost = try emulator.dma(DMALine(master: "nic", iova: 0x6000_1400, write: true))
            #expect(lost.observed == .terminated && lost.extra.isEmpty, "QEMU: \(lost.observed.text)")
        }
    }

    @Test("seeds/qemu-ssid-tracking.smmu: the SSID-tracking flows at SSID 0 on QEMU, every dma as the walker predicts")
    func ssidTrackingSeed() throws {
        let path = try #require(qemuPath)
        let text = try String(contentsOf: Repo.root.appendingPathComponent("seeds/qemu-ssid-tracking.smmu"), encoding: .utf8)
        let r = try emulate(text, path)
        #expect(r.dmas.count == 8)
        for (line, exp, obs) in r.dmas { #expect(exp.matches(obs) == true, "line \(line): expected \(exp.text), QEMU \(obs.text)") }
        #expect(r.stray.isEmpty, "\(r.stray)")
        #expect(r.dmas.dropLast().map(\.observed.text) == [
            "delivered pa=0x50000010", "delivered pa=0x50100000", "delivered pa=0x50100100", "delivered pa=0x50001020",
            "delivered pa=0x50001030", "delivered pa=0x50000040", "terminated",
        ])
        if case let .fault(e)? = r.dmas.last?.observed {
            #expect(e.type == "F_TRANSLATION" && e.sid == 0x100 && e.addr == 0x6000_2000)
        } else {
            Issue.record("the last dma was not a fault")
        }
    }
}
