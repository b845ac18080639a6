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
