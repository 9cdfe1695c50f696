extension RuleTable {
    /// The STE's rules (IHI 0070 §5.2), in the spec's order.
    public static let ste = RuleTable(kind: .ste, rules: [], ignored: [])
}
