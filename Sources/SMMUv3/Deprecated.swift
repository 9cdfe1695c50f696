// The names before the helpers nested into the types they serve. Kept for one tag so that code
// written against them still builds (with a warning naming the new spelling); removed at the
// next tag.

@available(*, deprecated, renamed: "UpdatePlan")
public typealias Plan = UpdatePlan

@available(*, deprecated, renamed: "UpdatePlan.Step")
public typealias Step = UpdatePlan.Step

@available(*, deprecated, renamed: "UpdatePlan.Write")
public typealias Write = UpdatePlan.Write

@available(*, deprecated, renamed: "Planner.Policy")
public typealias Policy = Planner.Policy

@available(*, deprecated, renamed: "Checker.Configuration")
public typealias Configuration = Checker.Configuration

@available(*, deprecated, renamed: "Decoded.Finding")
public typealias Finding = Decoded.Finding

@available(*, deprecated, renamed: "Decoded.Finding.Severity")
public typealias Severity = Decoded.Finding.Severity

@available(*, deprecated, renamed: "DescriptorLayout")
public typealias Layout = DescriptorLayout

@available(*, deprecated, renamed: "DescriptorLayout")
public typealias Layouts = DescriptorLayout

@available(*, deprecated, renamed: "DescriptorLayout.Field")
public typealias Field = DescriptorLayout.Field

@available(*, deprecated, renamed: "CommandQueue.Entry")
public typealias Command = CommandQueue.Entry
