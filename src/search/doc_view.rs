//! Reading a household back out of the index, in display form.

use super::index::{Index, Kind};
use super::{MatchField, SearchDoc};
use crate::domain::HouseholdId;

/// One household of an [`Index`], in display form.
#[derive(Debug, Clone, Copy)]
pub struct DocView<'a> {
    pub(super) index: &'a Index,
    pub(super) doc: usize,
}

impl<'a> DocView<'a> {
    pub fn id(&self) -> HouseholdId {
        self.index.id(self.doc)
    }

    pub fn head(&self) -> &'a str {
        self.first(Kind::Head)
    }

    pub fn members(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.index.texts_of(self.doc, Kind::Member)
    }

    pub fn address(&self) -> &'a str {
        self.first(Kind::Address)
    }

    pub fn compound(&self) -> &'a str {
        self.first(Kind::Compound)
    }

    pub fn phones(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.index.texts_of(self.doc, Kind::Phone)
    }

    pub fn id_numbers(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.index.texts_of(self.doc, Kind::IdNumber)
    }

    pub fn tags(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.index.texts_of(self.doc, Kind::Tag)
    }

    /// The text of a field, as highlighted by a [`super::Hit`].
    pub fn text(&self, field: MatchField) -> Option<&'a str> {
        let nth = |kind, n| self.index.texts_of(self.doc, kind).nth(n);
        match field {
            MatchField::Head => Some(self.head()),
            MatchField::Member(i) => nth(Kind::Member, i),
            MatchField::Address => Some(self.address()),
            MatchField::Compound => Some(self.compound()),
            MatchField::Phone(i) => nth(Kind::Phone, i),
            MatchField::IdNumber(i) => nth(Kind::IdNumber, i),
            MatchField::Tag(i) => nth(Kind::Tag, i),
        }
    }

    /// The household as it was given to [`Index::build`] (texts longer than 65,535 bytes are
    /// kept cut short).
    pub fn to_search_doc(&self) -> SearchDoc {
        let own = |it: &mut dyn Iterator<Item = &str>| it.map(str::to_owned).collect();
        SearchDoc {
            id: self.id(),
            head: self.head().to_owned(),
            members: own(&mut self.members()),
            address: self.address().to_owned(),
            compound: self.compound().to_owned(),
            phones: own(&mut self.phones()),
            id_numbers: own(&mut self.id_numbers()),
            tags: own(&mut self.tags()),
        }
    }

    fn first(&self, kind: Kind) -> &'a str {
        self.index
            .texts_of(self.doc, kind)
            .next()
            .unwrap_or_default()
    }
}
