//! A year of history as a discrete-event simulation: visits at roughly each household's policy
//! interval, requests born from them, and each request moving through its lifecycle. Events run
//! in time order with the clock set to each, so ops carry the times they describe.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::rc::Rc;

use chrono::{Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use rand::RngExt;
use rand_chacha::ChaCha8Rng;

use super::names::HELPERS;
use super::notes::{self, pick};
use super::{HISTORY_DAYS, Phase};
use crate::config::Config;
use crate::domain::{
    Answer, Category, Checklist, HouseholdId, QuestionState, Rating, RequestId, Tag, Tier, Visit,
    VisitId, VisitMode,
};
use crate::store::requests::NewRequest;
use crate::store::{FixedClock, Result, Store, Writer};

pub struct Home<'a> {
    pub id: HouseholdId,
    pub worker: &'a str,
    pub tags: Vec<Tag>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Dispatch,
    Resolve,
    Feedback,
    Evaluate,
    Reopen,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Event {
    Visit(usize),
    Request {
        id: RequestId,
        category: Category,
        tier: Tier,
        step: Step,
        round: u32,
    },
}

type Queue = BinaryHeap<Reverse<(NaiveDateTime, u64, Event)>>;

struct Sim<'a> {
    rng: &'a mut ChaCha8Rng,
    queue: Queue,
    order: u64,
    now_limit: NaiveDateTime,
    config: &'a Config,
}

impl Sim<'_> {
    fn push(&mut self, at: NaiveDateTime, event: Event) {
        if at <= self.now_limit {
            self.order += 1;
            self.queue.push(Reverse((at, self.order, event)));
        }
    }

    fn working_time(&mut self, day: NaiveDate) -> NaiveDateTime {
        let minutes = self.rng.random_range(8 * 60 + 30..18 * 60);
        day.and_time(NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).unwrap_or_default())
    }

    fn later(&mut self, from: NaiveDateTime, min_days: u64, max_days: u64) -> NaiveDateTime {
        let day = from
            .date()
            .checked_add_days(Days::new(self.rng.random_range(min_days..=max_days)))
            .unwrap_or(from.date());
        let t = self.working_time(day);
        if t <= from {
            from + TimeDelta::minutes(30)
        } else {
            t
        }
    }
}

pub fn simulate(
    store: &mut Store,
    clock: &Rc<FixedClock>,
    rng: &mut ChaCha8Rng,
    homes: &[Home<'_>],
    today: NaiveDate,
    config: &Config,
    progress: &mut dyn FnMut(Phase, u64, u64),
) -> Result<()> {
    let policy = config.policy();
    let start = today
        .checked_sub_days(Days::new(HISTORY_DAYS))
        .unwrap_or(today);
    let now_limit = today.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default());
    let mut sim = Sim {
        rng,
        queue: BinaryHeap::new(),
        order: 0,
        now_limit,
        config,
    };
    for (i, home) in homes.iter().enumerate() {
        let interval = u64::from(policy.interval(&home.tags));
        let first = start
            .checked_add_days(Days::new(sim.rng.random_range(0..interval.min(120))))
            .unwrap_or(start);
        let at = sim.working_time(first);
        sim.push(at, Event::Visit(i));
    }
    let estimate = homes
        .iter()
        .map(|h| 365 / u64::from(policy.interval(&h.tags)))
        .sum::<u64>()
        .max(1);
    let mut done = 0u64;
    while !sim.queue.is_empty() {
        store.write(|w| {
            for _ in 0..10_000 {
                let Some(Reverse((at, _, event))) = sim.queue.pop() else {
                    break;
                };
                clock.set(at);
                match event {
                    Event::Visit(i) => {
                        visit(w, &mut sim, &homes[i], at)?;
                        let interval = f64::from(policy.interval(&homes[i].tags));
                        let stretch = if sim.rng.random_bool(0.08) {
                            2.2
                        } else {
                            sim.rng.random_range(0.6..1.25)
                        };
                        let days = (interval * stretch).round().max(1.0) as u64;
                        let next = sim.later(at, days, days);
                        sim.push(next, Event::Visit(i));
                        done += 1;
                    }
                    Event::Request {
                        id,
                        category,
                        tier,
                        step,
                        round,
                    } => {
                        request_step(
                            w,
                            &mut sim,
                            RequestCtx {
                                id,
                                category,
                                tier,
                                round,
                            },
                            step,
                            at,
                        )?;
                    }
                }
            }
            Ok(())
        })?;
        progress(Phase::Visits, done.min(estimate), estimate);
    }
    progress(Phase::Visits, estimate, estimate);
    Ok(())
}

fn visit(w: &mut Writer<'_>, sim: &mut Sim<'_>, home: &Home<'_>, at: NaiveDateTime) -> Result<()> {
    let rng = &mut *sim.rng;
    let mode = match rng.random_range(0..100) {
        0..70 => VisitMode::InPerson,
        70..90 => VisitMode::Phone,
        90..98 => VisitMode::Wechat,
        _ => VisitMode::Other,
    };
    let visitor = if rng.random_bool(0.88) {
        home.worker.to_string()
    } else {
        pick(rng, HELPERS).to_string()
    };
    let companions = if mode == VisitMode::InPerson && rng.random_bool(0.1) {
        vec![pick(rng, HELPERS).to_string()]
    } else {
        Vec::new()
    };
    let nothing = |rng: &mut ChaCha8Rng| Answer {
        state: QuestionState::NothingNew,
        notes: pick(rng, notes::NOTHING_NEW).to_string(),
    };
    let asked = |text: &str| Answer {
        state: QuestionState::Asked,
        notes: text.to_string(),
    };
    let basics = if rng.random_bool(0.6) {
        asked(pick(rng, notes::BASICS))
    } else {
        nothing(rng)
    };
    let dispute = rng.random_bool(0.015);
    let family = if dispute {
        asked(pick(rng, notes::DISPUTES))
    } else if rng.random_bool(0.5) {
        asked(pick(rng, notes::FAMILY))
    } else if rng.random_bool(0.9) {
        nothing(rng)
    } else {
        Answer::default()
    };
    let need = rng
        .random_bool(if home.tags.is_empty() { 0.08 } else { 0.16 })
        .then(|| {
            let category = Category::NEEDS[rng.random_range(0..Category::NEEDS.len())];
            (category, notes::need(rng, category))
        });
    let difficulties = match need {
        Some((_, text)) => asked(text),
        None => nothing(rng),
    };
    let suggestion = rng.random_bool(0.05).then(|| pick(rng, notes::SUGGESTIONS));
    let suggestions = match suggestion {
        Some(text) => asked(text),
        None if rng.random_bool(0.7) => nothing(rng),
        None => Answer::default(),
    };
    let id = VisitId(w.new_id());
    let v = Visit {
        id,
        household: home.id,
        at,
        mode,
        visitor,
        companions,
        checklist: Checklist {
            basics,
            family,
            difficulties,
            suggestions,
        },
    };
    w.record_visit(&v)?;
    let mut born: Vec<(Category, Tier, String)> = Vec::new();
    if let Some((category, text)) = need {
        let tier = match sim.rng.random_range(0..100) {
            0..25 => Tier::OnTheSpot,
            25..90 => Tier::TimeLimited,
            _ => Tier::Escalated,
        };
        born.push((category, tier, text.to_string()));
    }
    if dispute {
        born.push((
            Category::Dispute,
            Tier::TimeLimited,
            v.checklist.family.notes.clone(),
        ));
    }
    if let Some(text) = suggestion
        && sim.rng.random_bool(0.5)
    {
        born.push((Category::Suggestion, Tier::TimeLimited, text.to_string()));
    }
    for (category, tier, summary) in born {
        let answer = if tier == Tier::OnTheSpot {
            pick(sim.rng, notes::RESULTS).to_string()
        } else {
            String::new()
        };
        let id = w.open_request(&NewRequest {
            household: home.id,
            visit: Some(id),
            category,
            tier,
            summary,
            opened_at: at,
            limit_days: sim.config.time_limit(category),
            answer,
        })?;
        let first = if tier == Tier::OnTheSpot {
            Step::Feedback
        } else {
            Step::Dispatch
        };
        let next = sim.later(at, 0, 2);
        sim.push(
            next,
            Event::Request {
                id,
                category,
                tier,
                step: first,
                round: 1,
            },
        );
    }
    Ok(())
}

#[derive(Clone, Copy)]
struct RequestCtx {
    id: RequestId,
    category: Category,
    tier: Tier,
    round: u32,
}

fn request_step(
    w: &mut Writer<'_>,
    sim: &mut Sim<'_>,
    ctx: RequestCtx,
    step: Step,
    at: NaiveDateTime,
) -> Result<()> {
    let RequestCtx {
        id,
        category,
        tier,
        round,
    } = ctx;
    let limit = u64::from(sim.config.time_limit(category));
    let next = |sim: &mut Sim<'_>, step: Step, min: u64, max: u64| {
        let t = sim.later(at, min, max);
        sim.push(
            t,
            Event::Request {
                id,
                category,
                tier,
                step,
                round,
            },
        );
    };
    match step {
        Step::Dispatch => {
            w.dispatch_request(id, notes::department(category), "请尽快处理并反馈。", at)?;
            // Most are handled within the limit; some run late, some stall and end up overdue,
            // escalated ones wait on the office.
            if sim.rng.random_bool(0.06) {
                return Ok(());
            }
            let (min, max) = if tier == Tier::Escalated {
                (10, 45)
            } else if sim.rng.random_bool(0.15) {
                (1, limit * 3)
            } else {
                (1, limit)
            };
            next(sim, Step::Resolve, min, max.max(1));
        }
        Step::Resolve => {
            let mediated = (category == Category::Dispute).then(|| sim.rng.random_bool(0.8));
            let result = match mediated {
                Some(true) => pick(sim.rng, notes::MEDIATED),
                Some(false) => pick(sim.rng, notes::NOT_MEDIATED),
                None => pick(sim.rng, notes::RESULTS),
            };
            w.resolve_request(id, result, mediated, at)?;
            next(sim, Step::Feedback, 0, 3);
        }
        Step::Feedback => {
            w.feedback_request(id, pick(sim.rng, notes::FEEDBACK), at)?;
            if sim.rng.random_bool(0.88) {
                next(sim, Step::Evaluate, 0, 5);
            }
        }
        Step::Evaluate => {
            let rating = match sim.rng.random_range(0..100) {
                0..80 => Rating::Satisfied,
                80..95 => Rating::BasicallySatisfied,
                _ => Rating::Dissatisfied,
            };
            let comment = if rating == Rating::Dissatisfied {
                pick(sim.rng, notes::COMPLAINTS)
            } else {
                pick(sim.rng, notes::COMMENTS)
            };
            w.evaluate_request(id, rating, comment, at)?;
            if rating == Rating::Dissatisfied && round < 3 && sim.rng.random_bool(0.6) {
                next(sim, Step::Reopen, 1, 4);
            }
        }
        Step::Reopen => {
            w.reopen_request(id, "居民对结果不满意，重新办理。", at)?;
            let t = sim.later(at, 0, 2);
            sim.push(
                t,
                Event::Request {
                    id,
                    category,
                    tier,
                    step: Step::Dispatch,
                    round: round + 1,
                },
            );
        }
    }
    Ok(())
}
