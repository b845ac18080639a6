//! What every tab may read while it handles an action: the language, the config, the visit
//! policy, the time, the screen's size, and the store to read and write through.

use chrono::{NaiveDate, NaiveDateTime};

use crate::config::Config;
use crate::domain::VisitPolicy;
use crate::i18n::{Lang, Msg};
use crate::store::Store;

pub struct Cx<'a> {
    pub lang: Lang,
    pub config: &'a Config,
    pub policy: &'a VisitPolicy,
    pub now: NaiveDateTime,
    /// The terminal's size (columns, rows).
    pub size: (u16, u16),
    pub store: &'a mut Store,
}

impl Cx<'_> {
    pub fn today(&self) -> NaiveDate {
        self.now.date()
    }

    pub fn t(&self, m: Msg) -> &'static str {
        self.lang.t(m)
    }

    /// A store error as the worker reads it.
    pub fn store_error(&self, e: &crate::store::StoreError) -> String {
        match e {
            crate::store::StoreError::WritesBlocked(_) => self.t(Msg::ErrWritesBlocked).to_string(),
            other => crate::explain::store(self.lang, other),
        }
    }
}
