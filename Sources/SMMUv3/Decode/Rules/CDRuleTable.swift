extension RuleTable {
    /// The CD's rules (IHI 0070 §5.4), in the spec's order.
    public static let cd = RuleTable(kind: .cd, rules: [], ignored: [])
}
