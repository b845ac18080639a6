//! Writes what a package ships beside the binary, generated from the clap definitions of
//! `gridbook::cli::Cli` so they never drift from the real options: the man pages (`gridbook.1`,
//! with the environment and files gridbook uses, and one page per subcommand, such as
//! `gridbook-roster-import.1`) and the bash, zsh and fish completions. `scripts/package-deb.sh`
//! runs it.
//!
//! Usage: `cargo run --example package_assets -- OUT_DIR`, which writes
//! `OUT_DIR/man/*.1` and `OUT_DIR/completions/{gridbook.bash,_gridbook,gridbook.fish}`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;
use clap_mangen::Man;
use gridbook::cli::Cli;

/// What the main page says beyond `--help`.
const DESCRIPTION: &str = "gridbook is a notebook for the rounds of a community grid worker \
(网格员), in the terminal: households, door-to-door visits and their four questions, \
residents' requests followed around their closed loop, and the figures and ledgers the office \
asks for. Everything is kept on this computer in one SQLite file that works offline and syncs \
with the community office and other workers by exchanging encrypted, signed files.\n\n\
Run gridbook with no command to open the interface on your database; gridbook demo opens a \
separate demo database to try it on. gridbook doctor says where your files are and whether \
they and the terminal are set up well.";

/// Extra sections of the main page, in roff.
const SECTIONS: &str = r#".SH ENVIRONMENT
.TP
\fBGRIDBOOK_DB\fR
The database file, instead of the default (\fB\-\-db\fR wins over it).
.TP
\fBGRIDBOOK_CONFIG_DIR\fR
The config folder, instead of the default.
.TP
\fBLANGUAGE\fR, \fBLC_ALL\fR, \fBLC_MESSAGES\fR, \fBLANG\fR
The interface language (Chinese or English) when neither \fB\-\-lang\fR nor the config's
\fBlanguage\fR gives one. Chinese shows only in a UTF\-8 locale, such as zh_CN.UTF\-8.
.SH FILES
.TP
\fI~/.local/share/gridbook/gridbook.db\fR
The database (\fBdemo.db\fR beside it holds the demo).
.TP
\fI~/.config/gridbook/config.toml\fR
Settings: your name, your grids, the language, key bindings, visit policy.
.TP
\fI~/.config/gridbook/devices/\fR
This computer's identity and keys for each database, readable by you alone. They are never
in the database, so a copied database does not carry them.
.PP
Files and folders gridbook makes are readable by their owner only.
\fBgridbook doctor\fR shows the paths in use and their permissions.
.SH EXIT STATUS
0 on success; 1 on an error, with one line on standard error saying what to do (for
\fBdoctor\fR: something needs doing); 2 on bad usage.
"#;

fn main() -> ExitCode {
    let Some(out) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("usage: package_assets OUT_DIR");
        return ExitCode::from(2);
    };
    match write_assets(&out) {
        Ok(files) => {
            for f in files {
                println!("{}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("package_assets: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Writes the man pages and completions under `out`; returns the files written.
pub fn write_assets(out: &Path) -> std::io::Result<Vec<PathBuf>> {
    let man_dir = out.join("man");
    let completions = out.join("completions");
    std::fs::create_dir_all(&man_dir)?;
    std::fs::create_dir_all(&completions)?;
    let mut cmd = Cli::command().disable_help_subcommand(true);
    // Names the subcommands `gridbook-roster-import` and so on.
    cmd.build();
    let main_page = man_dir.join("gridbook.1");
    std::fs::write(&main_page, main_page_text(cmd.clone())?)?;
    let mut written = vec![main_page];
    subcommand_pages(&cmd, &man_dir, &mut written)?;

    for (shell, name) in [
        (Shell::Bash, "gridbook.bash"),
        (Shell::Zsh, "_gridbook"),
        (Shell::Fish, "gridbook.fish"),
    ] {
        let path = completions.join(name);
        let mut file = std::fs::File::create(&path)?;
        clap_complete::generate(shell, &mut cmd.clone(), "gridbook", &mut file);
        file.flush()?;
        written.push(path);
    }
    Ok(written)
}

/// One page per subcommand, nested ones too (`gridbook-roster-import.1`).
fn subcommand_pages(
    cmd: &clap::Command,
    dir: &Path,
    written: &mut Vec<PathBuf>,
) -> std::io::Result<()> {
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let man = Man::new(sub.clone())
            .source(format!("gridbook {}", env!("CARGO_PKG_VERSION")))
            .manual("gridbook manual");
        written.push(man.generate_to(dir)?);
        subcommand_pages(sub, dir, written)?;
    }
    Ok(())
}

/// `gridbook.1`: clap's sections, the description, and the environment, files and exit status.
pub fn main_page_text(cmd: clap::Command) -> std::io::Result<Vec<u8>> {
    let man = Man::new(cmd.long_about(DESCRIPTION)).manual("gridbook manual");
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    man.render_subcommands_section(&mut page)?;
    page.extend_from_slice(SECTIONS.as_bytes());
    man.render_version_section(&mut page)?;
    Ok(page)
}
