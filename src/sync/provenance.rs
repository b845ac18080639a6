//! The provenance checks of bundle format 2 (SYNC.md "Provenance and team trust"), made after
//! the bundle's own checks and before anything is written: the bundle is of this device's team;
//! its sender and the origin of every op hold a valid certificate of the team (certificates in
//! the bundle count) and are not revoked beyond what they wrote before; every op's scope is one
//! its origin may write; no op claims this device's own origin unless it is a copy of one held;
//! every run of a feed continues the chain this device holds and ends at a head its origin
//! signed. One failing op refuses the whole bundle, naming the device and the check.

use std::collections::HashMap;

use super::bundle::Feed;
use super::error::SyncError;
use super::reader::Verified;
use crate::domain::DeviceId;
use crate::domain::short_id;
use crate::oplog::cert::{Certificate, Revocation, Role, may_write};
use crate::oplog::chain;
use crate::oplog::heads::SignedHead;
use crate::oplog::keys::canonical_hex;
use crate::oplog::op::Body;
use crate::store::Store;

/// What the checks found that the import writes: each op's feed link (in bundle order), the
/// links before runs that start after a gap here, and the heads signed by other devices.
#[derive(Debug, Default)]
pub struct Checked {
    pub chains: Vec<[u8; 32]>,
    pub links: Vec<(String, String, u64, [u8; 32])>,
    pub heads: Vec<SignedHead>,
}

/// What the checks read of an op: its envelope, borrowed from the bundle's bytes (the payload
/// is parsed only for the kinds whose content matters here).
#[derive(serde::Deserialize)]
struct Envelope<'a> {
    id: crate::domain::OpId,
    origin: DeviceId,
    #[serde(borrow)]
    scope: std::borrow::Cow<'a, str>,
    seq: u64,
    #[serde(rename = "type", borrow)]
    kind: std::borrow::Cow<'a, str>,
    entity: uuid::Uuid,
    #[serde(borrow)]
    payload: &'a serde_json::value::RawValue,
}

/// A device's standing as far as this bundle and this database tell.
struct Member {
    label: String,
    role: Role,
    grids: Vec<String>,
    sign_pk: [u8; 32],
    age_pk: String,
    /// (issued, op id) of the certificate: the greatest wins, as in the store.
    rank: (u64, String),
    revoked: Option<std::collections::BTreeMap<String, u64>>,
}

fn refused(check: &str, detail: String) -> SyncError {
    SyncError::refused(check, detail)
}

/// Runs every provenance check on a verified bundle.
pub fn check(store: &Store, verified: &Verified<'_>) -> Result<Checked, SyncError> {
    let header = &verified.header;
    let Some(team) = store.team()? else {
        return Err(refused(
            "team",
            "this device has not joined a team, so it accepts no bundles; join the office's team first (`gridbook team join CERT`)".into(),
        ));
    };
    if canonical_hex::<32>(&header.team) != Some(team.pk) {
        return Err(refused(
            "team",
            format!(
                "the bundle comes from {} ({}), a device outside this device's team {}",
                header.from.label,
                short_id(&header.from.device.to_string()),
                team.name
            ),
        ));
    }
    let own = store.device();
    let envelopes = verified
        .ops
        .iter()
        .map(|raw| {
            serde_json::from_slice::<Envelope<'_>>(raw.raw)
                .map_err(|e| refused("op", format!("line {}: {e}", raw.line)))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let mut members = members(store, &team.pk, verified, &envelopes)?;
    revocations(&team.pk, verified, &envelopes, &mut members)?;

    // The sender.
    let sender = header.from.device;
    let Some(from) = members.get(&sender) else {
        return Err(refused(
            "team",
            format!(
                "the sender {} ({}) holds no certificate of the team {}; the office enrols a device with `gridbook team enrol`",
                header.from.label,
                short_id(&sender.to_string()),
                team.name
            ),
        ));
    };
    if from.sign_pk != verified.signer {
        return Err(refused(
            "signer",
            format!(
                "the bundle says it comes from {} ({}) but is not signed with that device's certified key",
                from.label,
                short_id(&sender.to_string())
            ),
        ));
    }
    if from.revoked.is_some() {
        return Err(refused(
            "revoked",
            format!(
                "the sender {} ({}) was revoked from the team",
                from.label,
                short_id(&sender.to_string())
            ),
        ));
    }

    // Every op.
    let mut placed: HashMap<uuid::Uuid, String> = HashMap::new();
    for (raw, env) in verified.ops.iter().zip(&envelopes) {
        let line = raw.line;
        let origin = env.origin;
        let name = || {
            members.get(&origin).map_or_else(
                || format!("device {}", short_id(&origin.to_string())),
                |m| format!("{} ({})", m.label, short_id(&origin.to_string())),
            )
        };
        if i64::try_from(env.seq).is_err() {
            return Err(refused(
                "sequence",
                format!(
                    "line {line}: {} numbered a change {}, beyond what a sequence number may be",
                    name(),
                    env.seq
                ),
            ));
        }
        if origin == own {
            if store.op_hash(env.id)?.as_ref() != Some(&raw.sha256) {
                return Err(refused(
                    "origin",
                    format!(
                        "line {line}: a change claims to come from this device but this device never made it"
                    ),
                ));
            }
            continue;
        }
        let Some(m) = members.get(&origin) else {
            return Err(refused(
                "team",
                format!(
                    "line {line}: a change from {}, which holds no certificate of the team",
                    name()
                ),
            ));
        };
        if let Some(upto) = &m.revoked
            && upto.get(env.scope.as_ref()).is_none_or(|&u| env.seq > u)
        {
            return Err(refused(
                "revoked",
                format!(
                    "line {line}: {} was revoked from the team; its change {} in {} came after that",
                    name(),
                    env.seq,
                    env.scope
                ),
            ));
        }
        if !may_write(m.role, &m.grids, &env.scope, &env.kind) {
            return Err(refused(
                "scope",
                format!(
                    "line {line}: {} wrote {} in {}, which its certificate does not cover",
                    name(),
                    env.kind,
                    env.scope
                ),
            ));
        }
        keys_unchanged(env, m, line, &name)?;
        if m.role == Role::Worker {
            for grid in territory(store, env, &mut placed)? {
                if !m.grids.contains(&grid) {
                    return Err(refused(
                        "scope",
                        format!(
                            "line {line}: {} changed a record of {grid}, which its certificate does not cover",
                            name()
                        ),
                    ));
                }
            }
        }
    }
    feeds(store, verified, &envelopes, &members)
}

/// The grids a worker's op touches: the grid of the household its record belongs to (as held
/// here, or as created earlier in the bundle), and the grid or household a move goes to. A
/// record neither held nor created in the bundle waits for its parent and touches none yet.
fn territory(
    store: &Store,
    env: &Envelope<'_>,
    placed: &mut HashMap<uuid::Uuid, String>,
) -> Result<Vec<String>, SyncError> {
    use crate::store::team::Held;
    let body = match Body::parse(&env.kind, env.payload) {
        Ok(Some(body)) => body,
        _ => return Ok(Vec::new()),
    };
    let grid_of = |kind: Held, id: uuid::Uuid| -> Result<Option<String>, SyncError> {
        if let Some(g) = placed.get(&id) {
            return Ok(Some(g.clone()));
        }
        Ok(store.grid_of(kind, id)?)
    };
    let entity = env.entity;
    let mut out = Vec::new();
    match &body {
        Body::HouseholdCreate(h) => {
            out.push(h.grid.clone());
            placed.insert(entity, h.grid.clone());
        }
        Body::HouseholdSet(set) => {
            out.extend(grid_of(Held::Household, entity)?);
            if set.field == "grid"
                && let Some(to) = set.value.as_str()
            {
                out.push(to.to_string());
            }
        }
        Body::HouseholdMerge(m) => {
            out.extend(grid_of(Held::Household, entity)?);
            out.extend(grid_of(Held::Household, m.into.0)?);
        }
        Body::MemberCreate(m) => {
            let grid = grid_of(Held::Household, m.household.0)?;
            if let Some(g) = &grid {
                placed.insert(entity, g.clone());
            }
            out.extend(grid);
        }
        Body::MemberSet(set) => {
            out.extend(grid_of(Held::Member, entity)?);
            if set.field == "household"
                && let Some(to) = set
                    .value
                    .as_str()
                    .and_then(|t| uuid::Uuid::parse_str(t).ok())
            {
                out.extend(grid_of(Held::Household, to)?);
            }
        }
        Body::VisitRecord(v) => {
            let grid = grid_of(Held::Household, v.household.0)?;
            if let Some(g) = &grid {
                placed.insert(entity, g.clone());
            }
            out.extend(grid);
        }
        Body::VisitAmend(_) | Body::VisitVoid(_) => out.extend(grid_of(Held::Visit, entity)?),
        Body::RequestOpen(r) => {
            let grid = grid_of(Held::Household, r.household.0)?;
            if let Some(g) = &grid {
                placed.insert(entity, g.clone());
            }
            out.extend(grid);
        }
        Body::RequestTransition(_)
        | Body::RequestSet(_)
        | Body::RequestFeedback(_)
        | Body::RequestEvaluate(_) => out.extend(grid_of(Held::Request, entity)?),
        Body::DeviceEnrol(_) | Body::TeamCertify(_) | Body::TeamRevoke(_) => {}
    }
    Ok(out)
}

/// The certified devices: this database's certificates, then the newer ones the bundle carries
/// (each must verify with the team key).
fn members(
    store: &Store,
    team_pk: &[u8; 32],
    verified: &Verified<'_>,
    envelopes: &[Envelope<'_>],
) -> Result<HashMap<DeviceId, Member>, SyncError> {
    let mut out: HashMap<DeviceId, Member> = store
        .certificates()?
        .into_iter()
        .map(|c| {
            (
                c.device,
                Member {
                    label: c.label,
                    role: c.role,
                    grids: c.grids,
                    sign_pk: c.sign_pk,
                    age_pk: c.age_pk,
                    rank: (c.issued, c.op_id),
                    revoked: c.revoked_upto,
                },
            )
        })
        .collect();
    let own = store.device();
    for (raw, env) in verified.ops.iter().zip(envelopes) {
        if env.kind != "team.certify" {
            continue;
        }
        let cert: Certificate = match Body::parse(&env.kind, env.payload) {
            Ok(Some(Body::TeamCertify(c))) => c,
            _ => {
                return Err(refused(
                    "certificate",
                    format!("line {}: a certificate that cannot be read", raw.line),
                ));
            }
        };
        let Some(sign_pk) = cert.body.sign_pk_bytes().filter(|_| cert.verifies(team_pk)) else {
            return Err(refused(
                "certificate",
                format!(
                    "line {}: a certificate for {} not signed by the team key",
                    raw.line, cert.body.label
                ),
            ));
        };
        if cert.body.device.0 != env.entity {
            return Err(refused(
                "certificate",
                format!(
                    "line {}: a certificate filed under another device",
                    raw.line
                ),
            ));
        }
        if cert.body.device == own {
            // Only the keys this device holds can be certified as its own.
            let mine = store.certificate(own)?;
            if mine
                .as_ref()
                .is_some_and(|m| m.sign_pk != sign_pk || m.age_pk != cert.body.age_pk)
            {
                return Err(refused(
                    "keys",
                    format!(
                        "line {}: a certificate gives this device keys that are not its own",
                        raw.line
                    ),
                ));
            }
        }
        let rank = (cert.body.issued, env.id.to_string());
        let newer = out.get(&cert.body.device).is_none_or(|m| rank > m.rank);
        if newer {
            let revoked = out.get(&cert.body.device).and_then(|m| m.revoked.clone());
            out.insert(
                cert.body.device,
                Member {
                    label: cert.body.label.clone(),
                    role: cert.body.role,
                    grids: cert.body.grids.clone(),
                    sign_pk,
                    age_pk: cert.body.age_pk.clone(),
                    rank,
                    revoked,
                },
            );
        }
    }
    Ok(out)
}

/// Revocations the bundle carries (each must verify with the team key), applied to `members`.
fn revocations(
    team_pk: &[u8; 32],
    verified: &Verified<'_>,
    envelopes: &[Envelope<'_>],
    members: &mut HashMap<DeviceId, Member>,
) -> Result<(), SyncError> {
    for (raw, env) in verified.ops.iter().zip(envelopes) {
        if env.kind != "team.revoke" {
            continue;
        }
        let revocation: Revocation = match Body::parse(&env.kind, env.payload) {
            Ok(Some(Body::TeamRevoke(r)))
                if r.verifies(team_pk) && r.body.device.0 == env.entity =>
            {
                r
            }
            _ => {
                return Err(refused(
                    "certificate",
                    format!("line {}: a revocation not signed by the team key", raw.line),
                ));
            }
        };
        if let Some(m) = members.get_mut(&revocation.body.device) {
            m.revoked = Some(revocation.body.upto);
        }
    }
    Ok(())
}

/// A `device.enrol` op may not change a certified device's keys, nor speak for another device.
fn keys_unchanged(
    env: &Envelope<'_>,
    m: &Member,
    line: usize,
    name: &dyn Fn() -> String,
) -> Result<(), SyncError> {
    if env.kind != "device.enrol" {
        return Ok(());
    }
    let Ok(Some(Body::DeviceEnrol(d))) = Body::parse(&env.kind, env.payload) else {
        return Ok(());
    };
    let other_device = env.entity != env.origin.0;
    let other_sign = d
        .sign_pk
        .as_deref()
        .is_some_and(|k| canonical_hex::<32>(k) != Some(m.sign_pk));
    let other_age = d.age_pk.as_deref().is_some_and(|k| k != m.age_pk);
    if other_device || other_sign || other_age {
        return Err(refused(
            "keys",
            format!(
                "line {line}: {} changes {} keys without the team's signature",
                name(),
                if other_device {
                    "another device's"
                } else {
                    "its"
                }
            ),
        ));
    }
    Ok(())
}

/// Every op belongs to a run the header lists. The runs of different feeds may interleave (a
/// bundle keeps the order the changes were made in, which is the order they apply best in),
/// but within a feed the ops come in seq order, run after run; each run continues the chain
/// held here and ends at the head its origin signed.
fn feeds(
    store: &Store,
    verified: &Verified<'_>,
    envelopes: &[Envelope<'_>],
    members: &HashMap<DeviceId, Member>,
) -> Result<Checked, SyncError> {
    let own = store.device();
    let mut out = Checked {
        chains: Vec::with_capacity(envelopes.len()),
        ..Checked::default()
    };
    let who = |origin: DeviceId| {
        members.get(&origin).map_or_else(
            || format!("device {}", short_id(&origin.to_string())),
            |m| format!("{} ({})", m.label, short_id(&origin.to_string())),
        )
    };
    // Each feed's runs in order, and where its ops have got to.
    struct Cursor<'f> {
        runs: Vec<&'f Feed>,
        run: usize,
        next_seq: u64,
        link: [u8; 32],
    }
    let mut cursors: HashMap<(DeviceId, &str), Cursor<'_>> = HashMap::new();
    for feed in &verified.header.feeds {
        let bad = |detail: String| {
            refused(
                "chain",
                format!("{}, {}: {detail}", who(feed.origin), feed.scope),
            )
        };
        let head = &feed.head;
        if feed.from_seq == 0 || feed.to_seq < feed.from_seq {
            return Err(bad("a run with no changes".into()));
        }
        if head.origin != feed.origin || head.scope != feed.scope || head.seq != feed.to_seq {
            return Err(bad("the run does not end at its head".into()));
        }
        if feed.origin != own {
            let Some(m) = members.get(&feed.origin) else {
                return Err(bad("no certificate to check its head with".into()));
            };
            if !head.verifies(&m.sign_pk) {
                return Err(refused(
                    "head",
                    format!(
                        "{}, {}: its signed head does not verify (the changes were altered or not signed by it)",
                        who(feed.origin),
                        feed.scope
                    ),
                ));
            }
        }
        let cursor = cursors
            .entry((feed.origin, feed.scope.as_str()))
            .or_insert_with(|| Cursor {
                runs: Vec::new(),
                run: 0,
                next_seq: feed.from_seq,
                link: crate::oplog::chain::GENESIS,
            });
        if cursor
            .runs
            .last()
            .is_some_and(|last| last.to_seq >= feed.from_seq)
        {
            return Err(bad(
                "two runs of the same changes, or runs out of order".into()
            ));
        }
        cursor.runs.push(feed);
    }
    for cursor in cursors.values_mut() {
        let first = cursor.runs[0];
        cursor.link = prev_link(store, first, &mut out, &|detail| {
            refused(
                "chain",
                format!("{}, {}: {detail}", who(first.origin), first.scope),
            )
        })?;
    }
    for (raw, env) in verified.ops.iter().zip(envelopes) {
        let out_of_order = || {
            refused(
                "sequence",
                format!(
                    "line {}: {}'s change {} of {} is not the next one its runs list (a gap, a repeat or a change out of order)",
                    raw.line,
                    who(env.origin),
                    env.seq,
                    env.scope
                ),
            )
        };
        let cursor = cursors
            .get_mut(&(env.origin, env.scope.as_ref()))
            .ok_or_else(|| {
                refused(
                    "chain",
                    format!(
                        "line {}: a change that belongs to no run the header lists",
                        raw.line
                    ),
                )
            })?;
        let Some(feed) = cursor.runs.get(cursor.run).copied() else {
            return Err(out_of_order());
        };
        if env.seq != cursor.next_seq {
            return Err(out_of_order());
        }
        cursor.link = chain::next(&cursor.link, &raw.sha256);
        out.chains.push(cursor.link);
        if env.seq < feed.to_seq {
            cursor.next_seq += 1;
            continue;
        }
        // The run is complete: it must reach its signed head.
        if Some(cursor.link) != feed.head.chain_bytes() {
            return Err(refused(
                "chain",
                format!(
                    "{}, {}: the changes do not reach the head it signed (one was altered, added or left out)",
                    who(feed.origin),
                    feed.scope
                ),
            ));
        }
        if feed.origin != own {
            out.heads.push(feed.head.clone());
        }
        cursor.run += 1;
        if let Some(next) = cursor.runs.get(cursor.run).copied() {
            cursor.next_seq = next.from_seq;
            cursor.link = prev_link(store, next, &mut out, &|detail| {
                refused(
                    "chain",
                    format!("{}, {}: {detail}", who(next.origin), next.scope),
                )
            })?;
        }
    }
    for ((origin, scope), cursor) in &cursors {
        if cursor.run < cursor.runs.len() {
            return Err(refused(
                "chain",
                format!(
                    "{}, {scope}: the bundle holds fewer of its changes than its runs list",
                    who(*origin)
                ),
            ));
        }
        // Links learnt before gaps here must be reached by the changes that fill them.
        for feed in &cursor.runs {
            for (seq, known) in
                store.feed_links_between(&origin.to_string(), scope, feed.from_seq, feed.to_seq)?
            {
                if !reaches(verified, envelopes, &out.chains, feed, seq, &known) {
                    return Err(refused(
                        "chain",
                        format!(
                            "{}, {scope}: the changes do not lead to those held after them",
                            who(*origin)
                        ),
                    ));
                }
            }
        }
    }
    Ok(out)
}

/// Whether the op `seq` of `feed`'s run got the link `known`.
fn reaches(
    verified: &Verified<'_>,
    envelopes: &[Envelope<'_>],
    chains: &[[u8; 32]],
    feed: &Feed,
    seq: u64,
    known: &[u8; 32],
) -> bool {
    verified
        .ops
        .iter()
        .zip(envelopes)
        .zip(chains)
        .find(|((_, env), _)| {
            env.origin == feed.origin && env.scope == feed.scope && env.seq == seq
        })
        .is_some_and(|(_, link)| link == known)
}

/// `chain[from_seq - 1]`: the one held here must match what the run says; a run after a gap
/// here is taken at its word (its head vouches for it) and its link remembered.
fn prev_link(
    store: &Store,
    feed: &Feed,
    out: &mut Checked,
    bad: &dyn Fn(String) -> SyncError,
) -> Result<[u8; 32], SyncError> {
    let claimed: [u8; 32] = canonical_hex(&feed.prev_chain)
        .ok_or_else(|| bad("the link before the run is malformed".into()))?;
    let origin = feed.origin.to_string();
    match store.feed_link(&origin, &feed.scope, feed.from_seq - 1)? {
        Some(held) if held == claimed => Ok(held),
        Some(_) => Err(bad(format!(
            "the changes from {} on do not continue those held here",
            feed.from_seq
        ))),
        None => {
            out.links
                .push((origin, feed.scope.clone(), feed.from_seq - 1, claimed));
            Ok(claimed)
        }
    }
}
