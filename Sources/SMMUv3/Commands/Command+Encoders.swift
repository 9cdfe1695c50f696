/// Encoders for the commands the update flows issue (IHI 0070 chapter 4). Every field goes
/// through the layout's checked store, so an out-of-range value is refused, never truncated.
extension CommandQueue.Entry {
    /// A command by name with `FIELD=value` pairs (names as in the spec, case-insensitive).
    public init(_ name: String, _ fields: KeyValuePairs<String, UInt64> = [:]) throws(EncodeError) {
        guard let l = DescriptorLayout.command(named: name) else { throw .unknownRecord(kind: "cmd", name: name) }
        self.init(l)
        for (k, v) in fields { try set(k, v) }
    }

    /// A command the C tables define, with values that fit their fields by construction (a
    /// `UInt32` StreamID in the 32-bit StreamID field, a flag, a typed encoding): nothing to refuse.
    static func constant(_ name: String, _ fields: KeyValuePairs<String, UInt64>) -> CommandQueue.Entry {
        let layout = DescriptorLayout.command(named: name) ?? DescriptorLayout.unknownCommand
        var c = CommandQueue.Entry(layout)
        for (k, v) in fields { layout.field(named: k)?.storeFitting(v, in: &c.words) }
        return c
    }

    /// CMD_CFGI_STE (§4.3.1): Leaf=1 the STE only; Leaf=0 also any cached L1STD.
    public static func cfgiSTE(sid: UInt32, leaf: Bool) -> CommandQueue.Entry {
        .constant("CMD_CFGI_STE", ["StreamID": UInt64(sid), "Leaf": leaf ? 1 : 0])
    }

    /// CMD_CFGI_CD (§4.3.4): Leaf=1 the CD only; Leaf=0 also any cached L1CD.
    public static func cfgiCD(sid: UInt32, ssid: UInt32, leaf: Bool) throws(EncodeError) -> CommandQueue.Entry {
        try CommandQueue.Entry("CMD_CFGI_CD", ["StreamID": UInt64(sid), "SubstreamID": UInt64(ssid), "Leaf": leaf ? 1 : 0])
    }

    /// CMD_CFGI_ALL (§4.3.3): CFGI_STE_RANGE with Range=31.
    public static func cfgiAll() -> CommandQueue.Entry { .constant("CMD_CFGI_ALL", [:]) }

    /// CMD_SYNC (§4.7.3), CS=SIG_SEV by default, MSH=ISH and MSIAttr=Normal WB as Linux issues it.
    public static func sync(_ cs: SyncCompletion = .sev) -> CommandQueue.Entry {
        .constant("CMD_SYNC", ["CS": cs.rawValue, "MSH": 3, "MSIAttr": 0xf])
    }

    /// CMD_TLBI_NH_ASID (§4.4.2): stage-1 entries of ASID in VMID (0 without stage 2).
    public static func tlbiNHASID(asid: UInt64, vmid: UInt64 = 0) throws(EncodeError) -> CommandQueue.Entry {
        try CommandQueue.Entry("CMD_TLBI_NH_ASID", ["ASID": asid, "VMID": vmid])
    }

    /// CMD_TLBI_EL2_ASID (§4.4.6): the EL2-E2H form, used when CR2.E2H=1.
    public static func tlbiEL2ASID(asid: UInt64) throws(EncodeError) -> CommandQueue.Entry {
        try CommandQueue.Entry("CMD_TLBI_EL2_ASID", ["ASID": asid])
    }

    /// CMD_TLBI_S12_VMALL (§4.4.9): every stage-1 and stage-2 entry of VMID.
    public static func tlbiS12VMALL(vmid: UInt64) throws(EncodeError) -> CommandQueue.Entry {
        try CommandQueue.Entry("CMD_TLBI_S12_VMALL", ["VMID": vmid])
    }

    /// CMD_ATC_INV (§4.5.1) of the whole ATC for (sid, ssid): Size=52 covers every address;
    /// SSID 0 is the RID (SSV=0).
    public static func atcInvAll(sid: UInt32, ssid: UInt32) throws(EncodeError) -> CommandQueue.Entry {
        try CommandQueue.Entry("CMD_ATC_INV", ["StreamID": UInt64(sid), "SSV": ssid == 0 ? 0 : 1,
                                    "SubstreamID": UInt64(ssid), "Size": 52])
    }

    /// The command an owed table invalidation becomes.
    public init(_ i: Invalidation) throws(EncodeError) {
        switch i {
        case let .cfgiSTE(sid, leaf): self = .cfgiSTE(sid: sid, leaf: leaf)
        case let .cfgiCD(sid, ssid, leaf): self = try .cfgiCD(sid: sid, ssid: ssid, leaf: leaf)
        }
    }
}
