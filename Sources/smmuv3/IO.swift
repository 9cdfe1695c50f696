#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import SMMUv3

/// Standard error, unbuffered (file descriptor 2).
func writeErr(_ s: String) {
    var bytes = Array(s.utf8)
    writeAll(fd: 2, &bytes)
}

private func writeAll(fd: Int32, _ bytes: inout [UInt8]) {
    var off = 0
    while off < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + off, $0.count - off) }
        if n <= 0 { if errno == EINTR { continue } else { return } }
        off += n
    }
}

/// Bytes of a file, or of standard input for "-".
func readAll(path: String) throws(InputError) -> [UInt8] {
    let fd: Int32 = path == "-" ? 0 : open(path, O_RDONLY)
    guard fd >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
    defer { if fd != 0 { close(fd) } }
    var out: [UInt8] = []
    var buf = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = buf.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n < 0 {
            if errno == EINTR { continue }
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
        if n == 0 { break }
        out.append(contentsOf: buf[0..<n])
    }
    return out
}

/// Raw bytes to standard output (for `--format bin`).
func writeBytes(_ bytes: [UInt8]) {
    var b = bytes
    writeAll(fd: 1, &b)
}

func isStdinTerminal() -> Bool { isatty(0) != 0 }

/// A minimal JSON string escape.
func jsonString(_ s: String) -> String {
    var o = "\""
    for c in s.unicodeScalars {
        switch c {
        case "\"": o += "\\\""
        case "\\": o += "\\\\"
        case "\n": o += "\\n"
        case "\t": o += "\\t"
        default:
            if c.value < 0x20 { o += "\\u" + String(repeating: "0", count: 4 - String(c.value, radix: 16).count) + String(c.value, radix: 16) }
            else { o.unicodeScalars.append(c) }
        }
    }
    return o + "\""
}

/// Write a whole file (created or truncated).
func writeFile(_ path: String, _ bytes: [UInt8]) throws(InputError) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else { throw .unwritable(path: path, reason: String(cString: strerror(errno))) }
    defer { close(fd) }
    var off = 0
    while off < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + off, $0.count - off) }
        if n < 0 { if errno == EINTR { continue }; throw .unwritable(path: path, reason: String(cString: strerror(errno))) }
        off += n
    }
}
