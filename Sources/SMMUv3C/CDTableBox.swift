import SMMUv3

/// A CD table in a class, so that the engine's map of StreamID to CD table can hold one
/// (`CDTable` is ~Copyable).
final class CDTableBox {
    var table: CDTable
    init(_ t: consuming CDTable) { table = t }
}
