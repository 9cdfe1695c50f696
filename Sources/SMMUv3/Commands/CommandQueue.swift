import CSMMUv3

/// A command queue in real aligned memory (IHI 0070 §3.5, §6.3.26-28): 2^LOG2SIZE 16-byte
/// entries, base aligned to max(queue size, 32 B); PROD/CONS hold an index in bits
/// [LOG2SIZE-1:0] and a wrap flag at bit LOG2SIZE. Full when the indexes are equal and the wrap
/// flags differ; empty when both are equal. The producer never overwrites an unconsumed entry.
public struct CommandQueue: ~Copyable {
    /// SMMU_CMDQ_BASE.LOG2SIZE: the queue holds 2^log2Size entries (IHI 0070 §6.3.26).
    public let log2Size: Int
    let mem: AlignedMemory
    /// The queue's base address on the bus, as the SMMU sees it (through the ``BusMap``).
    public let baseBus: UInt64
    /// SMMU_CMDQ_BASE: ADDR, LOG2SIZE, RA=1 (IHI 0070 §6.3.26).
    public let cmdqBase: UInt64
    let map: BusMap
    /// SMMU_CMDQ_PROD.WR and SMMU_CMDQ_CONS.RD (index + wrap flag).
    public private(set) var prod: UInt32 = 0
    /// SMMU_CMDQ_CONS.RD: the next entry the consumer reads, with its wrap flag at bit LOG2SIZE (IHI 0070 §6.3.28).
    public private(set) var cons: UInt32 = 0
    /// SMMU_CMDQ_CONS.ERR after the consumer stopped on an illegal command (1 = CERROR_ILL).
    public private(set) var error: UInt32 = 0
    /// The consumer's decodes of the commands it met last, by opcode: a queue carries the same
    /// few commands again and again, and a decode depends only on the two words.
    var decodes = DecodeMemo()

    /// A queue of 2^`log2Size` entries in freshly allocated memory aligned to its size (at least 32 bytes), empty (PROD = CONS = 0).
    ///
    /// - Parameters:
    ///   - log2Size: SMMU_CMDQ_BASE.LOG2SIZE, 0...19 (IHI 0070 §6.3.26; SMMU_IDR1.CMDQS is at most 19).
    ///   - map: where the queue's memory appears on the bus; the queue is unmapped when it is freed.
    /// - Throws: ``TableError/log2Size(_:max:)`` beyond 19, ``TableError/memory(_:)`` if the
    ///   allocation fails, ``TableError/bus(_:)`` if the map refuses the memory. Nothing is left
    ///   allocated or mapped.
    public init(log2Size: Int, map: BusMap = BusMap()) throws(TableError) {
        guard (0...19).contains(log2Size) else { throw .log2Size(log2Size, max: 19) }
        let bytes = 16 << log2Size
        let align = max(bytes, 32)
        let m: AlignedMemory
        do { m = try AlignedMemory(size: max(bytes, 32), alignment: align) } catch { throw .memory(error) }
        let bus: UInt64
        do { bus = try map.map(host: m.base, size: m.size, alignment: align) } catch { throw .bus(error) }
        do {
            cmdqBase = try Registers.encode(Registers.named("CMDQ_BASE"),
                                            [("ADDR", bus), ("LOG2SIZE", UInt64(log2Size)), ("RA", 1)])
        } catch {
            map.unmap(host: m.base)
            throw .format("the command queue cannot be registered: \(error)")
        }
        mem = m
        baseBus = bus
        self.log2Size = log2Size
        self.map = map
    }

    deinit { map.unmap(host: mem.base) }

    var entries: UInt32 { 1 << log2Size }
    var indexMask: UInt32 { entries - 1 }
    var wrapBit: UInt32 { entries }

    /// Empty: PROD and CONS are equal, wrap flags included (IHI 0070 §3.5).
    public var isEmpty: Bool { prod == cons }
    /// Full: the indexes are equal and the wrap flags differ (IHI 0070 §3.5).
    public var isFull: Bool { (prod & indexMask) == (cons & indexMask) && (prod & wrapBit) != (cons & wrapBit) }
    /// Entries written and not yet consumed.
    public var count: Int { Int((prod &- cons) & (2 * entries - 1)) }


    static func advance(_ p: UInt32, _ entries: UInt32) -> UInt32 { (p + 1) & (2 * entries - 1) }

    /// Producer: write the command's two words at PROD, then publish PROD (release: the entry is
    /// visible before the SMMU can see the new PROD). Back-pressure: a full queue is refused.
    ///
    /// - Throws: ``QueueError/full(entries:)``; the queue is unchanged.
    public mutating func push(_ c: CommandQueue.Entry) throws(QueueError) {
        guard !isFull else { throw .full(entries: Int(entries)) }
        write(c)
    }

    /// `push(_:)` into a queue known not to be full.
    mutating func write(_ c: CommandQueue.Entry) {
        let slot = mem.qwords + Int(prod & indexMask) * 2
        smmuv3_store_qword(slot, c.raw.qw.0)
        smmuv3_store_qword(slot + 1, c.raw.qw.1)
        smmuv3_release_barrier()
        prod = Self.advance(prod, entries)
    }

    /// Push a batch, all or nothing: refused whole if it does not fit.
    ///
    /// - Throws: ``QueueError/batchTooLarge(batch:free:)``; the queue is unchanged.
    public mutating func push(batch: [CommandQueue.Entry]) throws(QueueError) {
        guard Int(entries) - count >= batch.count else {
            throw .batchTooLarge(batch: batch.count, free: Int(entries) - count)
        }
        for c in batch { try push(c) }
    }

    /// Consumer (the SMMU's side): read entries from CONS to PROD, decode each, and stop at the
    /// first illegal one as the SMMU does, with CONS left pointing at it and ERR = CERROR_ILL
    /// (§7.1: reserved opcode, CMD_SYNC CS=0b11, SSec=1 on the Non-secure queue, …).
    ///
    /// - Returns: the commands consumed, decoded, and the illegal one it stopped at (nil if it
    ///   reached PROD). Once ERR is set, nothing more is consumed.
    public mutating func drain() -> (commands: [Decoded], error: Decoded?) {
        var out: [Decoded] = []
        out.reserveCapacity(count)
        while !isEmpty && error == 0 {
            let (d, illegal) = decodeAtCons()
            if illegal {
                error = 1
                return (out, d)
            }
            out.append(d)
            cons = Self.advance(cons, entries)
        }
        return (out, nil)
    }

    /// Consumer without the decoded view: consume entries from CONS to PROD exactly as
    /// ``drain()`` does (stopping at the first illegal one, CONS left at it and ERR =
    /// CERROR_ILL), returning only the illegal command, decoded, or nil if it reached PROD.
    /// For a caller that already holds the raw commands (``pending()``).
    ///
    /// - Returns: the illegal command it stopped at, nil if every entry was consumed.
    @discardableResult
    public mutating func consume() -> Decoded? {
        while !isEmpty && error == 0 {
            let slot = mem.qwords + Int(cons & indexMask) * 2
            let w0 = smmuv3_load_qword(slot), w1 = smmuv3_load_qword(slot + 1)
            if decodes.illegal(w0, w1) ?? decode(w0, w1).illegal {
                error = 1
                return decode(w0, w1).decoded
            }
            cons = Self.advance(cons, entries)
        }
        return nil
    }

    /// The decode of the entry at CONS (for the Non-secure queue of an SMMU with the default
    /// features), and whether it is illegal.
    private mutating func decodeAtCons() -> (decoded: Decoded, illegal: Bool) {
        let slot = mem.qwords + Int(cons & indexMask) * 2
        return decode(smmuv3_load_qword(slot), smmuv3_load_qword(slot + 1))
    }

    /// The decode of a command's words and whether it is illegal; the same words decode once
    /// per opcode slot.
    private mutating func decode(_ w0: UInt64, _ w1: UInt64) -> (decoded: Decoded, illegal: Bool) {
        if let hit = decodes.lookup(w0, w1) { return hit }
        let d = Decoded(.cmd, checkedWords: [w0, w1], features: Features())
        let illegal = d.findings.contains(where: { $0.severity == .illegal })
        decodes.remember(w0, w1, d, illegal: illegal)
        return (d, illegal)
    }
}

/// The decodes of the last command seen per opcode slot (opcode mod 8: CFGI_STE, CFGI_CD and
/// CMD_SYNC fall in different slots). A hit needs both words equal, so it is the decode.
struct DecodeMemo {
    /// Per slot: the two words (a slot never filled holds a word 0 whose opcode is not the
    /// slot's, so it matches nothing), whether they are illegal, and their decode.
    private var keys = (0..<8).map { SIMD2<UInt64>(UInt64($0 ^ 1), 0) }
    private var illegals = [Bool](repeating: false, count: 8)
    private var decodes = [Decoded?](repeating: nil, count: 8)

    /// Whether the command is illegal, if its words are the slot's; nil otherwise.
    func illegal(_ w0: UInt64, _ w1: UInt64) -> Bool? {
        let i = Int(w0 & 7)
        return keys[i] == SIMD2(w0, w1) ? illegals[i] : nil
    }

    func lookup(_ w0: UInt64, _ w1: UInt64) -> (decoded: Decoded, illegal: Bool)? {
        let i = Int(w0 & 7)
        guard keys[i] == SIMD2(w0, w1), let d = decodes[i] else { return nil }
        return (d, illegals[i])
    }

    mutating func remember(_ w0: UInt64, _ w1: UInt64, _ d: Decoded, illegal: Bool) {
        let i = Int(w0 & 7)
        keys[i] = SIMD2(w0, w1)
        illegals[i] = illegal
        decodes[i] = d
    }
}

/// Why commands were refused by the queue; nothing was written.
public enum QueueError: Error, Equatable, CustomStringConvertible {
    /// The queue's `entries` are all written and not yet consumed.
    case full(entries: Int)
    /// A batch of `batch` commands does not fit in the `free` entries.
    case batchTooLarge(batch: Int, free: Int)
    /// The message: how many commands, how many entries free.
    public var description: String {
        switch self {
        case let .full(n): "command queue full (\(n) entries): the consumer must catch up first"
        case let .batchTooLarge(b, f): "a batch of \(b) commands does not fit in the \(f) free entries"
        }
    }
}
