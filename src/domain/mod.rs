//! Plain types and rules of the grid worker's world. No IO and no system clock: every rule that
//! depends on the date takes it as an argument.

pub mod household;
pub mod idnum;
pub mod ids;
pub mod phone;
pub mod policy;
pub mod request;
pub mod tag;
pub mod text;
pub mod visit;

pub use household::{Address, Gender, Household, Member, MemberStatus, Relation, age_on};
pub use idnum::{IdNumber, IdNumberError};
pub use ids::{DeviceId, HouseholdId, MemberId, OpId, RequestId, VisitId, short_id};
pub use phone::{Phone, PhoneError};
pub use policy::{Due, VisitPolicy};
pub use request::{Category, Rating, Stage, Status, Tier, TransitionError};
pub use tag::Tag;
pub use visit::{Answer, Checklist, Question, QuestionState, Visit, VisitError, VisitMode};
