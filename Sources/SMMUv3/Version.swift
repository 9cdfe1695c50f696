/// The package's version, as `smmuv3 --version` prints it.
public let packageVersion = "0.1.0"
