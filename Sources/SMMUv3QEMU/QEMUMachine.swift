import Foundation
import SMMUv3

/// The command queue stopped: CMDQ_CONS.ERR and GERROR as QEMU left them (IHI 0070 §7.1).
public struct CommandQueueStop: Sendable, Hashable, CustomStringConvertible {
    /// CMDQ_CONS.ERR: 1 CERROR_ILL, 2 CERROR_ABT, 3 CERROR_ATC_INV_SYNC.
    public let cerror: UInt32
    /// SMMU_GERROR as QEMU left it (IHI 0070 §6.3.15).
    public let gerror: UInt32
    /// The command at CONS, the one refused.
    public let command: [UInt64]
    /// The spec's name of the error code: CERROR_NONE, CERROR_ILL, CERROR_ABT or CERROR_ATC_INV_SYNC (IHI 0070 §7.1).
    public var cerrorName: String {
        switch cerror {
        case 0: "CERROR_NONE"
        case 1: "CERROR_ILL"
        case 2: "CERROR_ABT"
        case 3: "CERROR_ATC_INV_SYNC"
        default: "CERROR_\(cerror)"
        }
    }
    /// One line: the error code, GERROR and the refused command's words.
    public var description: String {
        "command queue stopped: CMDQ_CONS.ERR=\(cerror) (\(cerrorName)) GERROR=\(hex32(gerror)) at \(command.map { hex16($0) }.joined(separator: " "))"
    }
}

/// QEMU's virt machine with its SMMUv3 brought up by the harness, and edu devices as DMA
/// masters. The SMMU is programmed from the project's register layouts; tables are whatever
/// the caller writes into guest RAM.
public final class QEMUMachine: @unchecked Sendable {
    /// The running QEMU, driven over `-qtest stdio`.
    public let process: QEMUProcess
    /// What was started.
    public let config: MachineConfig
    /// The ID registers QEMU's SMMU reported at bring-up.
    public let ids: QEMUSMMUIDs
    /// QEMU's version, as it reports it.
    public let version: String
    /// edu BAR0 by StreamID.
    public private(set) var bars: [UInt32: UInt64] = [:]
    /// The command queue's SMMU_CMDQ_BASE.LOG2SIZE: 256 entries.
    public let cmdqLog2Size = 8
    /// The event queue's SMMU_EVENTQ_BASE.LOG2SIZE: 128 records.
    public let eventqLog2Size = 7
    private var cmdqProd: UInt32 = 0
    private var events: EventQueueConsumer
    /// The next free byte of each edu device's buffer (a tag per DMA).
    private var bufferNext: [UInt32: Int] = [:]
    /// How long to wait for CONS, for an edu DMA.
    public var syncSeconds = 2.0
    /// How long to wait for an edu DMA to complete.
    public var dmaSeconds = 3.0

    /// edu's DMA buffer window and registers (QEMU hw/misc/edu.c).
    static let eduBuffer: UInt64 = 0x40000
    /// edu's buffer is 4096 bytes, but QEMU 7.2's range check wants the end strictly inside
    /// it (a DMA reaching 0x41000 kills QEMU with a hardware error): the harness uses 4092.
    public static let eduBufferSize = 4092
    static let eduSrc: UInt64 = 0x80, eduDst: UInt64 = 0x88, eduCount: UInt64 = 0x90, eduCmd: UInt64 = 0x98

    /// Start QEMU and bring the SMMU up with an empty stream table at `strtabBase` / `strtabBaseCfg`
    /// (program them again with `setStreamTable` once the tables exist).
    public init(_ config: MachineConfig) throws(QEMUError) {
        self.config = config
        let v = try QEMULocator.version(of: config.qemu)
        version = v.text
        process = try QEMUProcess(path: config.qemu, arguments: config.arguments,
                                  probe: "readl \(hexa(VirtMap.smmuBase + Reg.idr0))")
        events = EventQueueConsumer(log2Size: eventqLog2Size)
        do {
            let proc = process
            let r = { (o: UInt64) throws(QEMUError) -> UInt32 in try proc.readl(VirtMap.smmuBase + o) }
            ids = QEMUSMMUIDs(idr0: try r(Reg.idr0), idr1: try r(Reg.idr1), idr3: try r(Reg.idr3),
                              idr5: try r(Reg.idr5), aidr: try r(Reg.aidr))
            guard ids.idr0 != 0 else { throw QEMUError.machine("SMMU_IDR0 reads 0 at \(hexa(VirtMap.smmuBase)): no SMMUv3 (is iommu=smmuv3 supported by this QEMU?)") }
            try setUpEdus()
            try bringUp()
        } catch let e as QEMUError {
            process.close()
            throw e
        } catch {
            process.close()
            throw .machine("\(error)")
        }
    }

    deinit { process.close() }
    /// Stops QEMU.
    public func close() { process.close() }

    func smmuR(_ o: UInt64) throws(QEMUError) -> UInt32 { try process.readl(VirtMap.smmuBase + o) }
    func smmuW(_ o: UInt64, _ v: UInt32) throws(QEMUError) { try process.writel(VirtMap.smmuBase + o, v) }
    func smmuWQ(_ o: UInt64, _ v: UInt64) throws(QEMUError) { try process.writeq(VirtMap.smmuBase + o, v) }

    /// Number the root ports' buses and open their memory windows, then give every edu device
    /// its BAR0 (1 MB apart from 0x1000_0000) and enable memory space and bus mastering.
    private func setUpEdus() throws(QEMUError) {
        let ports = try config.rootPorts.get()
        let barOf = { (i: Int) -> UInt64 in VirtMap.barBase + UInt64(i) << 20 }
        for rp in ports {
            let cfg = VirtMap.ecam + UInt64(rp.devfn) << 12
            // Primary 0, secondary = subordinate = the bus (PCI bridge header, 0x18-0x1a).
            try process.writel(cfg + 0x18, rp.bus << 8 | rp.bus << 16)
            let mine = config.eduSIDs.enumerated().filter { $0.element >> 8 == rp.bus }.map { barOf($0.offset) }
            if let lo = mine.min(), let hi = mine.max() {
                // Memory base/limit (0x20/0x22): address bits [31:20] in bits [15:4].
                let base = UInt32((lo >> 16) & 0xfff0), limit = UInt32((hi >> 16) & 0xfff0)
                try process.writel(cfg + 0x20, base | limit << 16)
            }
            try process.writew(cfg + 0x04, 0x6)   // memory space + bus master
        }
        for (i, sid) in config.eduSIDs.enumerated() {
            let cfg = VirtMap.ecam + UInt64(sid & 0xffff) << 12
            let id = try process.readl(cfg)
            guard id == 0x11e8_1234 else {
                throw .machine("no edu device at bus \(sid >> 8) devfn \(hexa(UInt64(sid & 0xff))): vendor/device reads \(hex32(id))")
            }
            let bar = barOf(i)
            try process.writel(cfg + 0x10, UInt32(truncatingIfNeeded: bar))
            try process.writew(cfg + 0x04, 0x6)   // memory space + bus master
            let ident = try process.readl(bar)
            guard ident & 0xff == 0xed else { throw .machine("edu at StreamID \(hexa(UInt64(sid))) answers \(hex32(ident)) at BAR0") }
            bars[sid] = bar
            bufferNext[sid] = 0
        }
    }

    /// The tag in edu buffer word `k` of device number `dev`: unique per DMA.
    static func bufferTag(device: Int, word k: Int) -> UInt32 { 0xe000_0000 | UInt32(device & 0xffff) << 12 | UInt32(k & 0xfff) }

    /// README bring-up: queues, then CR0 = CMDQEN|EVENTQEN, then |SMMUEN.
    private func bringUp() throws(QEMUError) {
        // The queue bases: LOG2SIZE in [4:0], ADDR in [55:5].
        try smmuWQ(Reg.cmdqBase, VirtMap.commandQueue | UInt64(cmdqLog2Size))
        try smmuW(Reg.cmdqProd, 0)
        try smmuW(Reg.cmdqCons, 0)
        try smmuWQ(Reg.eventqBase, VirtMap.eventQueue | UInt64(eventqLog2Size))
        try smmuW(Reg.eventqProd, 0)
        try smmuW(Reg.eventqCons, 0)
        try smmuW(Reg.cr1, 0)
        try smmuW(Reg.cr2, 0)
        try setCR0(Reg.cmdqen | Reg.eventqen)
        try setCR0(Reg.cmdqen | Reg.eventqen | Reg.smmuen)
    }

    private var buffersLoaded = false

    /// Fill every edu buffer with its tags, once, before the first DMA: with SMMUEN=0 (GBPA is
    /// not modelled, so DMA passes untranslated), then SMMUEN set again. One edu timer for all.
    func loadBuffers() throws(QEMUError) {
        guard !buffersLoaded else { return }
        buffersLoaded = true
        try setCR0(Reg.cmdqen | Reg.eventqen)
        var pending: [UInt32] = []
        for (i, sid) in config.eduSIDs.enumerated() {
            let page = VirtMap.scratch + UInt64(i) << 12
            var bytes = [UInt8](repeating: 0, count: Self.eduBufferSize)
            for k in 0..<(Self.eduBufferSize / 4) {
                let t = Self.bufferTag(device: i, word: k)
                for b in 0..<4 { bytes[k * 4 + b] = UInt8(truncatingIfNeeded: t >> (8 * UInt32(b))) }
            }
            try process.write(page, bytes)
            try startDMA(sid: sid, src: page, dst: Self.eduBuffer, count: Self.eduBufferSize, toMemory: false)
            pending.append(sid)
        }
        try waitDMAs(pending, what: "loading the edu buffers")
        try setCR0(Reg.cmdqen | Reg.eventqen | Reg.smmuen)
    }

    func setCR0(_ v: UInt32) throws(QEMUError) {
        try smmuW(Reg.cr0, v)
        let deadline = Date().addingTimeInterval(syncSeconds)
        while try smmuR(Reg.cr0ack) != v {
            if Date() > deadline { throw .smmu("CR0ACK did not reach \(hex32(v)) (reads \(hex32(try smmuR(Reg.cr0ack))))") }
            usleep(500)
        }
    }

    /// Point the SMMU at a stream table (STRTAB_BASE and STRTAB_BASE_CFG, written with SMMUEN=0
    /// as §6.3.24 requires, then SMMUEN set again).
    public func setStreamTable(base: UInt64, cfg: UInt64) throws(QEMUError) {
        try setCR0(Reg.cmdqen | Reg.eventqen)
        try smmuWQ(Reg.strtabBase, base)
        try smmuW(Reg.strtabBaseCfg, UInt32(truncatingIfNeeded: cfg))
        try setCR0(Reg.cmdqen | Reg.eventqen | Reg.smmuen)
    }

    // MARK: the command queue

    var cmdqEntries: UInt32 { 1 << UInt32(cmdqLog2Size) }
    var cmdqWrapMask: UInt32 { (cmdqEntries << 1) - 1 }

    /// Write `commands` (2 words each) into the guest ring, bump PROD, and wait until CONS
    /// reaches it. Returns nil, or how the queue stopped (after recovering it as the README
    /// says: the refused entry overwritten with CMD_SYNC, then GERRORN acknowledged).
    public func submit(_ commands: [[UInt64]]) throws(QEMUError) -> CommandQueueStop? {
        var rest = commands[...]
        while !rest.isEmpty {
            let chunk = rest.prefix(Int(cmdqEntries) - 1)
            rest = rest.dropFirst(chunk.count)
            var prod = cmdqProd
            for c in chunk {
                let slot = VirtMap.commandQueue + UInt64(prod & (cmdqEntries - 1)) * 16
                try process.writeq(slot, c.first ?? 0)
                try process.writeq(slot + 8, c.count > 1 ? c[1] : 0)
                prod = (prod + 1) & cmdqWrapMask
            }
            cmdqProd = prod
            try smmuW(Reg.cmdqProd, prod)
            if let stop = try waitConsumed() { return stop }
        }
        return nil
    }

    /// Wait until CONS reaches PROD. The queue has stopped when GERROR.CMDQ_ERR differs from
    /// GERRORN.CMDQ_ERR (§7.1); CMDQ_CONS.ERR then says why (it is not cleared afterwards, so
    /// it is read only then). Recovery, once: the refused entry becomes CMD_SYNC, GERRORN is
    /// acknowledged, and the queue must then drain.
    private func waitConsumed() throws(QEMUError) -> CommandQueueStop? {
        var stop: CommandQueueStop?
        var deadline = Date().addingTimeInterval(syncSeconds)
        while true {
            let cons = try smmuR(Reg.cmdqCons)
            let g = try smmuR(Reg.gerror), gn = try smmuR(Reg.gerrorn)
            if (g ^ gn) & Reg.cmdqErr != 0 {
                guard stop == nil else {
                    throw .smmu("the command queue stopped again after recovery: CMDQ_CONS=\(hex32(cons)) GERROR=\(hex32(g))")
                }
                let slot = VirtMap.commandQueue + UInt64(cons & (cmdqEntries - 1)) * 16
                let cmd = try process.readQwords(slot, count: 2)
                stop = CommandQueueStop(cerror: (cons >> 24) & 0x7f, gerror: g, command: cmd)
                try process.writeq(slot, CommandQueue.Entry.sync().words[0])
                try process.writeq(slot + 8, CommandQueue.Entry.sync().words[1])
                try smmuW(Reg.gerrorn, gn ^ Reg.cmdqErr)
                deadline = Date().addingTimeInterval(syncSeconds)
                continue
            }
            if cons & cmdqWrapMask == cmdqProd { return stop }
            if Date() > deadline {
                throw .smmu("CMDQ_CONS stayed at \(hexa(UInt64(cons))) with PROD at \(hexa(UInt64(cmdqProd))) for \(syncSeconds) s")
            }
            usleep(200)
        }
    }

    // MARK: the event queue

    /// Take every event record QEMU wrote since the last call (and acknowledge an overflow).
    public func takeEvents() throws(QEMUError) -> (events: [DecodedEvent], overflowed: Bool) {
        let prod = try smmuR(Reg.eventqProd)
        let batch = try events.consume(prod: prod) { (i: UInt32) throws(QEMUError) -> [UInt64] in
            try process.readQwords(VirtMap.eventQueue + UInt64(i) * 32, count: 4)
        }
        try smmuW(Reg.eventqCons, batch.consRegister)
        return (batch.records.map(DecodedEvent.init(words:)), batch.overflowed)
    }

    /// SMMU_GERROR and SMMU_GERRORN as they are now (IHI 0070 §6.3); an error is active where
    /// their bits differ.
    public func gerror() throws(QEMUError) -> (gerror: UInt32, gerrorn: UInt32) {
        (try smmuR(Reg.gerror), try smmuR(Reg.gerrorn))
    }

    // MARK: edu DMA

    func startDMA(sid: UInt32, src: UInt64, dst: UInt64, count: Int, toMemory: Bool) throws(QEMUError) {
        guard let bar = bars[sid] else { throw .unsupported("no edu device for StreamID \(hexa(UInt64(sid)))") }
        try process.writeq(bar + Self.eduSrc, src)
        try process.writeq(bar + Self.eduDst, dst)
        try process.writeq(bar + Self.eduCount, UInt64(count))
        try process.writeq(bar + Self.eduCmd, toMemory ? 3 : 1)
    }

    /// Wait for every listed device's DMA (edu fires from a ~100 ms timer: poll CMD bit 0).
    func waitDMAs(_ sids: [UInt32], what: String) throws(QEMUError) {
        let deadline = Date().addingTimeInterval(dmaSeconds)
        var left = Set(sids)
        while !left.isEmpty {
            usleep(5000)
            for sid in left.sorted() {
                guard let bar = bars[sid] else { continue }
                if try process.readq(bar + Self.eduCmd) & 1 == 0 { left.remove(sid) }
            }
            if !left.isEmpty && Date() > deadline {
                throw .smmu("edu DMA did not complete within \(dmaSeconds) s while \(what)")
            }
        }
    }

    /// A DMA the edu device of `sid` performs, with the bytes it carries.
    public struct DMA: Sendable {
        /// The edu device's StreamID.
        public let sid: UInt32
        /// The address the device issues.
        public let iova: UInt64
        /// True for a DMA into memory, false for one from memory.
        public let write: Bool
        /// The length in bytes (at most ``QEMUMachine/eduBufferSize``).
        public let length: Int
        /// Where the data should land (a write) or come from (a read) in guest RAM: the PA the
        /// project predicts, the IOVA itself for bypass.
        public let watch: UInt64
        /// A DMA; `watch` nil watches the IOVA itself.
        public init(sid: UInt32, iova: UInt64, write: Bool, length: Int, watch: UInt64? = nil) {
            self.sid = sid
            self.iova = iova
            self.write = write
            self.length = length
            self.watch = watch ?? iova
        }
    }

    /// For a write: the buffer bytes it carries (its tag). For a read: the bytes the harness put
    /// in memory for it to fetch, and where they went in the device buffer.
    public struct Started: Sendable {
        /// The DMA started.
        public let dma: DMA
        /// The bytes the DMA carries: the buffer's for a write, the memory's for a read.
        public let tag: [UInt8]
        /// The offset in the device buffer the DMA uses.
        public let bufferOffset: Int
    }

    /// Claim `length` bytes of the device buffer for one DMA; its current content is the tag.
    func claimBuffer(_ sid: UInt32, _ length: Int) throws(QEMUError) -> (offset: Int, tag: [UInt8]) {
        guard let dev = config.eduSIDs.firstIndex(of: sid), let next = bufferNext[sid] else {
            throw .unsupported("no edu device for StreamID \(hexa(UInt64(sid)))")
        }
        guard (1...Self.eduBufferSize).contains(length) else {
            throw .unsupported("a DMA of \(length) bytes: edu's buffer holds 1-\(Self.eduBufferSize)")
        }
        let rounded = (length + 3) & ~3
        let offset = next + rounded <= Self.eduBufferSize ? next : 0
        bufferNext[sid] = offset + rounded
        var tag: [UInt8] = []
        for k in 0..<(rounded / 4) {
            let t = Self.bufferTag(device: dev, word: offset / 4 + k)
            for b in 0..<4 { tag.append(UInt8(truncatingIfNeeded: t >> (8 * UInt32(b)))) }
        }
        return (offset, Array(tag.prefix(length)))
    }

    /// Run DMAs on different devices at once (one edu timer for all) and return what each carried.
    public func run(_ dmas: [DMA], memoryTag: (DMA) -> [UInt8]) throws(QEMUError) -> [Started] {
        try loadBuffers()
        var started: [Started] = []
        for d in dmas {
            let (offset, bufTag) = try claimBuffer(d.sid, d.length)
            if d.write {
                try startDMA(sid: d.sid, src: Self.eduBuffer + UInt64(offset), dst: d.iova, count: d.length, toMemory: true)
                started.append(Started(dma: d, tag: bufTag, bufferOffset: offset))
            } else {
                let t = memoryTag(d)
                try process.write(d.watch, t)
                started.append(Started(dma: d, tag: t, bufferOffset: offset))
                try startDMA(sid: d.sid, src: d.iova, dst: Self.eduBuffer + UInt64(offset), count: d.length, toMemory: false)
            }
        }
        try waitDMAs(dmas.map(\.sid), what: "running \(dmas.count) DMA\(dmas.count == 1 ? "" : "s")")
        return started
    }

    /// The bytes in an edu buffer: copied out to the device's scratch page with SMMUEN=0
    /// (untranslated), then SMMUEN set again.
    public func bufferBytes(sid: UInt32, offset: Int, count: Int) throws(QEMUError) -> [UInt8] {
        guard let dev = config.eduSIDs.firstIndex(of: sid) else { throw .unsupported("no edu device for StreamID \(hexa(UInt64(sid)))") }
        let page = VirtMap.scratch + UInt64(dev) << 12
        try setCR0(Reg.cmdqen | Reg.eventqen)
        try startDMA(sid: sid, src: Self.eduBuffer + UInt64(offset), dst: page, count: count, toMemory: true)
        try waitDMAs([sid], what: "reading the edu buffer back")
        try setCR0(Reg.cmdqen | Reg.eventqen | Reg.smmuen)
        return try process.read(page, count: count)
    }
}
