//! Per-field multi-value registers (SYNC.md "Merge rules"). The heads of a field are the ops that
//! wrote it and were not named in another op's `pred`; one head (or several with equal values)
//! is a settled value, several different values are a conflict kept for review. The value shown
//! is the head with the greatest (hlc, origin).

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use super::error::{Result, StoreError};
use crate::domain::{Category, Gender, MemberStatus, Relation, Tier};
use crate::oplog::op::Op;

/// The kinds of entity whose fields are registers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntityKind {
    Household,
    Member,
    Request,
}

impl EntityKind {
    pub fn table(self) -> &'static str {
        match self {
            Self::Household => "households",
            Self::Member => "members",
            Self::Request => "requests",
        }
    }
}

/// How a field's JSON value maps to its column.
#[derive(Debug, Clone, Copy)]
enum Kind {
    Text,
    OptText,
    Bool,
    Relation,
    OptGender,
    OptDate,
    MemberStatus,
    Tags,
    HouseholdRef,
    /// A household merged into another (or null: not merged); resolved by [`super::redirect`].
    Redirect,
    Category,
    Tier,
}

/// The column a known field is shown in. Unknown fields (from a newer version) are kept as
/// registers without a column.
fn column(kind: EntityKind, field: &str) -> Option<(&'static str, Kind)> {
    use EntityKind::*;
    Some(match (kind, field) {
        (Household, "grid") => ("grid", Kind::Text),
        (Household, "compound") => ("compound", Kind::Text),
        (Household, "building") => ("building", Kind::Text),
        (Household, "unit") => ("unit", Kind::Text),
        (Household, "room") => ("room", Kind::Text),
        (Household, "household_no") => ("household_no", Kind::Text),
        (Household, "note") => ("note", Kind::Text),
        (Household, "archived") => ("archived", Kind::Bool),
        (Household, "merged_into") => ("merged_into", Kind::Redirect),
        (Member, "name") => ("name", Kind::Text),
        (Member, "relation") => ("relation", Kind::Relation),
        (Member, "gender") => ("gender", Kind::OptGender),
        (Member, "birth") => ("birth", Kind::OptDate),
        (Member, "id_number") => ("id_number", Kind::OptText),
        (Member, "phone") => ("phone", Kind::OptText),
        (Member, "tags") => ("tags", Kind::Tags),
        (Member, "note") => ("note", Kind::Text),
        (Member, "status") => ("status", Kind::MemberStatus),
        (Member, "household") => ("household", Kind::HouseholdRef),
        (Request, "summary") => ("summary", Kind::Text),
        (Request, "category") => ("category", Kind::Category),
        (Request, "tier") => ("tier", Kind::Tier),
        (Request, "due") => ("due", Kind::OptDate),
        _ => return None,
    })
}

/// Checks that `value` has the shape its field needs; returns the SQL value for the column.
fn to_sql(kind: Kind, value: &Value) -> Option<rusqlite::types::Value> {
    use rusqlite::types::Value as Sql;
    let text = |v: &Value| v.as_str().map(|s| Sql::Text(s.to_string()));
    let opt = |v: &Value, ok: &dyn Fn(&str) -> bool| match v {
        Value::Null => Some(Sql::Null),
        Value::String(s) if ok(s) => Some(Sql::Text(s.clone())),
        _ => None,
    };
    match kind {
        Kind::Text => text(value),
        Kind::OptText => opt(value, &|_| true),
        Kind::Bool => value.as_bool().map(|b| Sql::Integer(i64::from(b))),
        Kind::Relation => value
            .as_str()
            .filter(|s| Relation::from_code(s).is_some())
            .and_then(|_| text(value)),
        Kind::OptGender => opt(value, &|s| {
            serde_json::from_value::<Gender>(Value::String(s.into())).is_ok()
        }),
        Kind::OptDate => opt(value, &|s| s.parse::<NaiveDate>().is_ok()),
        Kind::MemberStatus => value
            .as_str()
            .filter(|s| MemberStatus::from_code(s).is_some())
            .and_then(|_| text(value)),
        Kind::Tags => {
            let list = value.as_array()?;
            list.iter()
                .all(Value::is_string)
                .then(|| Sql::Text(value.to_string()))
        }
        Kind::HouseholdRef => value
            .as_str()
            .filter(|s| uuid::Uuid::parse_str(s).is_ok())
            .and_then(|_| text(value)),
        Kind::Redirect => opt(value, &|s| uuid::Uuid::parse_str(s).is_ok()),
        Kind::Category => value
            .as_str()
            .filter(|s| Category::from_code(s).is_some())
            .and_then(|_| text(value)),
        Kind::Tier => value
            .as_str()
            .filter(|s| Tier::from_code(s).is_some())
            .and_then(|_| text(value)),
    }
}

/// Whether `value` is acceptable for `field`; unknown fields accept anything.
pub fn value_fits(kind: EntityKind, field: &str, value: &Value) -> bool {
    match column(kind, field) {
        Some((_, k)) => to_sql(k, value).is_some(),
        None => true,
    }
}

/// The `pred` for a new local write of a field: its current heads, or the entity's create op
/// when the field was never written since.
pub fn local_pred(
    conn: &Connection,
    kind: EntityKind,
    entity: &str,
    field: &str,
) -> Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT op_id FROM field_heads WHERE entity = ?1 AND field = ?2 ORDER BY op_id",
    )?;
    let heads: Vec<String> = stmt
        .query_map(params![entity, field], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if !heads.is_empty() {
        return Ok(heads);
    }
    let sql = format!("SELECT create_op FROM {} WHERE id = ?1", kind.table());
    let create: Option<String> = conn.query_row(&sql, [entity], |r| r.get(0)).optional()?;
    create.map(|c| vec![c]).ok_or_else(|| StoreError::NotFound {
        kind: kind.table(),
        id: entity.to_string(),
    })
}

/// Applies one field write (its preds are already linked): updates the heads and the conflict record, and
/// writes the value shown into the entity's column. The entity must exist.
pub fn apply_set(
    conn: &Connection,
    kind: EntityKind,
    op: &Op,
    field: &str,
    value: &Value,
) -> Result<()> {
    let entity = op.env.entity.to_string();
    let op_id = op.env.id.to_string();
    conn.prepare_cached("INSERT INTO field_writes (op_id, entity, field) VALUES (?1, ?2, ?3)")?
        .execute(params![op_id, entity, field])?;
    // Superseded only by an applied write of the same field that names this op.
    let superseded: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM op_pred p JOIN field_writes w ON w.op_id = p.op_id
                            WHERE p.pred_id = ?1 AND w.entity = ?2 AND w.field = ?3)",
        )?
        .query_row(params![op_id, entity, field], |r| r.get(0))?;
    if op.env.pred.is_empty() {
        keep_creation_head(conn, kind, &entity, field, &op_id)?;
    }
    {
        let mut del = conn.prepare_cached(
            "DELETE FROM field_heads WHERE entity = ?1 AND field = ?2 AND op_id = ?3",
        )?;
        for pred in &op.env.pred {
            del.execute(params![entity, field, pred.to_string()])?;
        }
    }
    if !superseded {
        conn.prepare_cached(
            "INSERT INTO field_heads (entity, field, op_id, value, hlc, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            entity,
            field,
            op_id,
            value.to_string(),
            op.env.hlc as i64,
            op.env.origin.to_string()
        ])?;
    }
    refresh(conn, kind, &entity, field)
}

/// The entity's creation wrote every field, so it is a head of a field until a write names it.
/// Every write names its predecessors, the creation included, except a roster import's write of
/// a value nobody imported before over one entered in the field: it names no op, and stands
/// beside the creation's value as a conflict. Once any other write of the field is applied the
/// creation is superseded (that write, or one it descends from, names it), whichever arrived
/// first.
fn keep_creation_head(
    conn: &Connection,
    kind: EntityKind,
    entity: &str,
    field: &str,
    op_id: &str,
) -> Result<()> {
    let others: bool = conn
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM field_writes
                            WHERE entity = ?1 AND field = ?2 AND op_id <> ?3)",
        )?
        .query_row(params![entity, field, op_id], |r| r.get(0))?;
    if others {
        return Ok(());
    }
    let Some(value) = current_value(conn, kind, entity, field)? else {
        return Ok(());
    };
    let sql = format!(
        "SELECT o.op_id, o.hlc, o.origin FROM {} e JOIN ops o ON o.op_id = e.create_op
         WHERE e.id = ?1",
        kind.table()
    );
    let create: Option<(String, i64, String)> = conn
        .prepare_cached(&sql)?
        .query_row([entity], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    if let Some((create_op, hlc, origin)) = create {
        conn.prepare_cached(
            "INSERT OR IGNORE INTO field_heads (entity, field, op_id, value, hlc, origin)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            entity,
            field,
            create_op,
            value.to_string(),
            hlc,
            origin
        ])?;
    }
    Ok(())
}

/// Recomputes the shown value and the conflict state of one field from its heads.
fn refresh(conn: &Connection, kind: EntityKind, entity: &str, field: &str) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT op_id, value FROM field_heads WHERE entity = ?1 AND field = ?2
         ORDER BY hlc DESC, origin DESC, op_id DESC",
    )?;
    let heads: Vec<(String, String)> = stmt
        .query_map(params![entity, field], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let Some((_, shown)) = heads.first() else {
        return Ok(());
    };
    let distinct = heads.iter().any(|(_, v)| v != shown);
    if distinct {
        let mut ids: Vec<&str> = heads.iter().map(|(id, _)| id.as_str()).collect();
        ids.sort_unstable();
        conn.prepare_cached(
            "INSERT INTO conflicts (entity, field, heads) VALUES (?1, ?2, ?3)
             ON CONFLICT (entity, field) DO UPDATE SET heads = excluded.heads",
        )?
        .execute(params![entity, field, serde_json::to_string(&ids)?])?;
    } else {
        conn.prepare_cached("DELETE FROM conflicts WHERE entity = ?1 AND field = ?2")?
            .execute(params![entity, field])?;
    }
    let Some((col, k)) = column(kind, field) else {
        return Ok(());
    };
    let value: Value = serde_json::from_str(shown)?;
    let sql_value = to_sql(k, &value)
        .ok_or_else(|| StoreError::Corrupt(format!("bad value for {field}: {shown}")))?;
    match k {
        Kind::Redirect => return super::redirect::recompute(conn),
        Kind::HouseholdRef => {
            // A member's household: `home` is where it was put, `household` where it is listed.
            let home = value.as_str().unwrap_or_default();
            conn.prepare_cached("UPDATE members SET home = ?1, household = ?2 WHERE id = ?3")?
                .execute(params![
                    home,
                    super::redirect::survivor(conn, home)?,
                    entity
                ])?;
            return Ok(());
        }
        _ => {}
    }
    let sql = format!("UPDATE {} SET {col} = ?1 WHERE id = ?2", kind.table());
    conn.prepare_cached(&sql)?
        .execute(params![sql_value, entity])?;
    if matches!(k, Kind::Tags) {
        write_member_tags(conn, entity, &value)?;
    }
    Ok(())
}

/// Mirrors a member's tag list into `member_tags` for filtering.
pub fn write_member_tags(conn: &Connection, member: &str, tags: &Value) -> Result<()> {
    conn.prepare_cached("DELETE FROM member_tags WHERE member = ?1")?
        .execute([member])?;
    insert_member_tags(conn, member, tags)
}

/// Adds a member's tags to `member_tags` (a new member has none there yet).
pub fn insert_member_tags(conn: &Connection, member: &str, tags: &Value) -> Result<()> {
    if tags.as_array().is_none_or(Vec::is_empty) {
        return Ok(());
    }
    let mut ins =
        conn.prepare_cached("INSERT OR IGNORE INTO member_tags (member, tag) VALUES (?1, ?2)")?;
    for tag in tags
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        ins.execute(params![member, tag])?;
    }
    Ok(())
}

/// The value a field shows now, as JSON (from its heads, or its column when never written).
pub fn current_value(
    conn: &Connection,
    kind: EntityKind,
    entity: &str,
    field: &str,
) -> Result<Option<Value>> {
    let head: Option<String> = conn
        .prepare_cached(
            "SELECT value FROM field_heads WHERE entity = ?1 AND field = ?2
             ORDER BY hlc DESC, origin DESC, op_id DESC LIMIT 1",
        )?
        .query_row(params![entity, field], |r| r.get(0))
        .optional()?;
    if let Some(v) = head {
        return Ok(Some(serde_json::from_str(&v)?));
    }
    let Some((col, k)) = column(kind, field) else {
        return Ok(None);
    };
    // A member's household register holds where it was put, not the survivor it is listed under.
    let col = if matches!(k, Kind::HouseholdRef) {
        "home"
    } else {
        col
    };
    let sql = format!("SELECT {col} FROM {} WHERE id = ?1", kind.table());
    let cell: Option<rusqlite::types::Value> = conn
        .prepare_cached(&sql)?
        .query_row([entity], |r| r.get(0))
        .optional()?;
    use rusqlite::types::Value as Sql;
    Ok(cell.map(|c| match (c, k) {
        (Sql::Null, _) => Value::Null,
        (Sql::Integer(i), Kind::Bool) => Value::Bool(i != 0),
        (Sql::Integer(i), _) => Value::from(i),
        (Sql::Text(t), Kind::Tags) => serde_json::from_str(&t).unwrap_or(Value::Null),
        (Sql::Text(t), _) => Value::String(t),
        (Sql::Real(f), _) => Value::from(f),
        (Sql::Blob(_), _) => Value::Null,
    }))
}

pub fn in_conflict(conn: &Connection, entity: &str, field: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM conflicts WHERE entity = ?1 AND field = ?2)")?
        .query_row(params![entity, field], |r| r.get(0))?)
}
