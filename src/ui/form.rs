//! Forms for adding and editing a household or a member: text fields and choices, checked with
//! the domain's rules before anything is written.

use chrono::NaiveDate;

use super::text::TextInput;
use crate::domain::{
    Address, Gender, HouseholdId, IdNumber, Member, MemberId, Phone, Rating, Relation, RequestId,
    Tag,
};
use crate::i18n::{Lang, Msg};
use crate::store::households::NewMember;

#[derive(Debug, Clone, PartialEq)]
pub enum FieldKind {
    Text(TextInput),
    /// One of `options` (labels), the chosen index.
    Choice {
        options: Vec<String>,
        index: usize,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub label: Msg,
    pub kind: FieldKind,
}

impl Field {
    fn text(label: Msg, value: &str) -> Self {
        Self {
            label,
            kind: FieldKind::Text(TextInput::new(value)),
        }
    }

    pub fn value(&self) -> String {
        match &self.kind {
            FieldKind::Text(t) => t.text().trim().to_string(),
            FieldKind::Choice { index, .. } => index.to_string(),
        }
    }

    fn index(&self) -> usize {
        match &self.kind {
            FieldKind::Choice { index, .. } => *index,
            FieldKind::Text(_) => 0,
        }
    }
}

/// A step of a request's loop, taken from the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestAct {
    Dispatch,
    Resolve,
    Feedback,
    Rate,
    Reopen,
}

/// What the form edits.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    NewHousehold,
    Household(HouseholdId),
    NewMember(HouseholdId),
    Member(MemberId),
    Request(RequestId, RequestAct),
    /// The worker's name and grid, asked once on the first start.
    Identity,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Form {
    pub title: Msg,
    pub target: Target,
    pub fields: Vec<Field>,
    pub focus: usize,
    pub error: Option<String>,
}

/// A household's fields as checked values.
#[derive(Debug, Clone, PartialEq)]
pub struct HouseholdValues {
    pub grid: String,
    pub address: Address,
    pub note: String,
}

const GENDER_CHOICES: usize = 3;

impl Form {
    pub fn household(target: Target, grid: &str, address: &Address, note: &str) -> Self {
        Self {
            title: Msg::FormHousehold,
            target,
            fields: vec![
                Field::text(Msg::FieldGrid, grid),
                Field::text(Msg::FieldCompound, &address.compound),
                Field::text(Msg::FieldBuilding, &address.building),
                Field::text(Msg::FieldUnit, &address.unit),
                Field::text(Msg::FieldRoom, &address.room),
                Field::text(Msg::FieldNote, note),
            ],
            focus: 0,
            error: None,
        }
    }

    pub fn member(lang: Lang, target: Target, m: Option<&Member>) -> Self {
        let relations: Vec<String> = Relation::ALL
            .iter()
            .map(|r| lang.relation(*r).to_string())
            .collect();
        let relation = m.map_or(Relation::Spouse, |m| m.relation);
        let genders = vec![
            String::from("-"),
            lang.gender(Gender::Male).to_string(),
            lang.gender(Gender::Female).to_string(),
        ];
        let gender = match m.and_then(|m| m.gender) {
            None => 0,
            Some(Gender::Male) => 1,
            Some(Gender::Female) => 2,
        };
        let tags: Vec<&str> = m
            .map(|m| m.tags.iter().map(Tag::as_str).collect())
            .unwrap_or_default();
        Self {
            title: Msg::FormMember,
            target,
            fields: vec![
                Field::text(Msg::FieldName, m.map_or("", |m| m.name.as_str())),
                Field {
                    label: Msg::FieldRelation,
                    kind: FieldKind::Choice {
                        options: relations,
                        index: Relation::ALL
                            .iter()
                            .position(|r| *r == relation)
                            .unwrap_or(0),
                    },
                },
                Field {
                    label: Msg::FieldGender,
                    kind: FieldKind::Choice {
                        options: genders,
                        index: gender,
                    },
                },
                Field::text(
                    Msg::FieldIdNumber,
                    m.and_then(|m| m.id_number.as_ref())
                        .map_or("", |n| n.as_str()),
                ),
                Field::text(
                    Msg::FieldBirth,
                    &m.and_then(|m| m.birth)
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                ),
                Field::text(
                    Msg::FieldPhone,
                    m.and_then(|m| m.phone.as_ref()).map_or("", |p| p.as_str()),
                ),
                Field::text(Msg::FieldTags, &tags.join("、")),
                Field::text(Msg::FieldNote, m.map_or("", |m| m.note.as_str())),
            ],
            focus: 0,
            error: None,
        }
    }

    /// The form for one step of a request: who it goes to, the result, the feedback, the
    /// rating or the reason to reopen.
    pub fn request(lang: Lang, target: Target, dispute: bool, departments: &[String]) -> Self {
        let act = match target {
            Target::Request(_, act) => act,
            _ => RequestAct::Feedback,
        };
        let choice = |label, options: Vec<String>| Field {
            label,
            kind: FieldKind::Choice { options, index: 0 },
        };
        let (title, fields) = match act {
            RequestAct::Dispatch => (
                Msg::FormDispatch,
                vec![
                    choice(Msg::FieldDepartment, departments.to_vec()),
                    Field::text(Msg::FieldNoteShort, ""),
                ],
            ),
            RequestAct::Resolve => {
                let mut fields = vec![Field::text(Msg::FieldResult, "")];
                if dispute {
                    fields.push(choice(
                        Msg::FieldMediated,
                        vec![
                            lang.t(Msg::ChoiceYes).to_string(),
                            lang.t(Msg::ChoiceNo).to_string(),
                        ],
                    ));
                }
                (Msg::FormResolve, fields)
            }
            RequestAct::Feedback => (Msg::FormFeedback, vec![Field::text(Msg::FieldFeedback, "")]),
            RequestAct::Rate => (
                Msg::FormRate,
                vec![
                    choice(
                        Msg::FieldRating,
                        Rating::ALL
                            .iter()
                            .map(|r| lang.rating(*r).to_string())
                            .collect(),
                    ),
                    Field::text(Msg::FieldComment, ""),
                ],
            ),
            RequestAct::Reopen => (Msg::FormReopen, vec![Field::text(Msg::FieldReason, "")]),
        };
        Self {
            title,
            target,
            fields,
            focus: 0,
            error: None,
        }
    }

    /// The first-start form: the worker's name and grid.
    pub fn identity(grid: &str) -> Self {
        Self {
            title: Msg::FirstRunTitle,
            target: Target::Identity,
            fields: vec![
                Field::text(Msg::FieldName, ""),
                Field::text(Msg::FieldGrid, grid),
            ],
            focus: 0,
            error: None,
        }
    }

    /// A text field's value by label.
    pub fn text_of(&self, label: Msg) -> String {
        self.get(label)
    }

    /// A choice field's chosen index and label.
    pub fn choice_of(&self, label: Msg) -> Option<(usize, String)> {
        match &self.fields.iter().find(|f| f.label == label)?.kind {
            FieldKind::Choice { options, index } => {
                Some((*index, options.get(*index).cloned().unwrap_or_default()))
            }
            FieldKind::Text(_) => None,
        }
    }

    pub fn focused_is_text(&self) -> bool {
        matches!(
            self.fields.get(self.focus).map(|f| &f.kind),
            Some(FieldKind::Text(_))
        )
    }

    pub fn focused_input(&mut self) -> Option<&mut TextInput> {
        match self.fields.get_mut(self.focus).map(|f| &mut f.kind) {
            Some(FieldKind::Text(t)) => Some(t),
            _ => None,
        }
    }

    pub fn next(&mut self) {
        self.focus = (self.focus + 1) % self.fields.len().max(1);
    }

    pub fn prev(&mut self) {
        self.focus = (self.focus + self.fields.len().max(1) - 1) % self.fields.len().max(1);
    }

    /// Left/right on a choice field.
    pub fn choose(&mut self, delta: isize) -> bool {
        if let Some(FieldKind::Choice { options, index }) =
            self.fields.get_mut(self.focus).map(|f| &mut f.kind)
        {
            let n = options.len() as isize;
            *index = ((*index as isize + delta).rem_euclid(n.max(1))) as usize;
            true
        } else {
            false
        }
    }

    fn get(&self, label: Msg) -> String {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map(Field::value)
            .unwrap_or_default()
    }

    pub fn household_values(&self, lang: Lang) -> Result<HouseholdValues, String> {
        let grid = self.get(Msg::FieldGrid);
        if grid.is_empty() {
            return Err(lang.t(Msg::ErrGridRequired).to_string());
        }
        Ok(HouseholdValues {
            grid,
            address: Address::new(
                &self.get(Msg::FieldCompound),
                &self.get(Msg::FieldBuilding),
                &self.get(Msg::FieldUnit),
                &self.get(Msg::FieldRoom),
            ),
            note: self.get(Msg::FieldNote),
        })
    }

    /// Checks the member fields: a name, a valid ID number (its birth date and sex fill in or
    /// must agree with the other fields), a valid phone, a birth date.
    pub fn member_values(&self, lang: Lang, today: NaiveDate) -> Result<NewMember, String> {
        let name = self.get(Msg::FieldName);
        if name.is_empty() {
            return Err(lang.t(Msg::ErrNameRequired).to_string());
        }
        let relation = Relation::ALL
            .get(
                self.fields
                    .iter()
                    .find(|f| f.label == Msg::FieldRelation)
                    .map_or(0, Field::index),
            )
            .copied()
            .unwrap_or(Relation::Other);
        let gender_index = self
            .fields
            .iter()
            .find(|f| f.label == Msg::FieldGender)
            .map_or(0, Field::index);
        let mut gender = match gender_index % GENDER_CHOICES {
            1 => Some(Gender::Male),
            2 => Some(Gender::Female),
            _ => None,
        };
        let id_text = self.get(Msg::FieldIdNumber);
        let id_number = if id_text.is_empty() {
            None
        } else {
            Some(
                IdNumber::parse(&id_text, today)
                    .map_err(|e| lang.f(Msg::ErrIdNumber, &[("e", &e)]))?,
            )
        };
        let birth_text = self.get(Msg::FieldBirth);
        let mut birth = if birth_text.is_empty() {
            None
        } else {
            Some(
                birth_text
                    .parse::<NaiveDate>()
                    .map_err(|_| lang.t(Msg::ErrBirth).to_string())?,
            )
        };
        if let Some(id) = &id_number {
            match (gender, id.gender()) {
                (Some(g), Some(from_id)) if g != from_id => {
                    return Err(lang.t(Msg::ErrGenderMismatch).to_string());
                }
                (None, from_id) => gender = from_id,
                _ => {}
            }
            if birth.is_none() {
                birth = id.birth_date();
            }
        }
        let phone_text = self.get(Msg::FieldPhone);
        let phone = if phone_text.is_empty() {
            None
        } else {
            Some(Phone::parse(&phone_text).map_err(|e| lang.f(Msg::ErrPhone, &[("e", &e)]))?)
        };
        Ok(NewMember {
            name,
            relation,
            gender,
            birth,
            id_number,
            phone,
            tags: Tag::split_list(&self.get(Msg::FieldTags)),
            note: self.get(Msg::FieldNote),
        })
    }
}
