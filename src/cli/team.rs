//! `gridbook team`: make the team (office), ask to join and join (device), enrol and revoke
//! devices (office), and list the team.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::i18n::{Lang, Msg};
use anyhow::Result;
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
    let lang = Lang::choose(cli.lang.as_deref(), &super::load_config()?.language);
    let mut store = open_store(cli)?;
    match &args.what {
        None => list(lang, &store),
        Some(TeamCommand::Init { name }) => {
            let t = team::init(&mut store, name)?;
            outln!("{}", lang.f(Msg::TeamMade, &[("name", &t.name)]));
            outln!(
                "{}",
                lang.f(Msg::TeamFingerprint, &[("fp", &team::fingerprint(&t))])
            );
            outln!("{}", lang.t(Msg::TeamReadAloud));
            Ok(ExitCode::SUCCESS)
        }
        Some(TeamCommand::Request { out }) => {
            let r = team::request(&mut store, out)?;
            outln!(
                "{}",
                lang.f(
                    Msg::TeamRequestWrote,
                    &[
                        ("path", &out.display()),
                        ("label", &r.body.label),
                        ("id", &short_id(&r.body.device.to_string())),
                    ]
                )
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
                "{}",
                lang.f(
                    Msg::TeamEnrolled,
                    &[
                        ("label", &cert.body.label),
                        ("id", &short_id(&cert.body.device.to_string())),
                        (
                            "what",
                            &what_it_writes(lang, cert.body.role, &cert.body.grids)
                        ),
                        ("path", &out.display()),
                    ]
                )
            );
            outln!("{}", lang.f(Msg::TeamFingerprintJoin, &[("fp", &team)]));
            Ok(ExitCode::SUCCESS)
        }
        Some(TeamCommand::Join { cert, yes }) => {
            let joining = team::read_certificate(&store, cert)?;
            outln!("{}", lang.f(Msg::TeamName, &[("name", &joining.team.name)]));
            outln!(
                "{}",
                lang.f(Msg::TeamFingerprint, &[("fp", &joining.fingerprint)])
            );
            let body = &joining.file.certificate.body;
            outln!(
                "{}",
                lang.f(
                    Msg::TeamThisDevice,
                    &[
                        ("label", &body.label),
                        ("id", &short_id(&body.device.to_string())),
                        ("what", &what_it_writes(lang, body.role, &body.grids)),
                    ]
                )
            );
            if !yes && !confirmed(lang)? {
                return Err(crate::explain::Worded(lang.t(Msg::TeamNotJoined).to_string()).into());
            }
            team::join(&mut store, &joining)?;
            outln!(
                "{}",
                lang.f(Msg::TeamJoined, &[("name", &joining.team.name)])
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(TeamCommand::Revoke { device }) => {
            let gone = team::revoke(&mut store, device)?;
            outln!(
                "{}",
                lang.f(
                    Msg::TeamRevoked,
                    &[
                        ("label", &gone.label),
                        ("id", &short_id(&gone.device.to_string())),
                    ]
                )
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn what_it_writes(lang: Lang, role: Role, grids: &[String]) -> String {
    match role {
        Role::Office => lang.t(Msg::TeamOffice).to_string(),
        Role::Worker => lang.f(Msg::TeamWriting, &[("grids", &grids.join("、"))]),
    }
}

/// Asks on the terminal whether the fingerprint matches the office's screen.
fn confirmed(lang: Lang) -> Result<bool> {
    errln!("{}", lang.t(Msg::TeamConfirm));
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "yes" | "y" | "是"
    ))
}

fn list(lang: Lang, store: &crate::store::Store) -> Result<ExitCode> {
    let o = team::overview(store)?;
    let Some(t) = &o.team else {
        outln!("{}", lang.t(Msg::TeamNone));
        return Ok(ExitCode::SUCCESS);
    };
    outln!("{}", lang.f(Msg::TeamName, &[("name", &t.name)]));
    outln!(
        "{}",
        lang.f(
            Msg::TeamFp,
            &[("fp", &o.fingerprint.clone().unwrap_or_default())]
        )
    );
    if o.holds_team_key {
        outln!("{}", lang.t(Msg::TeamHoldsKey));
    }
    outln!("{}", lang.t(Msg::TeamDevices));
    let own = store.device();
    for m in &o.members {
        outln!(
            "{}",
            lang.f(
                Msg::TeamDeviceLine,
                &[
                    ("label", &m.label),
                    (
                        "own",
                        &if m.device == own {
                            lang.t(Msg::TeamOwn)
                        } else {
                            ""
                        }
                    ),
                    ("id", &short_id(&m.device.to_string())),
                    ("what", &what_it_writes(lang, m.role, &m.grids)),
                    (
                        "revoked",
                        &if m.revoked {
                            lang.t(Msg::TeamRevokedMark)
                        } else {
                            ""
                        }
                    ),
                ]
            )
        );
    }
    let uncertified: Vec<_> = store
        .devices()?
        .into_iter()
        .filter(|d| !o.members.iter().any(|m| m.device.to_string() == d.id))
        .collect();
    for d in uncertified {
        outln!(
            "{}",
            lang.f(
                Msg::TeamUncertified,
                &[("label", &d.label), ("id", &short_id(&d.id))]
            )
        );
    }
    Ok(ExitCode::SUCCESS)
}
