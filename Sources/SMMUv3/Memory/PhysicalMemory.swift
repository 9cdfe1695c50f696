#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A regular file mapped read-only: pages are read when a word on them is, so a memory dump
/// of many GB costs only what the walk touches. Unmapped when the last reference goes.
final class MappedFile: @unchecked Sendable {
    // Sendable: every stored property is immutable and the mapping is read-only.
    let path: String
    let base: UnsafeRawPointer
    let size: Int

    init(path: String) throws(MemoryFileError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw MemoryFileError("cannot open \(path): \(MemoryFileError.errnoText())") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw MemoryFileError("cannot stat \(path): \(MemoryFileError.errnoText())") }
        guard st.st_mode & S_IFMT == S_IFREG else { throw MemoryFileError("\(path) is not a regular file") }
        guard st.st_size > 0, let size = Int(exactly: st.st_size) else { throw MemoryFileError("\(path) is empty: no memory in it") }
        guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != UnsafeMutableRawPointer(bitPattern: -1) else {
            throw MemoryFileError("cannot map \(path): \(MemoryFileError.errnoText())")
        }
        self.path = path
        self.base = UnsafeRawPointer(p)
        self.size = size
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), size) }

    /// Little-endian integers at a byte offset the caller has bounds-checked.
    func u64(_ at: Int) -> UInt64 { UInt64(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
    func u32(_ at: Int) -> UInt32 { UInt32(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt32.self)) }
    func u16(_ at: Int) -> UInt16 { UInt16(littleEndian: base.loadUnaligned(fromByteOffset: at, as: UInt16.self)) }
}

/// Why a memory source cannot be read: names the file, the field and the rule.
public struct MemoryFileError: Error, Equatable, CustomStringConvertible {
    /// The message: the file, the field and the rule broken.
    public let description: String
    init(_ d: String) { description = d }
    static func errnoText() -> String { String(cString: strerror(errno)) }
}

/// Physical memory as the SMMU reads it, from dump files: raw files at a base address (QEMU
/// `pmemsave`, a `/dev/mem` slice) and ELF64 cores (QEMU `dump-guest-memory`, a kdump vmcore:
/// each PT_LOAD segment's file bytes at its p_paddr). Files are mapped, never read whole;
/// with the stream-table registers and the features it is a `TableSource`, so the lint, the
/// lookups and the walker read it as they read a saved image.
public struct PhysicalMemory: TableSource {
    /// One run of bytes: `length` bytes of `path` from `offset`, at bus address `bus`.
    public struct Region: Sendable {
        /// The bus address of the region's first byte.
        public let bus: UInt64
        /// The region's length in bytes.
        public let length: UInt64
        /// The file, and for an ELF core which PT_LOAD ("core.elf PT_LOAD 2").
        public let source: String
        let file: MappedFile
        let offset: Int
        /// Never wraps: `init` refuses regions that run past 2^64.
        public var end: UInt64 { bus &+ length }
    }

    /// Sorted by bus address, disjoint.
    public let regions: [Region]
    /// Raw SMMU_STRTAB_BASE (IHI 0070 §6.3.24), as the caller gives it.
    public var strtabBase: UInt64 = 0
    /// Raw SMMU_STRTAB_BASE_CFG (IHI 0070 §6.3.25), as the caller gives it.
    public var strtabBaseCfg: UInt64 = 0
    /// Raw SMMU_IDR1 (IHI 0070 §6.3.2); 0 means not known.
    public var idr1: UInt64 = 0
    /// The SMMU the tables were written for.
    public var features = Features()

    /// One memory file: `base` for a raw file; nil for an ELF core (its PT_LOADs give the
    /// addresses) or for a raw file at 0.
    public struct File: Sendable, Equatable {
        /// The file's path.
        public let path: String
        /// The bus address of a raw file's first byte; nil for an ELF core or a raw file at 0.
        public let base: UInt64?
        /// A memory file at `path`, at `base` if it is a raw file.
        public init(path: String, base: UInt64? = nil) { self.path = path; self.base = base }
    }

    /// Map every file. A file starting with the ELF magic is read as an ELF64 core and may not
    /// be given a base. Overlapping regions are refused, except a region wholly inside another
    /// with the same bytes (a vmcore's kernel-text PT_LOAD repeats part of a RAM one): it is
    /// dropped.
    public init(files: [File]) throws(MemoryFileError) {
        guard !files.isEmpty else { throw MemoryFileError("no memory file given") }
        var all: [Region] = []
        for f in files {
            let m = try MappedFile(path: f.path)
            if m.size >= 4, m.u32(0) == 0x464c_457f {        // "\x7fELF"
                if f.base != nil { throw MemoryFileError("\(f.path) is an ELF core: its PT_LOAD segments give the addresses, drop @BASE") }
                all += try Self.elfRegions(m)
            } else {
                let base = f.base ?? 0
                guard !base.addingReportingOverflow(UInt64(m.size)).overflow else {
                    throw MemoryFileError("\(f.path) at \(hex(base)) (\(m.size) bytes) runs past the end of the 64-bit physical address space")
                }
                all.append(Region(bus: base, length: UInt64(m.size), source: f.path, file: m, offset: 0))
            }
        }
        all.sort { $0.bus != $1.bus ? $0.bus < $1.bus : $0.length > $1.length }
        var kept: [Region] = []
        for r in all {
            guard let last = kept.last, r.bus < last.end else { kept.append(r); continue }
            let inside = r.end <= last.end
            if inside && memcmp(last.file.base + last.offset + Int(r.bus - last.bus), r.file.base + r.offset, Int(r.length)) == 0 {
                continue
            }
            throw MemoryFileError("\(last.source) [\(hex(last.bus))..\(hex(last.end))) and \(r.source) [\(hex(r.bus))..\(hex(r.end))) overlap\(inside ? " with different bytes" : "")")
        }
        regions = kept
    }

    /// The PT_LOAD segments of an ELF64 little-endian core (ELF header: e_phoff at byte 32,
    /// e_shoff 40, e_phentsize 54, e_phnum 56; program header: p_type 0, p_offset 8, p_paddr
    /// 24, p_filesz 32). e_phnum 0xffff (PN_XNUM) takes the count from section 0's sh_info.
    static func elfRegions(_ m: MappedFile) throws(MemoryFileError) -> [Region] {
        let p = m.path
        guard m.size >= 64 else { throw MemoryFileError("\(p): truncated ELF: the ELF header needs 64 bytes, the file has \(m.size)") }
        let cls = m.base.load(fromByteOffset: 4, as: UInt8.self), data = m.base.load(fromByteOffset: 5, as: UInt8.self)
        guard cls == 2 else { throw MemoryFileError("\(p): EI_CLASS \(cls) is not ELFCLASS64 (2): only ELF64 cores are read") }
        guard data == 1 else { throw MemoryFileError("\(p): EI_DATA \(data) is not ELFDATA2LSB (1): only little-endian cores are read") }
        let phoff = m.u64(32), shoff = m.u64(40), phentsize = Int(m.u16(54))
        var phnum = UInt64(m.u16(56))
        guard phentsize >= 56 else { throw MemoryFileError("\(p): e_phentsize \(phentsize) is below the 56 bytes of an ELF64 program header") }
        if phnum == 0xffff {
            guard shoff <= UInt64(m.size), UInt64(m.size) - shoff >= 64 else {
                throw MemoryFileError("\(p): truncated ELF: e_phnum is PN_XNUM but section header 0 at e_shoff \(hex(shoff)) is past the end of the file (\(m.size) bytes)")
            }
            phnum = UInt64(m.u32(Int(shoff) + 44))
        }
        let (table, o1) = phnum.multipliedReportingOverflow(by: UInt64(phentsize))
        let (tableEnd, o2) = phoff.addingReportingOverflow(table)
        guard !o1, !o2, tableEnd <= UInt64(m.size) else {
            throw MemoryFileError("\(p): truncated ELF: \(phnum) program headers of \(phentsize) bytes at e_phoff \(hex(phoff)) run past the end of the file (\(m.size) bytes)")
        }
        var out: [Region] = []
        for i in 0..<Int(phnum) {
            let h = Int(phoff) + i * phentsize
            guard m.u32(h) == 1 else { continue }           // PT_LOAD
            let off = m.u64(h + 8), paddr = m.u64(h + 24), filesz = m.u64(h + 32)
            if filesz == 0 { continue }
            let (end, o) = off.addingReportingOverflow(filesz)
            guard !o, end <= UInt64(m.size) else {
                throw MemoryFileError("\(p): PT_LOAD \(i) claims p_filesz \(hex(filesz)) bytes at p_offset \(hex(off)), past the end of the file (\(m.size) bytes): the core is truncated")
            }
            guard !paddr.addingReportingOverflow(filesz).overflow else {
                throw MemoryFileError("\(p): PT_LOAD \(i) at p_paddr \(hex(paddr)) (\(hex(filesz)) bytes) runs past the end of the 64-bit physical address space")
            }
            out.append(Region(bus: paddr, length: filesz, source: "\(p) PT_LOAD \(i)", file: m, offset: Int(off)))
        }
        guard !out.isEmpty else { throw MemoryFileError("\(p): the ELF has no PT_LOAD segment with bytes in the file: no memory in it") }
        return out
    }

    /// The index of the region holding `bus` (binary search).
    func index(containing bus: UInt64) -> Int? {
        var lo = 0, hi = regions.count
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if regions[mid].bus <= bus { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 && bus < regions[lo - 1].end ? lo - 1 : nil
    }

    /// The region that holds `bus`, as a bus range, nil if no file covers it.
    public func region(containing bus: UInt64) -> (start: UInt64, end: UInt64)? {
        index(containing: bus).map { (regions[$0].bus, regions[$0].end) }
    }

    /// `count` little-endian words at `bus` (8-byte aligned) from one region, nil if any is outside it.
    public func words(at bus: UInt64, count: Int) -> [UInt64]? {
        guard count >= 0, bus % 8 == 0, let i = index(containing: bus) else { return nil }
        let r = regions[i]
        let (bytes, o) = count.multipliedReportingOverflow(by: 8)
        guard !o, UInt64(bytes) <= r.end - bus else { return nil }
        let at = r.offset + Int(bus - r.bus)
        return (0..<count).map { r.file.u64(at + $0 * 8) }
    }

    /// The little-endian word at `bus`, nil if it is outside the files.
    public func load(bus: UInt64) -> UInt64? { words(at: bus, count: 1)?.first }

    /// "the memory files", as findings name the source.
    public var extentName: String { "the memory files" }
}
