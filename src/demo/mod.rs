//! `gridbook demo`: a realistic, deterministic community written through the op log — households
//! and members, a year of visits that roughly follow the visit policy, and requests in every
//! lifecycle state. Same seed and same day, same data.

mod community;
mod names;
mod notes;
mod places;
mod timeline;

use std::rc::Rc;

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::config::Config;
use crate::domain::HouseholdId;
use crate::store::households::{Counts, NewHousehold};
use crate::store::{FixedClock, Result, Store};

pub use names::WORKERS;

#[derive(Debug, Clone)]
pub struct DemoOptions {
    pub households: usize,
    pub seed: u64,
    /// The day the demo ends ("today").
    pub today: NaiveDate,
}

/// Progress: which phase, how far, out of how many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Households,
    Visits,
}

/// How far back the demo history goes.
pub const HISTORY_DAYS: u64 = 365;

/// When the demo starts: the roster is entered this morning, a year and a few days ago.
pub fn start_time(today: NaiveDate) -> NaiveDateTime {
    today
        .checked_sub_days(Days::new(HISTORY_DAYS + 7))
        .unwrap_or(today)
        .and_time(NaiveTime::from_hms_opt(8, 30, 0).unwrap_or_default())
}

/// Writes the demo into `store`, whose clock must be `clock` (set to [`start_time`]); the clock
/// is moved through the year as history is written.
pub fn generate(
    store: &mut Store,
    clock: &Rc<FixedClock>,
    opts: &DemoOptions,
    config: &Config,
    progress: &mut dyn FnMut(Phase, u64, u64),
) -> Result<Counts> {
    store.set_cache_mb(64)?;
    let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
    let plan = community::plan(&mut rng, opts.households, opts.today);
    let total = plan.households.len() as u64;
    let mut ids: Vec<HouseholdId> = Vec::with_capacity(plan.households.len());
    clock.set(start_time(opts.today));
    for (chunk_no, chunk) in plan.households.chunks(500).enumerate() {
        let new_ids = store.write(|w| {
            let mut out = Vec::with_capacity(chunk.len());
            for h in chunk {
                clock.advance_ms(1000);
                let id = w.create_household(&NewHousehold {
                    grid: plan.grids[h.grid].clone(),
                    address: h.address.clone(),
                    household_no: String::new(),
                    note: String::new(),
                })?;
                for m in &h.members {
                    w.add_member(id, m)?;
                }
                out.push(id);
            }
            Ok(out)
        })?;
        ids.extend(new_ids);
        progress(
            Phase::Households,
            ((chunk_no + 1) * 500).min(ids.len()) as u64,
            total,
        );
    }
    let workers: Vec<&str> = (0..plan.grids.len())
        .map(|g| WORKERS[g % WORKERS.len()])
        .collect();
    let households: Vec<timeline::Home<'_>> = plan
        .households
        .iter()
        .zip(&ids)
        .map(|(h, id)| timeline::Home {
            id: *id,
            worker: workers[h.grid],
            tags: h
                .members
                .iter()
                .flat_map(|m| m.tags.iter().cloned())
                .collect(),
        })
        .collect();
    timeline::simulate(
        store,
        clock,
        &mut rng,
        &households,
        opts.today,
        config,
        progress,
    )?;
    store.counts()
}
