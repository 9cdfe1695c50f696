import CSMMUv3

/// Encoders for the commands the update flows issue (IHI 0070 chapter 4). The fixed commands
/// are built from field positions resolved once (``CommandFields``); a value that does not fit
/// its field is refused through the layout's checked store, never truncated.
extension CommandQueue.Entry {
    /// A command by name with `FIELD=value` pairs (names as in the spec, case-insensitive).
    public init(_ name: String, _ fields: KeyValuePairs<String, UInt64> = [:]) throws(EncodeError) {
        guard let l = DescriptorLayout.command(named: name) else { throw .unknownRecord(kind: "cmd", name: name) }
        self.init(l)
        for (k, v) in fields { try set(k, v) }
    }

    /// CMD_CFGI_STE (§4.3.1): Leaf=1 the STE only; Leaf=0 also any cached L1STD.
    public static func cfgiSTE(sid: UInt32, leaf: Bool) -> CommandQueue.Entry {
        var c = CommandQueue.Entry(opcode: SMMUV3_OP_CFGI_STE)
        c.store(CommandFields.cfgiSTESID, UInt64(sid))
        c.store(CommandFields.cfgiSTELeaf, leaf ? 1 : 0)
        return c
    }

    /// CMD_CFGI_CD (§4.3.4): Leaf=1 the CD only; Leaf=0 also any cached L1CD.
    ///
    /// - Throws: ``EncodeError`` when `ssid` does not fit the 20-bit SubstreamID.
    public static func cfgiCD(sid: UInt32, ssid: UInt32, leaf: Bool) throws(EncodeError) -> CommandQueue.Entry {
        guard CommandFields.cfgiCDSSID.fits(UInt64(ssid)) else {
            // The checked store names the field, the value and the width it broke.
            return try CommandQueue.Entry("CMD_CFGI_CD", ["StreamID": UInt64(sid), "SubstreamID": UInt64(ssid), "Leaf": leaf ? 1 : 0])
        }
        return cfgiCDFitting(sid: sid, ssid: ssid, leaf: leaf)
    }

    /// CMD_CFGI_CD with an SSID known to fit its field.
    static func cfgiCDFitting(sid: UInt32, ssid: UInt32, leaf: Bool) -> CommandQueue.Entry {
        var c = CommandQueue.Entry(opcode: SMMUV3_OP_CFGI_CD)
        c.store(CommandFields.cfgiCDSID, UInt64(sid))
        c.store(CommandFields.cfgiCDSSID, UInt64(ssid))
        c.store(CommandFields.cfgiCDLeaf, leaf ? 1 : 0)
        return c
    }

    /// CMD_CFGI_ALL (§4.3.3): CFGI_STE_RANGE with Range=31.
    public static func cfgiAll() -> CommandQueue.Entry {
        var c = CommandQueue.Entry(opcode: SMMUV3_OP_CFGI_ALL)
        c.store(CommandFields.cfgiAllRange, 31)
        return c
    }

    /// CMD_SYNC (§4.7.3), CS=SIG_SEV by default, MSH=ISH and MSIAttr=Normal WB as Linux issues it.
    public static func sync(_ cs: SyncCompletion = .sev) -> CommandQueue.Entry {
        var c = CommandQueue.Entry(opcode: SMMUV3_OP_SYNC)
        c.store(CommandFields.syncCS, cs.rawValue)
        c.store(CommandFields.syncMSH, 3)
        c.store(CommandFields.syncMSIAttr, 0xf)
        return c
    }

    /// CMD_TLBI_NH_ASID (§4.4.2): stage-1 entries of ASID in VMID (0 without stage 2).
    ///
    /// - Throws: ``EncodeError`` when `asid` or `vmid` does not fit its 16-bit field.
    public static func tlbiNHASID(asid: UInt64, vmid: UInt64 = 0) throws(EncodeError) -> CommandQueue.Entry {
        guard CommandFields.nhASIDASID.fits(asid), CommandFields.nhASIDVMID.fits(vmid) else {
            return try CommandQueue.Entry("CMD_TLBI_NH_ASID", ["ASID": asid, "VMID": vmid])
        }
        var c = CommandQueue.Entry(opcode: SMMUV3_OP_TLBI_NH_ASID)
        c.store(CommandFields.nhASIDASID, asid)
        c.store(CommandFields.nhASIDVMID, vmid)
        return c
    }

    /// CMD_TLBI_EL2_ASID (§4.4.6): the EL2-E2H form, used when CR2.E2H=1.
    ///
    /// - Throws: ``EncodeError`` when `asid` does not fit its 16-bit field.
    public static func tlbiEL2ASID(asid: UInt64) throws(EncodeError) -> CommandQueue.Entry {
        guard CommandFields.el2ASIDASID.fits(asid) else { return try CommandQueue.Entry("CMD_TLBI_EL2_ASID", ["ASID": asid]) }
        var c = CommandQueue.Entry(opcode: SMMUV3_OP_TLBI_EL2_ASID)
        c.store(CommandFields.el2ASIDASID, asid)
        return c
    }

    /// CMD_TLBI_S12_VMALL (§4.4.9): every stage-1 and stage-2 entry of VMID.
    ///
    /// - Throws: ``EncodeError`` when `vmid` does not fit its 16-bit field.
    public static func tlbiS12VMALL(vmid: UInt64) throws(EncodeError) -> CommandQueue.Entry {
        guard CommandFields.s12VMALLVMID.fits(vmid) else { return try CommandQueue.Entry("CMD_TLBI_S12_VMALL", ["VMID": vmid]) }
        var c = CommandQueue.Entry(opcode: SMMUV3_OP_TLBI_S12_VMALL)
        c.store(CommandFields.s12VMALLVMID, vmid)
        return c
    }

    /// CMD_ATC_INV (§4.5.1) of the whole ATC for (sid, ssid): Size=52 covers every address;
    /// SSID 0 is the RID (SSV=0).
    ///
    /// - Throws: ``EncodeError`` when `ssid` does not fit the 20-bit SubstreamID.
    public static func atcInvAll(sid: UInt32, ssid: UInt32) throws(EncodeError) -> CommandQueue.Entry {
        guard CommandFields.atcSSID.fits(UInt64(ssid)) else {
            return try CommandQueue.Entry("CMD_ATC_INV", ["StreamID": UInt64(sid), "SSV": ssid == 0 ? 0 : 1,
                                                          "SubstreamID": UInt64(ssid), "Size": 52])
        }
        var c = CommandQueue.Entry(opcode: SMMUV3_OP_ATC_INV)
        c.store(CommandFields.atcSID, UInt64(sid))
        c.store(CommandFields.atcSSV, ssid == 0 ? 0 : 1)
        c.store(CommandFields.atcSSID, UInt64(ssid))
        c.store(CommandFields.atcSize, 52)
        return c
    }

    /// The command an owed table invalidation becomes.
    public init(_ i: Invalidation) throws(EncodeError) {
        switch i {
        case let .cfgiSTE(sid, leaf): self = .cfgiSTE(sid: sid, leaf: leaf)
        case let .cfgiCD(sid, ssid, leaf): self = try .cfgiCD(sid: sid, ssid: ssid, leaf: leaf)
        }
    }
}
