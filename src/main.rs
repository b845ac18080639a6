//! The `gridbook` binary: everything lives in the library.

fn main() -> std::process::ExitCode {
    gridbook::cli::main()
}
