//! `gridbook demo`.

use super::out::outln;
use std::process::ExitCode;
use std::rc::Rc;
use std::time::Instant;

use crate::i18n::Msg;
use anyhow::Result;
use clap::Args;

use super::{Cli, fixed_now, load_config, progress};
use crate::config;
use crate::demo::{self, DemoOptions, Phase};
use crate::store::{FixedClock, IdSource, OpenOptions, Store};

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many households
    #[arg(long, default_value_t = 600, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub households: u64,
    /// Seed for the generator: the same seed on the same day gives the same data
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Only write the database; do not open the interface
    #[arg(long)]
    pub no_tui: bool,
}

pub fn run(cli: &Cli, args: &DemoArgs) -> Result<ExitCode> {
    // Never the user's real database: only an explicit --db, else the demo file.
    let path = match &cli.db {
        Some(p) => p.clone(),
        None => {
            let p = config::demo_db();
            if let Some(dir) = p.parent() {
                crate::fsutil::create_private_dir(dir)?;
            }
            p
        }
    };
    if path.exists() {
        if !Store::is_demo(&path)? {
            return Err(
                crate::i18n::said::Said::new(crate::i18n::Msg::CliErrDemoNotDemo)
                    .with("path", path.display())
                    .into(),
            );
        }
        Store::remove_files(&path)?;
    }
    let now = match fixed_now()? {
        Some(now) => now,
        None => chrono::Local::now().naive_local(),
    };
    let today = now.date();
    let clock = Rc::new(FixedClock::at(demo::start_time(today)));
    let opts = OpenOptions {
        path: path.clone(),
        config_dir: config::config_dir(),
        label: Some("演示设备 demo".into()),
    };
    let started = Instant::now();
    let mut store = Store::open_with(&opts, Box::new(clock.clone()), IdSource::seeded(args.seed))?;
    store.mark_demo()?;
    store.set_author(demo::WORKERS[0]);
    let config = load_config()?;
    let lang = crate::i18n::Lang::choose(cli.lang.as_deref(), &config.language);
    let households_bar = progress::bar(args.households, lang.t(Msg::DemoHouseholds));
    let visits_bar = progress::bar(0, lang.t(Msg::DemoVisits));
    let counts = demo::generate(
        &mut store,
        &clock,
        &DemoOptions {
            households: usize::try_from(args.households)?,
            seed: args.seed,
            today,
        },
        &config,
        &mut |phase, done, total| match phase {
            Phase::Households => households_bar.set_position(done),
            Phase::Visits => {
                households_bar.finish_and_clear();
                visits_bar.set_length(total);
                visits_bar.set_position(done);
            }
        },
    )?;
    visits_bar.finish_and_clear();
    outln!(
        "{}",
        lang.f(
            Msg::DemoWritten,
            &[
                ("path", &path.display()),
                ("secs", &format!("{:.1}", started.elapsed().as_secs_f64())),
                ("h", &counts.households),
                ("m", &counts.members),
                ("v", &counts.visits),
                ("r", &counts.requests),
                ("o", &counts.open_requests),
                ("ops", &counts.ops),
            ]
        )
    );
    if args.no_tui {
        return Ok(ExitCode::SUCCESS);
    }
    drop(store);
    let demo_cli = Cli {
        version: false,
        db: Some(path),
        lang: cli.lang.clone(),
        command: None,
    };
    let store = super::open_store(&demo_cli)?;
    super::tui(&demo_cli, store, false)
}
