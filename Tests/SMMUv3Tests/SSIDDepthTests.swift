import Testing
@testable import SMMUv3

/// Issue 11: SSID tracking to the depth of the Linux driver. The scenarios' command streams are
/// pinned by `ScenarioTests` (golden streams, torn-state checker); these tests pin what the
/// streams cannot show: the bits inside the entries, the model, the notes.
@Suite("SSID tracking: issue 11")
struct SSIDDepthTests {
    static func field(_ kind: DescriptorKind, _ words: [UInt64]?, _ name: String, _ f: SMMUFeatures) -> UInt64? {
        guard let words else { return nil }
        return (try? Decoded(kind, words: words, features: f.model))?.value(name)
    }

    // MARK: item 1

    /// The freed ID is given back only after its TLBI: a domain taking it afterwards sees the
    /// TLBI in the stream before its first store; the SMMU no longer lists the old domain.
    @Test func aFreedIDIsInvalidatedBeforeItIsReused() throws {
        let (f, steps) = try Scenario.run(try ScenarioTests.seed("id-reuse"))
        let detach = try #require(steps.first { $0.text == "detach m0 ssid=1" })
        #expect(detach.events.compactMap(ScenarioTests.line).suffix(2) == ["a TLBI_NH_ASID asid=0x5 vmid=0x0", "a SYNC"])
        let detachS2 = try #require(steps.first { $0.text == "detach m1" })
        #expect(detachS2.events.compactMap(ScenarioTests.line).suffix(2) == ["b TLBI_S12_VMALL vmid=0x3", "b SYNC"])
        #expect(f.read { $0.smmus["a"]?.asids } == [5: "w"])
        #expect(f.read { $0.smmus["b"]?.vmids } == [3: "z"])
        #expect(f.invariantViolations() == [])
    }

    /// Under E2H the ID's TLBI is TLBI_EL2_ASID; an identity domain leaving sends none.
    @Test func theIDTLBIFollowsTheSMMU() throws {
        let (_, steps) = try Scenario.run("""
        smmu a features=cd2l,e2h
        master m0 smmu=a sids=1
        domain x s1 asid=5 ttb0=0x90000000
        domain id identity
        attach x m0 ssid=1
        detach m0 ssid=1
        attach id m0
        detach m0
        """)
        let cmds = steps.flatMap(\.events).compactMap(\.commandName)
        #expect(cmds.filter { $0.hasPrefix("TLBI") } == ["TLBI_EL2_ASID"])
    }

    // MARK: item 2

    /// The CD's S bit and the STE's S1STALLD as Linux sets them; the notes say why stall stayed
    /// off (or is on undeclared); the images carry the SMMUs' real ID registers and lint clean.
    @Test func stallIsEnabledOnlyWhereTheSMMUSupportsIt() throws {
        let (f, steps) = try Scenario.run(try ScenarioTests.seed("stall"))
        let feats = Dictionary(uniqueKeysWithValues: f.read { s in s.smmus.map { ($0.key, $0.value.features) } })
        func cdS(_ m: String, _ smmu: String) -> UInt64? { Self.field(.cd, f.cd(master: m, ssid: 1)?.words, "S", feats[smmu]!) }
        func stalld(_ smmu: String, _ sid: UInt32) -> UInt64? { Self.field(.ste, f.ste(smmu: smmu, sid: sid)?.words, "S1STALLD", feats[smmu]!) }
        #expect(cdS("m0", "a") == 0 && stalld("a", 1) == 0)
        #expect(cdS("m1", "f") == 1 && stalld("f", 1) == 0)
        #expect(cdS("m2", "s") == 1 && stalld("s", 1) == 0)
        #expect(cdS("m3", "s") == 0 && stalld("s", 2) == 1)
        let notes = steps.flatMap { s in s.notes.map { (s.line, $0) } }
        #expect(notes.map(\.0) == [6, 11])
        #expect(notes.first?.1.contains("stall stays off: smmu a has SMMU_IDR0.STALL_MODEL=0b01") == true)
        #expect(notes.last?.1.contains("smmu f has SMMU_IDR0.STALL_MODEL=0b10") == true)
        for (n, model) in [("a", 1), ("f", 2), ("s", 0)] {
            let img = try #require(f.image(smmu: n))
            let regs = Features(idr0: img.idr0, idr1: img.idr1, idr3: 0, idr5: img.idr5, aidr: 1, cr2: 0)
            #expect(regs.stallModel == model, "smmu \(n)")
            #expect(regs.cd2l && regs.ssidSize == 20 && regs.oas == 48)
            #expect(ImageCheck.check(img) == [], "smmu \(n)")
        }
    }

    /// The image carries STALL_MODEL, so the lint sees what the SMMU would: the same tables with
    /// a CD whose S=1 on the no-stall SMMU are flagged (C_BAD_CD).
    @Test func theImageLintSeesTheSMMUsStallModel() throws {
        let (f, _) = try Scenario.run(try ScenarioTests.seed("stall"))
        var img = try #require(f.image(smmu: "s"))
        #expect(ImageCheck.check(img) == [])
        img.idr0 = SMMUFeatures().idr0          // the same tables judged as an SMMU without stall
        let findings = ImageCheck.check(img).map(\.message)
        #expect(findings.contains { $0.contains("on an SMMU with SMMU_IDR0.STALL_MODEL=0b01 (no stall)") }, "\(findings)")
    }

    /// Under forced stall a stage-2 STE gets S2S=1 (S2S=0 is ILLEGAL there, and the flows'
    /// legality check would refuse the attach).
    @Test func stage2UnderForcedStallSetsS2S() throws {
        let (f, _) = try Scenario.run("""
        smmu f features=cd2l,stall-force
        master m smmu=f sids=4
        domain v s2 vmid=3 vttbr=0x92000000
        attach v m
        """)
        var feats = SMMUFeatures()
        feats.cd2l = true
        feats.stallForce = true
        #expect(Self.field(.ste, f.ste(smmu: "f", sid: 4)?.words, "S2S", feats) == 1)
        #expect(ImageCheck.check(f.image(smmu: "f")!) == [])
    }
}

extension SSIDDepthTests {
    // MARK: item 4

    /// After a replace at a PASID the slot and the nodes name only the new domain, the CD holds
    /// its ASID and TTB0, and the old domain's ASID is free on the SMMU.
    @Test func replaceAtAPASIDMovesTheSlot() throws {
        let (f, steps) = try Scenario.run(try ScenarioTests.seed("replace"))
        #expect(f.attachments(of: "a") == [] && f.attachments(of: "b") == [])
        #expect(f.attachments(of: "c") == [Attachment(smmu: "smmu0", master: "nic", ssid: 4)])
        let cd = try #require(f.cd(master: "nic", ssid: 4))
        #expect(cd.asid == 3 && cd.valid)
        #expect(f.read { $0.smmus["smmu0"]?.asids } == [3: "c"])
        #expect(f.invariantViolations() == [])
        // `attach D M replace` (no ssid=) reads the same as `attach D M ssid=0 replace`.
        #expect(steps.last?.text == "attach c nic ssid=4 replace")
        let (g, _) = try Scenario.run("""
        smmu s features=cd2l
        master m smmu=s sids=1
        domain a s1 asid=1 ttb0=0x90000000
        attach a m replace
        """)
        #expect(g.attachments(of: "a") == [Attachment(smmu: "s", master: "m", ssid: 0)])
    }
}

extension SSIDDepthTests {
    // MARK: item 5

    /// The quiet CD: same ASID, still valid, EPD0=1, TTB0=0; S and R cleared unless the SMMU
    /// forces stall.
    @Test func theQuietCDClearsSAndRUnlessStallIsForced() throws {
        let (f, _) = try Scenario.run(try ScenarioTests.seed("sva-rules"))
        let feats = Dictionary(uniqueKeysWithValues: f.read { s in s.smmus.map { ($0.key, $0.value.features) } })
        let cases: [(String, String, UInt64, UInt64)] = [("a0", "s0", 7, 0), ("a1", "s0", 7, 0), ("b0", "s1", 8, 1)]
        for (master, smmu, asid, sr) in cases {
            let w = try #require(f.cd(master: master, ssid: 5)).words
            func v(_ n: String) -> UInt64? { Self.field(.cd, w, n, feats[smmu]!) }
            #expect(v("V") == 1 && v("ASID") == asid && v("EPD0") == 1 && v("TTB0") == 0, "\(master)")
            #expect(v("S") == sr && v("R") == sr, "\(master)")
        }
        for n in f.smmuNames { #expect(ImageCheck.check(f.image(smmu: n)!) == [], "\(n)") }
    }

    static let svaBase = """
    smmu s0 features=cd2l
    smmu s1 features=cd2l
    master a smmu=s0 sids=1 ssid-bits=8
    master b smmu=s0 sids=2 ssid-bits=8
    master c smmu=s1 sids=1 ssid-bits=8
    domain mm sva asid=7 ttb0=0x123456000
    domain mm2 sva asid=9 ttb0=0x123456000
    attach mm a ssid=5

    """

    /// Each SVA rule refuses its line with the reason, and the refusal changes nothing.
    @Test(arguments: [
        ("attach mm b", "line 9: SVA domain mm cannot be attached at SSID 0 (the RID): an address space is bound at a PASID"),
        ("attach mm b ssid=6", "line 9: SVA domain mm: its mm (ttb0=0x123456000) is bound at PASID 5, not 6: one mm has one PASID"),
        ("attach mm2 c ssid=6", "line 9: SVA domain mm2: its mm (ttb0=0x123456000) is bound at PASID 5 through domain mm, not 6: one mm has one PASID"),
        ("attach mm2 b ssid=5", "line 9: SVA domain mm2: domain mm already holds its mm (ttb0=0x123456000) on smmu s0: one SVA domain per (mm, SMMU)"),
    ])
    func svaRulesRefuseWithTheReason(_ c: (String, String)) throws {
        #expect(throws: FlowError(c.1)) { _ = try Scenario.run(Self.svaBase + c.0) }
        let (f, _) = try Scenario.run(Self.svaBase)
        let before = f.snapshot()
        #expect(throws: FlowError.self) { _ = try Scenario.run(c.0, fabric: f) }
        #expect(f.snapshot().differences(from: before) == [])
        // What the rules allow: the same mm at its PASID on another master and, through its
        // own domain, on another SMMU.
        _ = try Scenario.run("attach mm b ssid=5\nattach mm2 c ssid=5", fabric: f)
        #expect(f.invariantViolations() == [])
    }
}

extension SSIDDepthTests {
    // MARK: item 9

    /// id-policy=global: one pool for every SMMU, taken at first attach, kept, freed with the
    /// last slot; the CDs carry the pool's ASIDs; set-asid is refused.
    @Test func globalIDsComeFromOnePool() throws {
        let (f, steps) = try Scenario.run(try ScenarioTests.seed("id-global"))
        #expect(f.cd(master: "m1", ssid: 1)?.asid == 2)                 // y: 2, though b never used 1
        #expect(f.cd(master: "m0", ssid: 3)?.asid == 1)                 // z: 1, back in the pool
        #expect(f.read { $0.pools.globalASIDs } == [1: "z", 2: "y"])
        #expect(steps.flatMap(\.notes).first == "domain x takes ASID 0x1 on smmu a (id-policy=global, the lowest free in the pool shared by every id-policy=global SMMU)")
        #expect(f.invariantViolations() == [])
        #expect(throws: FlowError("line 1: domain y is installed on smmu b, which has id-policy=global: its IDs are allocated and never change (set-asid needs id-policy=named)")) {
            _ = try Scenario.run("set-asid y 9", fabric: f)
        }
    }

    /// id-policy=per-smmu: each SMMU's own IDs; the CDs and every TLBI use them.
    @Test func perSMMUIDsAreEachSMMUsOwn() throws {
        let (f, steps) = try Scenario.run(try ScenarioTests.seed("id-per-smmu"))
        #expect(f.cd(master: "m1", ssid: 1)?.asid == 5)
        #expect(f.cd(master: "m0", ssid: 1)?.asid == 5)
        #expect(f.read { $0.domains["y"]?.ids } == ["b": 5])
        #expect(steps.flatMap(\.notes).contains("domain y takes ASID 0x1 on smmu a (id-policy=per-smmu, the lowest free in smmu a's own ASIDs): ASID 0x5 is taken there"))
        #expect(f.invariantViolations() == [])
    }

    /// VMIDs: per SMMU under both allocating policies; named SMMUs need a named ID.
    @Test func vmidsAndNamedIDs() throws {
        let (f, _) = try Scenario.run("""
        smmu a features=cd2l id-policy=global
        smmu b features=cd2l id-policy=global
        master m0 smmu=a sids=1
        master m1 smmu=b sids=1
        master m2 smmu=a sids=2
        domain p s2 vttbr=0x94000000
        domain q s2 vttbr=0x95000000
        domain r s2 vttbr=0x96000000
        attach p m0
        attach q m1
        attach r m2
        """)
        func vmid(_ smmu: String, _ sid: UInt32) -> UInt64? { f.ste(smmu: smmu, sid: sid)?.words[2].bitField(0, 16) }
        #expect(vmid("a", 1) == 1 && vmid("b", 1) == 1 && vmid("a", 2) == 2)   // Linux: smmu->vmid_map per SMMU
        #expect(throws: FlowError("line 4: domain x names no ASID (asid=): smmu n has id-policy=named, which takes the domain's own")) {
            _ = try Scenario.run("smmu n features=cd2l\nmaster m smmu=n sids=1\ndomain x s1 ttb0=0x90000000\nattach x m ssid=1")
        }
    }
}

extension UInt64 {
    /// Bits [lo + width - 1 : lo].
    func bitField(_ lo: Int, _ width: Int) -> UInt64 { (self >> UInt64(lo)) & ((1 << UInt64(width)) - 1) }
}

extension SSIDDepthTests {
    // MARK: item 10

    /// Lockstep ends where the driver's order ends (same tables), with the syncs counted next to
    /// what one entry at a time would have cost.
    @Test func lockstepEndsWhereTheDriverOrderEndsWithFewerSyncs() throws {
        let text = try ScenarioTests.seed("lockstep")
        let (f, steps) = try Scenario.run(text)
        let (g, driver) = try Scenario.run(text.replacingOccurrences(of: "order=lockstep", with: "order=driver"))
        #expect(f.image(smmu: "s0")?.segments == g.image(smmu: "s0")?.segments)
        let counts = steps.filter { !$0.events.isEmpty }.map { [$0.line, $0.syncs, $0.driverSyncs] }
        #expect(counts == [[11, 1, 3], [12, 4, 8], [13, 4, 4], [14, 2, 2], [15, 2, 4]])
        // The driver's order really costs what lockstep says it would have.
        #expect(driver.filter { !$0.events.isEmpty }.map { [$0.line, $0.syncs, $0.driverSyncs] }
                == counts.map { [$0[0], $0[2], $0[2]] })
        #expect(f.invariantViolations() == [])
    }

    /// A lockstep flow failing at any of its syncs is rolled back like any other.
    @Test func aLockstepFlowFailingAtAnySyncIsRolledBack() throws {
        let lines = try ScenarioTests.seed("lockstep").split(separator: "\n").map(String.init)
        var injected = 0
        for n in lines.indices where lines[n].hasPrefix("attach id gpu") || lines[n].hasPrefix("set-asid") || lines[n].hasPrefix("attach shared gpu") {
            for k in 1...3 {
                let (f, _) = try Scenario.run(lines[..<n].joined(separator: "\n"))
                let before = f.snapshot()
                let calls = RefusedLineTests.Counter()
                f.injectSyncFault { smmu, _ in
                    calls.n += 1
                    return calls.n == k ? FlowError("injected on \(smmu)") : nil
                }
                do { _ = try Scenario.run(lines[n], fabric: f) } catch {
                    injected += 1
                    #expect(error.message.hasSuffix("(rolled back: tables and attachments are as before)"), "\(lines[n]) k=\(k): \(error)")
                    _ = f.drainEvents()
                    _ = f.drainSyncsSaved()
                    #expect(f.snapshot().differences(from: before) == [], "\(lines[n]) k=\(k)")
                }
            }
        }
        #expect(injected >= 5)
    }
}

extension SSIDDepthTests {
    // MARK: item 6

    static let secondBase = """
    smmu a features=cd2l
    master m0 smmu=a sids=1 ssid-bits=8
    domain x s1 asid=300 ttb0=0x90000000
    domain v s2 vmid=3 vttbr=0x92000000
    attach x m0 ssid=1

    """

    /// A domain the second SMMU cannot take is refused with the reason, and nothing changes.
    @Test(arguments: [
        ("smmu b stages=s2", "attach x n ssid=1",
         "line 8: domain x (stage 1) cannot be installed on smmu b: it has no stage 1 (SMMU_IDR0.S1P=0)"),
        ("smmu b stages=s1", "attach v n",
         "line 8: domain v (stage 2) cannot be installed on smmu b: it has no stage 2 (SMMU_IDR0.S2P=0)"),
        ("smmu b asid-bits=8", "attach x n ssid=1",
         "line 8: domain x: ASID 300 does not fit smmu b's 8-bit ASIDs (SMMU_IDR0.ASID16=0)"),
        ("smmu b granules=16k,64k", "attach x n ssid=1",
         "line 8: domain x cannot be installed on smmu b: its page tables use the 4 KB granule, which the SMMU lacks (SMMU_IDR5.GRAN4K=0)"),
        ("smmu b oas=40", "attach v n",
         "line 8: domain v cannot be installed on smmu b: its page tables output 48-bit addresses, beyond the SMMU's 40-bit OAS (SMMU_IDR5.OAS)"),
    ])
    func anIncompatibleSecondSMMUIsRefusedWithTheReason(_ c: (String, String, String)) throws {
        let script = Self.secondBase + c.0 + "\nmaster n smmu=b sids=2 ssid-bits=8\n"
        #expect(throws: FlowError(c.2)) { _ = try Scenario.run(script + c.1) }
        let (f, _) = try Scenario.run(script)
        let before = f.snapshot()
        #expect(throws: FlowError.self) { _ = try Scenario.run(c.1, fabric: f) }
        #expect(f.snapshot().differences(from: before) == [])
    }

    /// The second SMMU's image carries its own registers and lints clean.
    @Test func theSecondSMMUsImageCarriesItsRegisters() throws {
        let (f, _) = try Scenario.run(try ScenarioTests.seed("second-smmu"))
        let img = try #require(f.image(smmu: "small"))
        let regs = Features(idr0: img.idr0, idr1: img.idr1, idr3: 0, idr5: img.idr5, aidr: 1, cr2: 0)
        #expect(!regs.asid16 && !regs.vmid16 && regs.gran4K && !regs.gran16K && regs.oas == 48)
        #expect(ImageCheck.check(img) == [])
        #expect(f.cd(master: "dma", ssid: 1)?.asid == 200)
    }
}

extension SSIDDepthTests {
    // MARK: item 8

    static func fields(_ e: FlowEvent) -> [String: UInt64] {
        guard case let .command(_, d) = e else { return [:] }
        return Dictionary(d.fields.map { ($0.field.name, $0.value) }, uniquingKeysWith: { a, _ in a })
    }

    /// The range fields as Linux computes them: per page without RIL; with RIL TG=1, TTL=3,
    /// NUM/SCALE covering the pages; ATC_INV's smallest aligned span.
    @Test func rangeCommandsCarryLinuxsFields() throws {
        let (_, steps) = try Scenario.run(try ScenarioTests.seed("range"))
        let small = try #require(steps.first { $0.line == 15 }).events.filter { $0.commandName != nil && $0.commandName != "SYNC" }
        let pages = small.filter { if case let .command(smmu, _) = $0 { smmu == "s0" } else { false } }
            .filter { $0.commandName == "TLBI_NH_VA" }.map { Self.fields($0) }
        #expect(pages.map { $0["Address"] } == [0x100000, 0x101000, 0x102000])
        #expect(pages.allSatisfy { $0["TG"] == 0 && $0["TTL"] == 0 && $0["NUM"] == 0 && $0["SCALE"] == 0 && $0["Leaf"] == 1 })
        let atc = small.filter { $0.commandName == "ATC_INV" }.map { Self.fields($0) }
        #expect(atc.map { [$0["Address"], $0["Size"], $0["SSV"]] } == [[0x100000, 2, 0], [0x100000, 2, 1]])
        let ranged = small.filter { if case let .command(smmu, _) = $0 { smmu == "r" } else { false } }.map { Self.fields($0) }
        #expect(ranged.map { [$0["Address"], $0["TG"], $0["TTL"], $0["NUM"], $0["SCALE"]] } == [[0x100000, 1, 3, 2, 0]])
        let big = try #require(steps.first { $0.line == 16 }).events.filter { $0.commandName != nil && $0.commandName != "SYNC" }
        let bigRanged = big.filter { if case let .command(smmu, _) = $0 { smmu == "r" } else { false } }.map { Self.fields($0) }
        #expect(bigRanged.map { [$0["Address"], $0["NUM"], $0["SCALE"]] } == [[0, 0, 9]])
        #expect(big.filter { $0.commandName == "ATC_INV" }.map { Self.fields($0)["Size"] } == [9, 9])
    }

    /// Many pages without RIL (below the threshold) go through the 256-entry queue in batches;
    /// a range of 37 pages with RIL is 2 commands (32 + 5 pages); bad ranges are refused.
    @Test func largeRangesAndBadRanges() throws {
        let base = "smmu s features=cd2l\nsmmu t features=cd2l,ril\nmaster m smmu=s sids=1 ssid-bits=8\nmaster n smmu=t sids=1 ssid-bits=8\n"
            + "domain v s2 vmid=4 vttbr=0x92000000\nattach v m\nattach v n\n"
        let (_, steps) = try Scenario.run(base + "invalidate v iova=0x40000000 size=0x1ff000\ninvalidate v iova=0x0 size=0x25000")
        let many = try #require(steps.first { $0.line == 8 }).events
        func on(_ smmu: String) -> (FlowEvent) -> Bool { { if case let .command(n, _) = $0 { n == smmu } else { false } } }
        #expect(many.filter(on("s")).filter { $0.commandName == "TLBI_S2_IPA" }.count == 511)
        #expect(many.filter(on("t")).filter { $0.commandName == "TLBI_S2_IPA" }.count == 2)   // 31 pages, then 15 x 2^5
        #expect(many.filter { $0.commandName == "SYNC" }.count == 2)            // one per SMMU
        let r = try #require(steps.first { $0.line == 9 }).events
            .filter { if case let .command(smmu, _) = $0 { smmu == "t" && $0.commandName == "TLBI_S2_IPA" } else { false } }
            .map { Self.fields($0) }
        #expect(r.map { [$0["Address"], $0["NUM"], $0["SCALE"], $0["VMID"]] } == [[0, 4, 0, 4], [0x5000, 0, 5, 4]])
        for (line, msg) in [("invalidate v iova=0x1001 size=0x1000", "line 8: iova=0x1001 size=0x1000: a range is whole 4 KB pages (both 4 KB aligned)"),
                            ("invalidate v iova=0x1000", "line 8: invalidate takes iova= and size= together, or neither"),
                            ("invalidate v iova=0x1000 size=0", "line 8: size=0: nothing to invalidate")] {
            #expect(throws: FlowError(msg)) { _ = try Scenario.run(base + line) }
        }
    }
}

extension SSIDDepthTests {
    // MARK: item 7

    /// The nested STE: Config=nested, the parent's VMID and S2TTB, the guest's CD table, EATS.
    @Test func theNestedSTECarriesTheParentsStage2AndTheGuestsCDTable() throws {
        let lines = try ScenarioTests.seed("nesting").split(separator: "\n").map(String.init)
        let (f, _) = try Scenario.run(lines.prefix(13).joined(separator: "\n"))
        let feats = try #require(f.read { $0.smmus["s0"]?.features })
        let w = f.ste(smmu: "s0", sid: 0x300)?.words
        func v(_ n: String) -> UInt64? { Self.field(.ste, w, n, feats) }
        #expect(v("Config") == 0b111 && v("S2VMID") == 7 && v("S2TTB") == 0x9400_0000)
        #expect(v("S1ContextPtr") == 0x4000_0000 && v("EATS") == 1 && v("MEV") == 1)
        #expect(f.read { $0.smmus["s0"]?.vmids } == [7: "p"])
        #expect(f.invariantViolations() == [])
        #expect(ImageCheck.check(f.image(smmu: "s0")!).map(\.message) == [])
    }

    static let nestBase = """
    smmu s0 features=ats,cd2l
    smmu s1 features=cd2l
    master vf smmu=s0 sids=1 ssid-bits=8 ats
    master w smmu=s0 sids=2 ssid-bits=8
    master x smmu=s1 sids=1 ssid-bits=8
    domain p s2 vmid=7 vttbr=0x94000000
    domain q s1 asid=3 ttb0=0x90000000
    domain g nested parent=p cdtable=0x40000000 ats
    attach p w
    attach q vf ssid=1

    """

    @Test(arguments: [
        ("attach g vf", "line 11: nested domain g on the RID of vf is refused while PASIDs 1 are in use"),
        ("attach g x", "line 11: nested domain g: its parent p lives on smmu s0, not s1"),
        ("attach g w ssid=2", "line 11: domain g (nested parent=p cdtable=0x40000000 s1cdmax=0 ats) cannot be attached at SSID 2: only stage-1 and SVA domains live in CDs"),
        ("domain h nested parent=q cdtable=0x40000000", "line 11: domain h: parent q (s1 asid=3 ttb0=0x90000000) is not a stage-2 domain"),
    ])
    func nestingIsRefusedWithTheReason(_ c: (String, String)) throws {
        #expect(throws: FlowError(c.1)) { _ = try Scenario.run(Self.nestBase + c.0) }
        let (f, _) = try Scenario.run(Self.nestBase)
        let before = f.snapshot()
        #expect(throws: FlowError.self) { _ = try Scenario.run(c.0, fabric: f) }
        #expect(f.snapshot().differences(from: before) == [])
    }

    /// A nested domain attached before its parent is anywhere takes the parent's VMID on that
    /// SMMU, and gives it back (after its TLBI) when it goes.
    @Test func aNestedDomainAloneHoldsItsParentsVMID() throws {
        let (f, steps) = try Scenario.run(Self.nestBase.replacingOccurrences(of: "attach p w\n", with: "") + "attach g w\ndetach w")
        #expect(steps.last?.events.compactMap(ScenarioTests.line).suffix(2) == ["s0 TLBI_S12_VMALL vmid=0x7", "s0 SYNC"])
        #expect(f.read { $0.smmus["s0"]?.vmids } == [:])
        #expect(f.read { $0.domains["p"]?.ids } == [:])
    }
}

extension SSIDDepthTests {
    // MARK: item 11

    /// CMD_RESUME carries the StreamID, the STAG and the answer; an unknown STAG is refused;
    /// without stall the fault is recorded terminated (Stall=0).
    @Test func resumeAnswersAStalledTransaction() throws {
        let text = """
        smmu s0 features=stall,cd2l
        smmu s1 features=cd2l
        master dev smmu=s0 sids=0x40 ssid-bits=8 stall
        master old smmu=s1 sids=1 ssid-bits=8 stall
        domain d s1 asid=4 ttb0=0x90000000
        attach d dev ssid=1
        attach d old ssid=1
        fault dev ssid=1 iova=0x1000
        resume dev stag=0 abort
        fault old ssid=1 iova=0x1000
        """
        let (f, steps) = try Scenario.run(text)
        let resume = try #require(steps.first { $0.line == 9 }?.events.first)
        #expect(Self.fields(resume)["Ac"] == 0 && Self.fields(resume)["Ab"] == 1 && Self.fields(resume)["STAG"] == 0
                && Self.fields(resume)["StreamID"] == 0x40)
        #expect(steps.first { $0.line == 10 }?.events.compactMap(ScenarioTests.line) == ["s1 event F_TRANSLATION sid=0x1 ssid=0x1 stall=0"])
        #expect(throws: FlowError("line 1: dev has no stalled transaction with STAG 0")) { _ = try Scenario.run("resume dev stag=0 retry", fabric: f) }
        #expect(throws: FlowError("line 1: dev SSID 3 holds no stage-1 domain: a stage-1 translation fault needs its CD")) {
            _ = try Scenario.run("fault dev ssid=3 iova=0x1000", fabric: f)
        }
        #expect(throws: FlowError("line 1: resume needs retry or abort")) { _ = try Scenario.run("resume dev stag=0", fabric: f) }
    }
}
