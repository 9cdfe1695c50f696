import Testing
@testable import SMMUv3

/// The fixed commands the update flows issue are built from field positions resolved once; each
/// must hold exactly the words the spec's positions give (the tests' own transcription,
/// SpecTranscription/cmd.tsv) and the by-name encoder gives.
@Suite("Fixed commands: built by position, equal to the spec's positions and the by-name encoder")
struct FixedCommandTests {
    /// `value` at bits [hi:lo] (the tests' transcription of each field).
    static func at(_ value: UInt64, _ lo: UInt64) -> UInt64 { value << lo }

    @Test func cfgiSTEHoldsOpcodeStreamIDAndLeaf() throws {
        // CMD_CFGI_STE 0x03: StreamID word 0 [63:32], Leaf word 1 [0].
        let c = CommandQueue.Entry.cfgiSTE(sid: 0xffff_ffff, leaf: true)
        #expect(c.words == [0x03 | Self.at(0xffff_ffff, 32), 1])
        #expect(c.words == (try CommandQueue.Entry("CMD_CFGI_STE", ["StreamID": 0xffff_ffff, "Leaf": 1])).words)
        #expect(CommandQueue.Entry.cfgiSTE(sid: 5, leaf: false).words == [0x03 | Self.at(5, 32), 0])
    }

    @Test func cfgiCDHoldsOpcodeStreamIDSubstreamIDAndLeaf() throws {
        // CMD_CFGI_CD 0x05: SubstreamID word 0 [31:12], StreamID [63:32], Leaf word 1 [0].
        let c = try CommandQueue.Entry.cfgiCD(sid: 0xffff_ffff, ssid: 0xf_ffff, leaf: true)
        #expect(c.words == [0x05 | Self.at(0xf_ffff, 12) | Self.at(0xffff_ffff, 32), 1])
        #expect(c.words == (try CommandQueue.Entry("CMD_CFGI_CD", ["StreamID": 0xffff_ffff, "SubstreamID": 0xf_ffff, "Leaf": 1])).words)
    }

    @Test func anSSIDBeyondTwentyBitsIsRefusedAsTheByNameEncoderRefusesIt() {
        var fast: EncodeError?, named: EncodeError?
        do { _ = try CommandQueue.Entry.cfgiCD(sid: 1, ssid: 1 << 20, leaf: true) } catch { fast = error }
        do { _ = try CommandQueue.Entry("CMD_CFGI_CD", ["StreamID": 1, "SubstreamID": 1 << 20, "Leaf": 1]) } catch { named = error }
        #expect(fast != nil)
        #expect(fast.map { "\($0)" } == named.map { "\($0)" })
        #expect(throws: EncodeError.self) { try CommandQueue.Entry.atcInvAll(sid: 0, ssid: 1 << 20) }
        #expect(throws: EncodeError.self) { try CommandQueue.Entry.tlbiNHASID(asid: 1 << 16) }
        #expect(throws: EncodeError.self) { try CommandQueue.Entry.tlbiNHASID(asid: 0, vmid: 1 << 16) }
        #expect(throws: EncodeError.self) { try CommandQueue.Entry.tlbiEL2ASID(asid: 1 << 16) }
        #expect(throws: EncodeError.self) { try CommandQueue.Entry.tlbiS12VMALL(vmid: 1 << 16) }
    }

    @Test func cfgiAllIsSTERangeWithRange31() {
        // CMD_CFGI_ALL: opcode 0x04, Range word 1 [4:0] = 31 (§4.3.3).
        #expect(CommandQueue.Entry.cfgiAll().words == [0x04, 31])
    }

    @Test func syncHoldsCSMSHAndMSIAttr() throws {
        // CMD_SYNC 0x46: CS word 0 [13:12] (SIG_SEV = 0b10), MSH [23:22], MSIAttr [27:24].
        #expect(CommandQueue.Entry.sync().words == [0x46 | Self.at(0b10, 12) | Self.at(3, 22) | Self.at(0xf, 24), 0])
        #expect(CommandQueue.Entry.sync(.none).words == [0x46 | Self.at(3, 22) | Self.at(0xf, 24), 0])
        #expect(CommandQueue.Entry.sync().words == (try CommandQueue.Entry("CMD_SYNC", ["CS": 0b10, "MSH": 3, "MSIAttr": 0xf])).words)
    }

    @Test func tlbiCommandsHoldASIDAndVMID() throws {
        // VMID word 0 [47:32], ASID [63:48].
        #expect(try CommandQueue.Entry.tlbiNHASID(asid: 0xffff, vmid: 0xffff).words == [0x11 | Self.at(0xffff, 32) | Self.at(0xffff, 48), 0])
        #expect(try CommandQueue.Entry.tlbiEL2ASID(asid: 0xffff).words == [0x21 | Self.at(0xffff, 48), 0])
        #expect(try CommandQueue.Entry.tlbiS12VMALL(vmid: 0xffff).words == [0x28 | Self.at(0xffff, 32), 0])
    }

    @Test func atcInvAllHoldsSSVSubstreamIDStreamIDAndSize52() throws {
        // SSV word 0 [11], SubstreamID [31:12], StreamID [63:32], Size word 1 [5:0].
        #expect(try CommandQueue.Entry.atcInvAll(sid: 0xffff_ffff, ssid: 0xf_ffff).words
                == [0x40 | Self.at(1, 11) | Self.at(0xf_ffff, 12) | Self.at(0xffff_ffff, 32), 52])
        #expect(try CommandQueue.Entry.atcInvAll(sid: 7, ssid: 0).words == [0x40 | Self.at(7, 32), 52])
    }

    @Test func consumeStopsWhereDrainStopsAndRepeatedCommandsDecodeAlike() throws {
        var a = try CommandQueue(log2Size: 3), b = try CommandQueue(log2Size: 3)
        let illegal = try CommandQueue.Entry(words: [0x46 | (3 << 12), 0])   // CMD_SYNC CS=0b11
        let cmds = [CommandQueue.Entry.cfgiSTE(sid: 1, leaf: true), .sync(), .cfgiSTE(sid: 1, leaf: true), .sync(), illegal, .sync()]
        for c in cmds { try a.push(c); try b.push(c) }
        let (done, bad) = a.drain()
        #expect(done.count == 4 && bad != nil)
        #expect(done[0] == done[2] && done[1] == done[3])
        #expect(done[0] == (try CommandQueue.Entry.cfgiSTE(sid: 1, leaf: true).decoded()))
        #expect(b.consume() == bad)
        #expect(a.cons == b.cons && a.error == 1 && b.error == 1)
    }
}
