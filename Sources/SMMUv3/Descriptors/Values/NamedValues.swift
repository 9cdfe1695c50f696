/// Which typed value names each field's encodings, by layout kind and field name.
///
/// Only fields whose values the spec names have encodings: in the STE Config, S1Fmt, S1DSS,
/// EATS, STRW, the attribute overrides and the cacheability, shareability, granule, size and
/// format fields (IHI 0070 §5.2); the CD's TCR fields (§5.4); CMD_SYNC.CS, the TLBI TG and
/// CMD_PRI_RESP.Resp (§4); the event CLASS (§7.3).
public enum NamedValues {
    private static let ste: [String: [Encoding]] = [
        "Config": Config.encodings, "S1Fmt": S1Fmt.encodings, "S1DSS": S1DSS.encodings,
        "S1CIR": S1Cacheability.encodings, "S1COR": S1Cacheability.encodings,
        "S1CSH": Shareability.encodings, "EATS": EATS.encodings, "STRW": STRW.encodings,
        "SHCFG": SHCFG.encodings, "NSCFG": NSCFG.encodings, "PRIVCFG": PRIVCFG.encodings,
        "INSTCFG": INSTCFG.encodings, "S2IR0": WalkCacheability.encodings,
        "S2OR0": WalkCacheability.encodings, "S2SH0": Shareability.encodings,
        "S2TG": Granule.encodings, "S_S2TG": Granule.encodings, "S2PS": AddressSize.encodings,
        "S2AA64": TableFormat.encodings,
    ]
    private static let cd: [String: [Encoding]] = [
        "TG0": Granule.encodings, "TG1": Granule1.encodings,
        "IR0": WalkCacheability.encodings, "OR0": WalkCacheability.encodings,
        "IR1": WalkCacheability.encodings, "OR1": WalkCacheability.encodings,
        "SH0": Shareability.encodings, "SH1": Shareability.encodings,
        "IPS": AddressSize.encodings, "AA64": TableFormat.encodings,
    ]
    private static let cmd: [String: [Encoding]] = [
        "CS": SyncCompletion.encodings, "MSH": Shareability.encodings,
        "TG": TLBIGranule.encodings, "Resp": PRIResponse.encodings,
    ]
    private static let evt: [String: [Encoding]] = ["CLASS": FaultClass.encodings]

    /// The named encodings of `field` in a layout of `kind`, empty if it has none.
    public static func encodings(kind: DescriptorKind, field: String) -> [Encoding] {
        switch kind {
        case .ste: ste[field] ?? []
        case .cd: cd[field] ?? []
        case .cmd: cmd[field] ?? []
        case .evt: evt[field] ?? []
        case .l1std, .l1cd: []
        }
    }
}
