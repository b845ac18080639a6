//! Where a request stood at a moment, from its valid lifecycle events up to that moment.

use chrono::NaiveDateTime;

use crate::domain::{Rating, Status};
use crate::store::figures::EventFact;

/// A request's standing as of the last of the events it was computed from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Standing {
    pub status: Status,
    /// When the current round was resolved (its latest resolution), if it is.
    pub resolved_at: Option<NaiveDateTime>,
    /// For a dispute: whether that resolution mediated it (化解).
    pub mediated: Option<bool>,
    /// The latest rating given in any round: a request reopened after a poor rating keeps that
    /// rating until it is rated again.
    pub rating: Option<Rating>,
}

/// The standing after `events`, which must be valid events in lifecycle order (round, rank in
/// the round, clock), as the store returns them. The status is that of the last event, as the
/// store settles it; no events means the request had not been opened yet (`None`).
pub fn standing(events: &[EventFact]) -> Option<Standing> {
    let last = events.last()?;
    let resolution = events
        .iter()
        .rev()
        .find(|e| e.round == last.round && e.to == Status::Resolved);
    let resolution = resolution.filter(|_| last.to.is_resolved());
    Some(Standing {
        status: last.to,
        resolved_at: resolution.map(|e| e.at),
        mediated: resolution.and_then(|e| e.mediated),
        rating: events
            .iter()
            .rev()
            .find(|e| e.to == Status::Evaluated)
            .and_then(|e| e.rating),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn at(day: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2026, 11, day)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap()
    }

    fn ev(to: Status, round: u32, day: u32) -> EventFact {
        EventFact {
            to,
            round,
            at: at(day),
            mediated: None,
            rating: None,
        }
    }

    #[test]
    fn standing_follows_rounds_and_keeps_the_last_rating() {
        assert_eq!(standing(&[]), None);
        let mut events = vec![ev(Status::Open, 1, 1), ev(Status::Dispatched, 1, 2)];
        let s = standing(&events).unwrap();
        assert_eq!((s.status, s.resolved_at), (Status::Dispatched, None));
        let mut resolved = ev(Status::Resolved, 1, 4);
        resolved.mediated = Some(true);
        events.push(resolved);
        events.push(ev(Status::FedBack, 1, 5));
        let mut rated = ev(Status::Evaluated, 1, 6);
        rated.rating = Some(Rating::Dissatisfied);
        events.push(rated);
        let s = standing(&events).unwrap();
        assert_eq!(s.status, Status::Evaluated);
        assert_eq!(s.resolved_at, Some(at(4)));
        assert_eq!(s.mediated, Some(true));
        assert_eq!(s.rating, Some(Rating::Dissatisfied));
        // Reopened: not resolved any more, but the poor rating still counts.
        events.push(ev(Status::Open, 2, 8));
        let s = standing(&events).unwrap();
        assert_eq!(
            (s.status, s.resolved_at, s.mediated),
            (Status::Open, None, None)
        );
        assert_eq!(s.rating, Some(Rating::Dissatisfied));
        // Resolved again in round 2: the new resolution counts.
        events.push(ev(Status::Resolved, 2, 12));
        let s = standing(&events).unwrap();
        assert_eq!(s.resolved_at, Some(at(12)));
        assert_eq!(s.mediated, None);
    }
}
