//! `gridbook team`: make the team (office), ask to join and join (device), enrol and revoke
//! devices (office), and list the team.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::{Args, Subcommand};

use super::out::{errln, outln};
use super::{Cli, open_store};
use crate::domain::short_id;
use crate::oplog::cert::Role;
use crate::sync::team;

#[derive(Debug, Args)]
pub struct TeamArgs {
    #[command(subcommand)]
    pub what: Option<TeamCommand>,
}

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// On the office machine: make the team; this machine holds its key
    Init {
        /// The team's name, e.g. "幸福社区"
        #[arg(long)]
        name: String,
    },
    /// On a device: write a request to join the office's team (ids and public keys only)
    Request {
        /// Where to write the request
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// At the office: certify the device of a request for its grids and write its certificate
    Enrol {
        /// The device's request file
        file: PathBuf,
        /// A grid the device writes (repeat for several)
        #[arg(long = "grid", value_name = "G")]
        grids: Vec<String>,
        /// The device is an office device: it writes every grid
        #[arg(long)]
        office: bool,
        /// Where to write the certificate file for the device
        #[arg(long, value_name = "CERT")]
        out: PathBuf,
    },
    /// On the device: join the team of a certificate file, after comparing the fingerprint
    Join {
        /// The certificate file from the office
        cert: PathBuf,
        /// Do not ask to confirm the fingerprint (for scripts)
        #[arg(long)]
        yes: bool,
    },
    /// At the office: end a device's writing (a lost or stolen laptop); what it wrote stands
    Revoke {
        /// The device's label or id
        device: String,
    },
}

pub fn run(cli: &Cli, args: &TeamArgs) -> Result<ExitCode> {
    let mut store = open_store(cli)?;
    match &args.what {
        None => list(&store),
        Some(TeamCommand::Init { name }) => {
            let t = team::init(&mut store, name)?;
            outln!(
                "made the team {}; this machine is its office and holds its key",
                t.name
            );
            outln!("team fingerprint: {}", team::fingerprint(&t));
            outln!("read these digits aloud to each worker who joins: they must see the same");
            Ok(ExitCode::SUCCESS)
        }
        Some(TeamCommand::Request { out }) => {
            let r = team::request(&mut store, out)?;
            outln!(
                "wrote {}: the request of {} ({}) to join a team; take it to the office, which answers with `gridbook team enrol`",
                out.display(),
                r.body.label,
                short_id(&r.body.device.to_string())
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(TeamCommand::Enrol {
            file,
            grids,
            office,
            out,
        }) => {
            let cert = team::enrol(&mut store, file, grids, *office, out)?;
            let team = store
                .team()?
                .map(|t| team::fingerprint(&t))
                .unwrap_or_default();
            outln!(
                "enrolled {} ({}) as {}; wrote its certificate to {}",
                cert.body.label,
                short_id(&cert.body.device.to_string()),
                what_it_writes(cert.body.role, &cert.body.grids),
                out.display()
            );
            outln!("team fingerprint, to read aloud when it joins: {team}");
            Ok(ExitCode::SUCCESS)
        }
        Some(TeamCommand::Join { cert, yes }) => {
            let joining = team::read_certificate(&store, cert)?;
            outln!("team: {}", joining.team.name);
            outln!("team fingerprint: {}", joining.fingerprint);
            let body = &joining.file.certificate.body;
            outln!(
                "this device: {} ({}), {}",
                body.label,
                short_id(&body.device.to_string()),
                what_it_writes(body.role, &body.grids)
            );
            if !yes && !confirmed()? {
                bail!("not joined: the fingerprint was not confirmed; nothing was changed");
            }
            team::join(&mut store, &joining)?;
            outln!(
                "joined the team {}; bundles from its devices are accepted from now on",
                joining.team.name
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(TeamCommand::Revoke { device }) => {
            let gone = team::revoke(&mut store, device)?;
            outln!(
                "revoked {} ({}): changes it makes from now on are refused on every device that receives this; what it wrote before stands",
                gone.label,
                short_id(&gone.device.to_string())
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn what_it_writes(role: Role, grids: &[String]) -> String {
    match role {
        Role::Office => "an office device (writes every grid)".to_string(),
        Role::Worker => format!("writing {}", grids.join("、")),
    }
}

/// Asks on the terminal whether the fingerprint matches the office's screen.
fn confirmed() -> Result<bool> {
    errln!("does the office's screen show exactly these digits? type yes to join: ");
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "yes" | "y" | "是"
    ))
}

fn list(store: &crate::store::Store) -> Result<ExitCode> {
    let o = team::overview(store)?;
    let Some(t) = &o.team else {
        outln!(
            "this device is in no team (a team of one: it accepts no bundles). The office makes the team with `gridbook team init --name NAME`; a device joins with `gridbook team request` and `gridbook team join`."
        );
        return Ok(ExitCode::SUCCESS);
    };
    outln!("team: {}", t.name);
    outln!("fingerprint: {}", o.fingerprint.clone().unwrap_or_default());
    if o.holds_team_key {
        outln!("this machine holds the team key (the office)");
    }
    outln!("devices:");
    let own = store.device();
    for m in &o.members {
        outln!(
            "  {}{} ({}): {}{}",
            m.label,
            if m.device == own {
                " (this device)"
            } else {
                ""
            },
            short_id(&m.device.to_string()),
            what_it_writes(m.role, &m.grids),
            if m.revoked { ", REVOKED" } else { "" }
        );
    }
    let uncertified: Vec<_> = store
        .devices()?
        .into_iter()
        .filter(|d| !o.members.iter().any(|m| m.device.to_string() == d.id))
        .collect();
    for d in uncertified {
        outln!(
            "  {} ({}): not certified: nothing new from it is accepted",
            d.label,
            short_id(&d.id)
        );
    }
    Ok(ExitCode::SUCCESS)
}
