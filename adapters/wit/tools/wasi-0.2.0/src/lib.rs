// Empty: this crate only pins the files of its dependencies (see Cargo.toml).
