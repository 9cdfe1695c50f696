/// A level-2 array (STEs or CDs) in its own memory, aligned to its size, mapped on the bus;
/// unmapped and freed when the last table holding it goes away. If anything fails before the
/// caller publishes it, dropping it undoes the allocation and the mapping.
final class TableLeaf {
    let mem: AlignedMemory
    let bus: UInt64
    let map: BusMap

    /// `fill` writes the initial contents before the leaf gets a bus address (nothing can
    /// observe it yet, so plain stores are fine).
    /// `zeroed: false` when `fill` writes every byte.
    init(bytes: Int, map: BusMap, zeroed: Bool = true, fill: (borrowing AlignedMemory) -> Void) throws(TableError) {
        let mem: AlignedMemory
        do { mem = try AlignedMemory(size: bytes, alignment: bytes, zeroed: zeroed) } catch { throw .memory(error) }
        fill(mem)
        let bus: UInt64
        do { bus = try map.map(host: mem.base, size: bytes, alignment: bytes) } catch { throw .bus(error) }
        self.mem = mem
        self.bus = bus
        self.map = map
    }

    deinit { map.unmap(host: mem.base) }
}
