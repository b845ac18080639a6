//! `gridbook search QUERY`: the interface's lookup from the command line.

use super::out::{jsonln, outln};
use std::process::ExitCode;

use anyhow::Result;
use clap::Args;
use serde::Serialize;

use super::{Cli, load_config, open_store};
use crate::search::Searcher;
use crate::ui::data::build_index;

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Name, pinyin or initials, address, phone digits or ID-number tail
    pub query: String,
    /// At most this many results
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// One JSON object per line
    #[arg(long)]
    pub json: bool,
}

#[derive(Serialize)]
struct Found<'a> {
    id: String,
    head: &'a str,
    address: &'a str,
    members: Vec<&'a str>,
    tags: Vec<&'a str>,
    score: i64,
}

pub fn run(cli: &Cli, args: &SearchArgs) -> Result<ExitCode> {
    let store = open_store(cli)?;
    let config = load_config()?;
    let index = build_index(store.path(), &config.grids).map_err(anyhow::Error::msg)?;
    let hits = Searcher::new().search(&index, &args.query, args.limit);
    for hit in &hits {
        let Some(doc) = index.doc(hit.doc) else {
            continue;
        };
        let found = Found {
            id: hit.id.to_string(),
            head: doc.head(),
            address: doc.address(),
            members: std::iter::once(doc.head())
                .chain(doc.members())
                .filter(|n| !n.is_empty())
                .collect(),
            tags: doc.tags().collect(),
            score: hit.score,
        };
        if args.json {
            jsonln!(serde_json::to_string(&found)?);
        } else {
            outln!(
                "{}\t{}\t{}\t{}",
                found.head,
                found.address,
                found.members.join("、"),
                found.tags.join("、")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
