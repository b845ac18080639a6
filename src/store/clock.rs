//! The wall clock and the id source, injected so tests and the demo are repeatable.

use std::cell::Cell;

use chrono::{DateTime, Local, NaiveDateTime, TimeZone};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use uuid::Uuid;

/// Where "now" comes from.
pub trait Clock {
    /// Unix milliseconds.
    fn now_ms(&self) -> i64;

    /// The local date and time shown to the worker.
    fn now_local(&self) -> NaiveDateTime {
        DateTime::from_timestamp_millis(self.now_ms())
            .map(|t| t.with_timezone(&Local).naive_local())
            .unwrap_or_default()
    }

    /// The Unix milliseconds of a local date and time in this clock's time zone (the earlier
    /// reading when clocks go back, the moment after a gap when they go forward).
    fn local_ms(&self, local: NaiveDateTime) -> i64 {
        local_ms_in(&Local, local)
    }
}

fn local_ms_in<Tz: TimeZone>(tz: &Tz, local: NaiveDateTime) -> i64 {
    match tz.from_local_datetime(&local) {
        chrono::LocalResult::Single(t) => t.timestamp_millis(),
        chrono::LocalResult::Ambiguous(a, _) => a.timestamp_millis(),
        chrono::LocalResult::None => tz
            .from_local_datetime(&(local + chrono::TimeDelta::hours(1)))
            .earliest()
            .map(|t| t.timestamp_millis())
            .unwrap_or_else(|| local.and_utc().timestamp_millis()),
    }
}

impl<C: Clock + ?Sized> Clock for std::rc::Rc<C> {
    fn now_ms(&self) -> i64 {
        (**self).now_ms()
    }

    fn now_local(&self) -> NaiveDateTime {
        (**self).now_local()
    }

    fn local_ms(&self, local: NaiveDateTime) -> i64 {
        (**self).local_ms(local)
    }
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        chrono::Utc::now().timestamp_millis()
    }
}

/// A clock that reads what it is set to; for tests, screenshots and the demo generator.
/// Local time is taken as UTC+8 so results do not depend on the machine's time zone.
#[derive(Debug)]
pub struct FixedClock(Cell<i64>);

impl FixedClock {
    pub fn at(local: NaiveDateTime) -> Self {
        Self(Cell::new(Self::to_ms(local)))
    }

    pub fn set(&self, local: NaiveDateTime) {
        self.0.set(Self::to_ms(local));
    }

    pub fn advance_ms(&self, ms: i64) {
        self.0.set(self.0.get() + ms);
    }

    fn to_ms(local: NaiveDateTime) -> i64 {
        china()
            .from_local_datetime(&local)
            .single()
            .map(|t| t.timestamp_millis())
            .unwrap_or_default()
    }
}

/// China Standard Time, UTC+8.
fn china() -> chrono::FixedOffset {
    use chrono::Offset;
    chrono::FixedOffset::east_opt(8 * 3600).unwrap_or_else(|| chrono::Utc.fix())
}

impl Clock for FixedClock {
    fn now_ms(&self) -> i64 {
        self.0.get()
    }

    fn now_local(&self) -> NaiveDateTime {
        DateTime::from_timestamp_millis(self.0.get())
            .map(|t| t.with_timezone(&china()).naive_local())
            .unwrap_or_default()
    }

    fn local_ms(&self, local: NaiveDateTime) -> i64 {
        local_ms_in(&china(), local)
    }
}

/// Makes UUIDv7 ids: from the operating system's randomness, or from a seed for repeatable demo
/// data.
pub enum IdSource {
    Random,
    Seeded(Box<ChaCha8Rng>),
}

impl IdSource {
    pub fn seeded(seed: u64) -> Self {
        Self::Seeded(Box::new(ChaCha8Rng::seed_from_u64(seed)))
    }

    pub fn next(&mut self, unix_ms: i64) -> Uuid {
        let mut bytes = [0u8; 10];
        match self {
            Self::Random => rand::rng().fill_bytes(&mut bytes),
            Self::Seeded(rng) => rng.fill_bytes(&mut bytes),
        }
        let ms = u64::try_from(unix_ms).unwrap_or(0);
        uuid::Builder::from_unix_timestamp_millis(ms, &bytes).into_uuid()
    }
}
