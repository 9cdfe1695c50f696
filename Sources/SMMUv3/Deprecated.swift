// The names before the helpers nested into the types they serve. Kept for one tag so that code
// written against them still builds (with a warning naming the new spelling); removed at the
// next tag.

/// The old name of ``UpdatePlan``; use that name.
@available(*, deprecated, renamed: "UpdatePlan")
public typealias Plan = UpdatePlan

/// The old name of ``UpdatePlan/Step``; use that name.
@available(*, deprecated, renamed: "UpdatePlan.Step")
public typealias Step = UpdatePlan.Step

/// The old name of ``UpdatePlan/Write``; use that name.
@available(*, deprecated, renamed: "UpdatePlan.Write")
public typealias Write = UpdatePlan.Write

/// The old name of ``Planner/Policy``; use that name.
@available(*, deprecated, renamed: "Planner.Policy")
public typealias Policy = Planner.Policy

/// The old name of ``Checker/Configuration``; use that name.
@available(*, deprecated, renamed: "Checker.Configuration")
public typealias Configuration = Checker.Configuration

/// The old name of ``Decoded/Finding``; use that name.
@available(*, deprecated, renamed: "Decoded.Finding")
public typealias Finding = Decoded.Finding

/// The old name of ``Decoded/Finding/Severity``; use that name.
@available(*, deprecated, renamed: "Decoded.Finding.Severity")
public typealias Severity = Decoded.Finding.Severity

/// The old name of ``DescriptorLayout``; use that name.
@available(*, deprecated, renamed: "DescriptorLayout")
public typealias Layout = DescriptorLayout

/// The old name of ``DescriptorLayout``; use that name.
@available(*, deprecated, renamed: "DescriptorLayout")
public typealias Layouts = DescriptorLayout

/// The old name of ``DescriptorLayout/Field``; use that name.
@available(*, deprecated, renamed: "DescriptorLayout.Field")
public typealias Field = DescriptorLayout.Field

/// The old name of ``CommandQueue/Entry``; use that name.
@available(*, deprecated, renamed: "CommandQueue.Entry")
public typealias Command = CommandQueue.Entry
