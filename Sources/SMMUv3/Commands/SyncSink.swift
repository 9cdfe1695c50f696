import CSMMUv3

/// The command side of the sync sink: owed invalidations become CFGI_* commands and CMD_SYNC in
/// the real ring.
extension CommandQueue {
    /// Free entries (2^LOG2SIZE minus the entries written and not yet consumed).
    public var free: Int { Int(entries) - count }

    /// The commands one sync point owes: one per owed invalidation, then CMD_SYNC (CS=SEV).
    public static func batch(_ owed: [Invalidation]) throws(EncodeError) -> [CommandQueue.Entry] {
        var batch: [CommandQueue.Entry] = []
        batch.reserveCapacity(owed.count + 1)
        for i in owed { batch.append(try CommandQueue.Entry(i)) }
        batch.append(.sync())
        return batch
    }

    /// The sync sink: one command per owed invalidation, then CMD_SYNC, pushed as one batch (all
    /// or nothing). Use it as `{ try queue.sync($0) }`; the consumer is whoever drains the ring.
    ///
    /// - Throws: ``EncodeError`` if an invalidation cannot be encoded, ``QueueError`` if the
    ///   batch does not fit; nothing is pushed.
    public mutating func sync(_ owed: [Invalidation]) throws {
        // Refusals first, in the order `batch` + `push(batch:)` gives them; then the stores.
        for i in owed where !Self.fits(i) { _ = try CommandQueue.Entry(i) }
        let n = owed.count + 1
        guard n <= free else { throw QueueError.batchTooLarge(batch: n, free: free) }
        for i in owed {
            switch i {
            case let .cfgiSTE(sid, leaf): write(.cfgiSTE(sid: sid, leaf: leaf))
            case let .cfgiCD(sid, ssid, leaf): write(.cfgiCDFitting(sid: sid, ssid: ssid, leaf: leaf))
            }
        }
        write(.sync())
    }

    /// The invalidation's command can be encoded (its SubstreamID fits the field).
    static func fits(_ i: Invalidation) -> Bool {
        switch i {
        case .cfgiSTE: true
        case let .cfgiCD(_, ssid, _): CommandFields.cfgiCDSSID.fits(UInt64(ssid))
        }
    }

    /// The batches the invalidations in `events` owe, in order: each run of `.invalidate`
    /// events is one sync point (its commands, then CMD_SYNC).
    public static func batches(_ events: [TableEvent]) throws(EncodeError) -> [[CommandQueue.Entry]] {
        var out: [[CommandQueue.Entry]] = []
        var owed: [Invalidation] = []
        for e in events {
            switch e {
            case .store:
                if !owed.isEmpty { out.append(try batch(owed)); owed = [] }
            case let .invalidate(i):
                owed.append(i)
            }
        }
        if !owed.isEmpty { out.append(try batch(owed)) }
        return out
    }

    /// The log → queue drain: take every event `log` holds and push the commands its owed
    /// invalidations need (per run of invalidations: CFGI_* each, then CMD_SYNC), in log order.
    /// All or nothing: if the commands do not fit in the free entries (`QueueError`) or one
    /// cannot be encoded, nothing is pushed and the log keeps every event. Returns the events
    /// taken, for a rig that replays the stores beside the commands.
    ///
    /// - Throws: ``QueueError/batchTooLarge(batch:free:)`` or ``EncodeError``, with the queue
    ///   and the log unchanged.
    @discardableResult
    public mutating func issue(_ log: UpdateLog) throws -> [TableEvent] {
        try log.drain { (events: [TableEvent]) throws -> [TableEvent] in
            let all = try Self.batches(events)
            let total = all.reduce(0) { $0 + $1.count }
            guard total <= free else { throw QueueError.batchTooLarge(batch: total, free: free) }
            for b in all { try push(batch: b) }
            return events
        }
    }

    /// The commands written and not yet consumed, from CONS to PROD, without consuming them
    /// (what a sync callback is handed before the engine consumes them for it).
    public func pending() -> [CommandQueue.Entry] {
        var out: [CommandQueue.Entry] = []
        out.reserveCapacity(count)
        var c = cons
        while c != prod {
            let slot = mem.qwords + Int(c & indexMask) * 2
            var raw = smmuv3_cmd()
            raw.qw.0 = smmuv3_load_qword(slot)
            raw.qw.1 = smmuv3_load_qword(slot + 1)
            out.append(CommandQueue.Entry(raw: raw))
            c = Self.advance(c, entries)
        }
        return out
    }
}
