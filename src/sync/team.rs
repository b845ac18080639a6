//! The team (SYNC.md "Provenance and team trust"): the office makes it (`team init`), a device
//! asks to join with a request file (`team request`), the office answers with a certificate
//! file (`team enrol`), the device joins once its worker has compared the team's fingerprint
//! with the office's screen (`team join`), and the office can end a device's writing
//! (`team revoke`). Certificates and revocations travel as ops; the files carry nothing
//! personal, only ids, labels and public keys.

use std::path::Path;

use ed25519_dalek::SigningKey;
use rand::Rng;
use serde::{Deserialize, Serialize};

use super::error::SyncError;
use super::keys::{self, DeviceKeys};
use crate::domain::{DeviceId, short_id};
use crate::i18n::Msg;
use crate::i18n::said::Said;
use crate::oplog::cert::{CertBody, Certificate, RevokeBody, Role};
use crate::oplog::keys::{canonical_hex, sign, team_fingerprint, verify};
use crate::store::Store;
use crate::store::team::Team;

const REQUEST_KIND: &str = "gridbook-team-request";
const CERT_KIND: &str = "gridbook-team-certificate";
const REQUEST_DOMAIN: &str = "gridbook-team-request-v1";
/// Team files are small; anything larger is not one.
const MAX_TEAM_FILE: u64 = 1 << 20;

/// What a device sends the office to join: its id, label and public keys, signed by it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestBody {
    pub kind: String,
    pub device: DeviceId,
    pub label: String,
    pub sign_pk: String,
    pub age_pk: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Request {
    #[serde(flatten)]
    pub body: RequestBody,
    pub signature: String,
}

/// What the office gives back: the team, the device's certificate, and the office devices'
/// certificates (so the device can check the office's bundles and encrypt its own to it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertFile {
    pub kind: String,
    pub team_name: String,
    /// Lowercase hex of the team key.
    pub team: String,
    pub certificate: Certificate,
    pub offices: Vec<Certificate>,
}

/// A member of the team as `gridbook team` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub device: DeviceId,
    pub label: String,
    pub role: Role,
    pub grids: Vec<String>,
    pub revoked: bool,
}

/// The team and who is in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overview {
    pub team: Option<Team>,
    pub fingerprint: Option<String>,
    /// Whether this machine holds the team key (the office that made the team).
    pub holds_team_key: bool,
    pub members: Vec<Listed>,
}

/// When a certificate or revocation is issued: the office's hybrid clock, so each one the team
/// key signs is later than the one before even within one millisecond (the newest wins).
fn issued_now(store: &Store) -> Result<u64, SyncError> {
    Ok(crate::oplog::hlc::tick(
        store.last_hlc()?,
        store.clock().now_ms(),
    ))
}

fn team_error(said: Said) -> SyncError {
    SyncError::Team(said)
}

/// The team fingerprint as a person reads it aloud.
pub fn fingerprint(team: &Team) -> String {
    team_fingerprint(&team.pk)
}

/// Makes this database's device the office of a new team named `name`; returns the team.
pub fn init(store: &mut Store, name: &str) -> Result<Team, SyncError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(team_error(Said::new(Msg::TeamErrName)));
    }
    if let Some(team) = store.team()? {
        return Err(team_error(
            Said::new(Msg::TeamErrAlreadyIn)
                .with("name", &team.name)
                .with("fp", fingerprint(&team)),
        ));
    }
    let mut device_keys = keys::ensure(store)?;
    let mut secret = [0u8; 32];
    rand::rng().fill_bytes(&mut secret);
    let team_key = SigningKey::from_bytes(&secret);
    let team = Team {
        pk: team_key.verifying_key().to_bytes(),
        name: name.to_string(),
    };
    let cert = certificate(
        &team_key,
        &team,
        store,
        &device_keys,
        store.label(),
        &[],
        Role::Office,
    )?;
    device_keys.team = Some(team_key);
    device_keys.save_for(store.config_dir(), store.db_id())?;
    store.write(|w| {
        w.set_team(&team)?;
        w.certify(&cert)
    })?;
    Ok(team)
}

fn certificate(
    team_key: &SigningKey,
    team: &Team,
    store: &Store,
    device: &DeviceKeys,
    label: &str,
    grids: &[String],
    role: Role,
) -> Result<Certificate, SyncError> {
    Ok(CertBody {
        team: hex::encode(team.pk),
        team_name: team.name.clone(),
        device: device.device,
        label: label.to_string(),
        grids: grids.to_vec(),
        role,
        sign_pk: hex::encode(device.sign_pk()),
        age_pk: device.recipient(),
        issued: issued_now(store)?,
    }
    .sign(team_key))
}

/// Writes this device's request to join a team to `out`.
pub fn request(store: &mut Store, out: &Path) -> Result<Request, SyncError> {
    let device_keys = keys::ensure(store)?;
    let body = RequestBody {
        kind: REQUEST_KIND.to_string(),
        device: device_keys.device,
        label: store.label().to_string(),
        sign_pk: hex::encode(device_keys.sign_pk()),
        age_pk: device_keys.recipient(),
    };
    let message = serde_json::to_vec(&body)
        .map_err(|e| team_error(Said::new(Msg::TeamErrJson).with("e", e)))?;
    let request = Request {
        signature: sign(&device_keys.signing, REQUEST_DOMAIN, &message),
        body,
    };
    write_json(out, &request)?;
    Ok(request)
}

/// At the office: certifies the device of the request file at `request_path` for `grids` (or
/// as an office), records the certificate as an op, and writes the certificate file to `out`.
pub fn enrol(
    store: &mut Store,
    request_path: &Path,
    grids: &[String],
    office: bool,
    out: &Path,
) -> Result<Certificate, SyncError> {
    let (team, team_key) = team_and_key(store)?;
    let request: Request = read_json(request_path, Msg::TeamErrNotFile)?;
    let message = serde_json::to_vec(&request.body)
        .map_err(|e| team_error(Said::new(Msg::TeamErrJson).with("e", e)))?;
    let sign_pk = canonical_hex::<32>(&request.body.sign_pk);
    let valid = request.body.kind == REQUEST_KIND
        && sign_pk.is_some_and(|pk| verify(&pk, REQUEST_DOMAIN, &message, &request.signature))
        && keys::parse_recipient(&request.body.age_pk).is_ok();
    if !valid {
        return Err(team_error(
            Said::new(Msg::TeamErrBadRequest).with("path", request_path.display()),
        ));
    }
    if request.body.device == store.device() {
        return Err(team_error(Said::new(Msg::TeamErrOwnRequest)));
    }
    let grids: Vec<String> = grids
        .iter()
        .map(|g| g.trim().to_string())
        .filter(|g| !g.is_empty())
        .collect();
    if grids.is_empty() && !office {
        return Err(team_error(Said::new(Msg::TeamErrGrids)));
    }
    let cert = CertBody {
        team: hex::encode(team.pk),
        team_name: team.name.clone(),
        device: request.body.device,
        label: request.body.label.clone(),
        grids,
        role: if office { Role::Office } else { Role::Worker },
        sign_pk: request.body.sign_pk.clone(),
        age_pk: request.body.age_pk.clone(),
        issued: issued_now(store)?,
    }
    .sign(&team_key);
    store.write(|w| w.certify(&cert))?;
    let offices = store
        .certificates()?
        .into_iter()
        .filter(|c| c.role == Role::Office && c.revoked_upto.is_none())
        .map(|c| store.certificate_of(c.device))
        .collect::<Result<Vec<_>, _>>()?
        .into_iter()
        .flatten()
        .collect();
    write_json(
        out,
        &CertFile {
            kind: CERT_KIND.to_string(),
            team_name: team.name.clone(),
            team: hex::encode(team.pk),
            certificate: cert.clone(),
            offices,
        },
    )?;
    Ok(cert)
}

/// A certificate file checked against this device, before the worker confirms the join.
#[derive(Debug, Clone)]
pub struct Joining {
    pub team: Team,
    pub fingerprint: String,
    pub file: CertFile,
}

/// Reads and checks the certificate file at `path`: signed by its team, for this device and
/// the keys it holds.
pub fn read_certificate(store: &Store, path: &Path) -> Result<Joining, SyncError> {
    let file: CertFile = read_json(path, Msg::TeamErrNotCertFile)?;
    let Some(pk) = canonical_hex::<32>(&file.team).filter(|_| file.kind == CERT_KIND) else {
        return Err(team_error(
            Said::new(Msg::TeamErrNotCert).with("path", path.display()),
        ));
    };
    let team = Team {
        pk,
        name: file.team_name.clone(),
    };
    if !file.certificate.verifies(&pk) || file.offices.iter().any(|c| !c.verifies(&pk)) {
        return Err(team_error(
            Said::new(Msg::TeamErrCertSig).with("path", path.display()),
        ));
    }
    let device_keys = keys::load(store)?;
    let body = &file.certificate.body;
    if body.device != store.device() {
        return Err(team_error(
            Said::new(Msg::TeamErrOtherDevice)
                .with("path", path.display())
                .with("label", &body.label)
                .with("id", short_id(&body.device.to_string()))
                .with("own", short_id(&store.device().to_string())),
        ));
    }
    if body.sign_pk != hex::encode(device_keys.sign_pk()) || body.age_pk != device_keys.recipient()
    {
        return Err(team_error(Said::new(Msg::TeamErrOtherKeys)));
    }
    if let Some(current) = store.team()?
        && current.pk != pk
    {
        return Err(team_error(
            Said::new(Msg::TeamErrAlreadyIn)
                .with("name", &current.name)
                .with("fp", fingerprint(&current)),
        ));
    }
    Ok(Joining {
        fingerprint: team_fingerprint(&pk),
        team,
        file,
    })
}

/// Joins the team of a checked certificate file: the team is recorded, and the certificates
/// (this device's and the offices') become ops that travel with this device's changes.
pub fn join(store: &mut Store, joining: &Joining) -> Result<(), SyncError> {
    let file = &joining.file;
    store.write(|w| {
        w.set_team(&joining.team)?;
        w.certify(&file.certificate)?;
        for office in &file.offices {
            w.certify(office)?;
        }
        Ok(())
    })?;
    Ok(())
}

/// At the office: ends the writing of the device named `name` (label or id); what it wrote
/// before, as far as this database holds, stands.
pub fn revoke(store: &mut Store, name: &str) -> Result<Listed, SyncError> {
    let (team, team_key) = team_and_key(store)?;
    let members = overview(store)?.members;
    let name = name.trim();
    let found: Vec<&Listed> = members
        .iter()
        .filter(|m| {
            let id = m.device.to_string();
            m.label == name
                || id == name
                || (name.len() >= 4 && (id.starts_with(name) || short_id(&id) == name))
        })
        .collect();
    let target = match found.as_slice() {
        [one] => (*one).clone(),
        [] => {
            return Err(team_error(
                Said::new(Msg::TeamErrNoDevice).with("name", format!("{name:?}")),
            ));
        }
        many => {
            let list = many
                .iter()
                .map(|m| format!("{} ({})", m.label, m.device))
                .collect::<Vec<_>>()
                .join(" / ");
            return Err(team_error(
                Said::new(Msg::TeamErrAmbiguous)
                    .with("name", format!("{name:?}"))
                    .with("list", list),
            ));
        }
    };
    if target.device == store.device() {
        return Err(team_error(Said::new(Msg::TeamErrSelf)));
    }
    let revocation = RevokeBody {
        team: hex::encode(team.pk),
        device: target.device,
        upto: store.held_seqs(target.device)?,
        issued: issued_now(store)?,
    }
    .sign(&team_key);
    store.write(|w| w.revoke(&revocation))?;
    Ok(Listed {
        revoked: true,
        ..target
    })
}

/// The team, its fingerprint and its devices.
pub fn overview(store: &Store) -> Result<Overview, SyncError> {
    let team = store.team()?;
    let holds_team_key = team.is_some() && keys::load(store)?.team.is_some();
    let members = store
        .certificates()?
        .into_iter()
        .map(|c| Listed {
            device: c.device,
            label: c.label,
            role: c.role,
            grids: c.grids,
            revoked: c.revoked_upto.is_some(),
        })
        .collect();
    Ok(Overview {
        fingerprint: team.as_ref().map(fingerprint),
        team,
        holds_team_key,
        members,
    })
}

fn team_and_key(store: &Store) -> Result<(Team, SigningKey), SyncError> {
    let Some(team) = store.team()? else {
        return Err(team_error(Said::new(Msg::TeamErrNoTeam)));
    };
    let Some(key) = keys::load(store)?.team else {
        return Err(team_error(
            Said::new(Msg::TeamErrNoKey).with("name", &team.name),
        ));
    };
    if key.verifying_key().to_bytes() != team.pk {
        return Err(team_error(Said::new(Msg::TeamErrWrongKey)));
    }
    Ok((team, key))
}

fn write_json<T: Serialize>(out: &Path, value: &T) -> Result<(), SyncError> {
    let mut text = serde_json::to_vec_pretty(value)
        .map_err(|e| team_error(Said::new(Msg::TeamErrJson).with("e", e)))?;
    text.push(b'\n');
    crate::fsutil::write_private(out, &text).map_err(|cause| SyncError::Io {
        context: crate::fsutil::IoAct::Write(out.to_path_buf()),
        cause: crate::fsutil::explain(cause),
    })
}

fn read_json<T: for<'de> Deserialize<'de>>(path: &Path, not_one: Msg) -> Result<T, SyncError> {
    let io = |cause| SyncError::Io {
        context: crate::fsutil::IoAct::Read(path.to_path_buf()),
        cause,
    };
    let mut file = crate::fsutil::open_regular(path).map_err(io)?;
    let mut bytes = Vec::new();
    std::io::Read::read_to_end(
        &mut std::io::Read::take(&mut file, MAX_TEAM_FILE + 1),
        &mut bytes,
    )
    .map_err(io)?;
    let not_one = || team_error(Said::new(not_one).with("path", path.display()));
    if bytes.len() as u64 > MAX_TEAM_FILE {
        return Err(not_one());
    }
    super::strict::check(&bytes).map_err(|_| not_one())?;
    serde_json::from_slice(&bytes).map_err(|_| not_one())
}
