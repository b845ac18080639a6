//! Typed identifiers. Every entity is named by a UUIDv7 so ids sort by creation time and never
//! collide between devices.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn parse(s: &str) -> Option<Self> {
                Uuid::parse_str(s).ok().map(Self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

id_type!(
    /// A household (户).
    HouseholdId,
    /// A person in a household.
    MemberId,
    /// One visit; amendments keep the id and add versions.
    VisitId,
    /// A resident request (诉求).
    RequestId,
    /// One entry of the op log.
    OpId,
    /// A device (laptop) that writes ops.
    DeviceId,
);

/// The short form of an id shown to people: eight hex digits of its random part. A UUIDv7
/// begins with its creation time, so the first digits of ids made within a minute or so of
/// each other (the bundles of one afternoon, the laptops enrolled at one session) are the same;
/// the last digits are random. Text that is not a UUID is cut to its first eight characters.
pub fn short_id(id: &str) -> String {
    match Uuid::parse_str(id.trim()) {
        Ok(uuid) => {
            let hex = uuid.simple().to_string();
            hex.chars().skip(hex.len().saturating_sub(8)).collect()
        }
        Err(_) => id.chars().take(8).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_ids_of_ids_made_together_differ() {
        let ts = uuid::Timestamp::from_unix(uuid::NoContext, 1_764_000_000, 0);
        let a = Uuid::new_v7(ts).to_string();
        let b = Uuid::new_v7(ts).to_string();
        assert_eq!(a.get(..8), b.get(..8), "same time, same leading digits");
        assert_ne!(short_id(&a), short_id(&b));
        assert_eq!(short_id(&a).len(), 8);
        assert!(a.replace('-', "").ends_with(&short_id(&a)));
        assert_eq!(short_id("not-a-uuid-at-all"), "not-a-uu");
    }
}
