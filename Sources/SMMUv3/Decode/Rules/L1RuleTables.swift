extension RuleTable {
    /// The L1STD's rules (IHI 0070 §5.1).
    public static let l1std = RuleTable(kind: .l1std, rules: [], ignored: [])
    /// The L1CD's rules (IHI 0070 §5.3).
    public static let l1cd = RuleTable(kind: .l1cd, rules: [], ignored: [])
}
