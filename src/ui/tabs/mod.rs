//! The tabs other than the household list. Each owns its state and handles its actions with
//! `update(&mut self, action, cx) -> Effects`: it reads and writes through the context and
//! asks for anything beyond itself (another tab, a household, an overlay, "the data changed")
//! as effects, which `App::apply` carries out. No tab reaches into another.

pub mod due;
pub mod figures;
pub mod households;
pub mod requests;
pub mod sync;
