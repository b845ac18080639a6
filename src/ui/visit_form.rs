//! The visit form: date, mode, visitor, then the four questions, each with a state, notes and
//! quick picks. The whole form is plain data (serde), saved as a draft on every change.

use chrono::{NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};

use super::text::TextInput;
use crate::domain::{
    Answer, Category, Checklist, HouseholdId, Member, MemberId, MemberStatus, OpId, Question,
    QuestionState, Relation, Tier, Visit, VisitId, VisitMode,
};

/// Where the keys go in the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Focus {
    Date,
    Mode,
    Visitor,
    Companions,
    Notes(Question),
    State(Question),
    /// Basics: the members to confirm.
    Members,
    /// Family matters: the dispute flag.
    Dispute,
    /// Family matters: the dispute's description.
    DisputeText,
    /// Difficulties: the needs to pick.
    Needs,
    /// Suggestions: whether the suggestion becomes a request.
    SuggestionFlag,
}

impl Focus {
    /// Tab order: the questions first (the form opens in the first notes), then the header.
    pub const ORDER: [Focus; 17] = [
        Focus::Notes(Question::Basics),
        Focus::State(Question::Basics),
        Focus::Members,
        Focus::Notes(Question::Family),
        Focus::State(Question::Family),
        Focus::Dispute,
        Focus::DisputeText,
        Focus::Notes(Question::Difficulties),
        Focus::State(Question::Difficulties),
        Focus::Needs,
        Focus::Notes(Question::Suggestions),
        Focus::State(Question::Suggestions),
        Focus::SuggestionFlag,
        Focus::Date,
        Focus::Mode,
        Focus::Visitor,
        Focus::Companions,
    ];

    /// The question a field belongs to, if any.
    pub fn question(self) -> Option<Question> {
        match self {
            Focus::Notes(q) | Focus::State(q) => Some(q),
            Focus::Members => Some(Question::Basics),
            Focus::Dispute | Focus::DisputeText => Some(Question::Family),
            Focus::Needs => Some(Question::Difficulties),
            Focus::SuggestionFlag => Some(Question::Suggestions),
            _ => None,
        }
    }

    pub fn is_text(self) -> bool {
        matches!(
            self,
            Focus::Date | Focus::Visitor | Focus::Companions | Focus::Notes(_) | Focus::DisputeText
        )
    }
}

/// What the worker noted about one member under 问基本情况.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberCheck {
    pub member: MemberId,
    pub name: String,
    pub moved_out: bool,
    /// A new phone number, if one was given.
    pub phone: Option<TextInput>,
    /// A change in health, added to the member's note.
    pub health: Option<TextInput>,
    /// A category the health change puts the member in (重病 …), which can change how often
    /// the household is visited.
    #[serde(default)]
    pub tag: Option<String>,
}

/// A person found living in the household who is not on the record yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewPerson {
    pub name: TextInput,
    pub relation: Relation,
}

/// One quick-pick need under 问困难需求.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeedPick {
    pub category: Category,
    pub picked: bool,
    pub tier: Tier,
}

/// The sub-field of the members list being typed into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberEdit {
    Phone,
    Health,
    /// The category chosen with a health change (←/→), after `Tab` from its text.
    HealthTag,
    NewName,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionForm {
    pub state: QuestionState,
    pub notes: TextInput,
}

/// The whole form; saved as JSON in the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitForm {
    pub household: HouseholdId,
    pub visit: VisitId,
    /// For an amendment: the version it corrects.
    pub corrects: Option<OpId>,
    pub date: TextInput,
    pub mode: VisitMode,
    pub visitor: TextInput,
    pub companions: TextInput,
    pub questions: [QuestionForm; 4],
    pub members: Vec<MemberCheck>,
    pub new_people: Vec<NewPerson>,
    /// Selected row of the members list (members, then new people, then "add").
    pub member_sel: usize,
    pub member_edit: Option<MemberEdit>,
    pub dispute: bool,
    pub dispute_text: TextInput,
    pub needs: Vec<NeedPick>,
    pub need_sel: usize,
    pub suggestion_request: bool,
    pub focus: Focus,
    /// The previous visit's basics, for "same as last visit".
    pub last_basics: Option<Answer>,
    /// The categories the visit policy gives a cadence to, strictest first: what a health change
    /// can add.
    #[serde(default)]
    pub cadence_tags: Vec<String>,
}

/// The date-time format of the date field.
pub const DATE_FORMAT: &str = "%Y-%m-%d %H:%M";

fn q_index(q: Question) -> usize {
    match q {
        Question::Basics => 0,
        Question::Family => 1,
        Question::Difficulties => 2,
        Question::Suggestions => 3,
    }
}

impl VisitForm {
    /// A new visit now, by `visitor`, to a household with these members.
    pub fn new(
        household: HouseholdId,
        visit: VisitId,
        now: NaiveDateTime,
        visitor: &str,
        members: &[Member],
        last_basics: Option<Answer>,
    ) -> Self {
        let now = now.with_second(0).unwrap_or(now);
        Self {
            household,
            visit,
            corrects: None,
            date: TextInput::new(&now.format(DATE_FORMAT).to_string()),
            mode: VisitMode::InPerson,
            visitor: TextInput::new(visitor),
            companions: TextInput::default(),
            questions: std::array::from_fn(|_| QuestionForm {
                state: QuestionState::NotAsked,
                notes: TextInput::default(),
            }),
            members: members
                .iter()
                .filter(|m| m.status == MemberStatus::Present)
                .map(|m| MemberCheck {
                    member: m.id,
                    name: m.name.clone(),
                    moved_out: false,
                    phone: None,
                    health: None,
                    tag: None,
                })
                .collect(),
            new_people: Vec::new(),
            member_sel: 0,
            member_edit: None,
            dispute: false,
            dispute_text: TextInput::default(),
            needs: Category::NEEDS
                .iter()
                .map(|c| NeedPick {
                    category: *c,
                    picked: false,
                    tier: Tier::TimeLimited,
                })
                .collect(),
            need_sel: 0,
            suggestion_request: false,
            focus: Focus::Notes(Question::Basics),
            last_basics,
            cadence_tags: Vec::new(),
        }
    }

    /// A form to amend `visit` (its current version `corrects`).
    pub fn amend(visit: &Visit, corrects: OpId, members: &[Member]) -> Self {
        let mut f = Self::new(
            visit.household,
            visit.id,
            visit.at,
            &visit.visitor,
            members,
            None,
        );
        f.corrects = Some(corrects);
        f.mode = visit.mode;
        f.companions = TextInput::new(&visit.companions.join("、"));
        for q in Question::ALL {
            let a = visit.checklist.get(q);
            f.questions[q_index(q)] = QuestionForm {
                state: a.state,
                notes: TextInput::new(&a.notes),
            };
        }
        f
    }

    pub fn question(&self, q: Question) -> &QuestionForm {
        &self.questions[q_index(q)]
    }

    pub fn question_mut(&mut self, q: Question) -> &mut QuestionForm {
        &mut self.questions[q_index(q)]
    }

    /// The text field under the focus, if the focus is on one.
    pub fn input_mut(&mut self) -> Option<&mut TextInput> {
        if self.focus == Focus::Members {
            let sel = self.member_sel;
            return match self.member_edit? {
                MemberEdit::Phone => self.members.get_mut(sel)?.phone.as_mut(),
                MemberEdit::Health => self.members.get_mut(sel)?.health.as_mut(),
                MemberEdit::HealthTag => None,
                MemberEdit::NewName => {
                    let i = sel.checked_sub(self.members.len())?;
                    self.new_people.get_mut(i).map(|p| &mut p.name)
                }
            };
        }
        match self.focus {
            Focus::Date => Some(&mut self.date),
            Focus::Visitor => Some(&mut self.visitor),
            Focus::Companions => Some(&mut self.companions),
            Focus::Notes(q) => Some(&mut self.question_mut(q).notes),
            Focus::DisputeText => Some(&mut self.dispute_text),
            _ => None,
        }
    }

    /// Keys go to a text field (so letters are text, not commands).
    pub fn typing(&self) -> bool {
        self.focus.is_text()
            || (self.focus == Focus::Members
                && self.member_edit.is_some_and(|e| e != MemberEdit::HealthTag))
    }

    /// After text was typed into a question's notes, the question counts as asked.
    pub fn touched(&mut self) {
        if let Some(q) = self.focus.question() {
            let qf = self.question_mut(q);
            if qf.state == QuestionState::NotAsked && !qf.notes.is_empty() {
                qf.state = QuestionState::Asked;
            }
        }
        if self.focus == Focus::DisputeText && !self.dispute_text.is_empty() {
            self.dispute = true;
            let family = self.question_mut(Question::Family);
            if family.state == QuestionState::NotAsked {
                family.state = QuestionState::Asked;
            }
        }
    }

    pub fn next_field(&mut self, forward: bool) {
        // From a health change's text, Tab goes to its category (and back with Shift-Tab).
        match (self.member_edit, forward) {
            (Some(MemberEdit::Health), true) if !self.cadence_tags.is_empty() => {
                self.member_edit = Some(MemberEdit::HealthTag);
                return;
            }
            (Some(MemberEdit::HealthTag), false) => {
                self.member_edit = Some(MemberEdit::Health);
                return;
            }
            _ => {}
        }
        self.member_edit = None;
        let order = &Focus::ORDER;
        let i = order.iter().position(|f| *f == self.focus).unwrap_or(0);
        let n = order.len();
        self.focus = order[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
    }

    /// 无新情况: marks the focused question "nothing new" and goes on to the next one's notes.
    pub fn nothing_new(&mut self) {
        let q = self.focus.question().unwrap_or(Question::Basics);
        let qf = self.question_mut(q);
        if qf.state != QuestionState::Asked || qf.notes.is_empty() {
            qf.state = QuestionState::NothingNew;
        }
        let next = Question::ALL
            .iter()
            .position(|x| *x == q)
            .and_then(|i| Question::ALL.get(i + 1));
        self.member_edit = None;
        self.focus = match next {
            Some(n) => Focus::Notes(*n),
            None => Focus::Notes(Question::Suggestions),
        };
    }

    /// 同上次: basics as they were at the last visit.
    pub fn same_as_last(&mut self) -> bool {
        let Some(last) = self.last_basics.clone() else {
            return false;
        };
        let basics = self.question_mut(Question::Basics);
        basics.notes = TextInput::new(&last.notes);
        basics.state = if last.state == QuestionState::NotAsked {
            QuestionState::NothingNew
        } else {
            last.state
        };
        true
    }

    /// Left/right on a choice: mode, a question's state, the selected need's tier.
    pub fn cycle(&mut self, delta: isize) {
        let step = |i: usize, n: usize| ((i as isize + delta).rem_euclid(n as isize)) as usize;
        match self.focus {
            Focus::Mode => {
                let i = VisitMode::ALL
                    .iter()
                    .position(|m| *m == self.mode)
                    .unwrap_or(0);
                self.mode = VisitMode::ALL[step(i, VisitMode::ALL.len())];
            }
            Focus::State(q) => {
                const STATES: [QuestionState; 3] = [
                    QuestionState::Asked,
                    QuestionState::NothingNew,
                    QuestionState::NotAsked,
                ];
                let qf = self.question_mut(q);
                let i = STATES.iter().position(|s| *s == qf.state).unwrap_or(0);
                qf.state = STATES[step(i, STATES.len())];
            }
            Focus::Needs => {
                let sel = self.need_sel;
                if let Some(n) = self.needs.get_mut(sel) {
                    let i = Tier::ALL.iter().position(|t| *t == n.tier).unwrap_or(1);
                    n.tier = Tier::ALL[step(i, Tier::ALL.len())];
                    n.picked = true;
                }
            }
            Focus::Members if self.member_edit == Some(MemberEdit::HealthTag) => {
                let sel = self.member_sel;
                let choices: Vec<Option<String>> = std::iter::once(None)
                    .chain(self.cadence_tags.iter().cloned().map(Some))
                    .collect();
                if let Some(m) = self.members.get_mut(sel) {
                    let i = choices.iter().position(|c| *c == m.tag).unwrap_or(0);
                    m.tag = choices[step(i, choices.len())].clone();
                }
            }
            Focus::Members => {
                let sel = self.member_sel;
                if let Some(p) = sel
                    .checked_sub(self.members.len())
                    .and_then(|i| self.new_people.get_mut(i))
                {
                    let i = Relation::ALL
                        .iter()
                        .position(|r| *r == p.relation)
                        .unwrap_or(0);
                    p.relation = Relation::ALL[step(i, Relation::ALL.len())];
                }
            }
            _ => {}
        }
    }

    /// Space or Enter on a list or flag.
    pub fn toggle(&mut self) {
        match self.focus {
            Focus::Needs => {
                let sel = self.need_sel;
                if let Some(n) = self.needs.get_mut(sel) {
                    n.picked = !n.picked;
                }
                if self.needs.iter().any(|n| n.picked) {
                    let d = self.question_mut(Question::Difficulties);
                    if d.state == QuestionState::NotAsked {
                        d.state = QuestionState::Asked;
                    }
                }
            }
            // The flag stays focused: Space again unsets it, Tab goes on to its description.
            Focus::Dispute => self.dispute = !self.dispute,
            Focus::SuggestionFlag => self.suggestion_request = !self.suggestion_request,
            Focus::Members if self.member_sel == self.members.len() + self.new_people.len() => {
                self.add_person()
            }
            _ => {}
        }
    }

    /// Up/down inside the focused list.
    pub fn move_in_list(&mut self, delta: isize) -> bool {
        let (sel, len) = match self.focus {
            Focus::Members => (
                &mut self.member_sel,
                self.members.len() + self.new_people.len() + 1,
            ),
            Focus::Needs => (&mut self.need_sel, self.needs.len()),
            _ => return false,
        };
        let next = (*sel as isize + delta).clamp(0, len as isize - 1) as usize;
        let moved = next != *sel;
        *sel = next;
        self.member_edit = None;
        moved
    }

    /// 迁出 on the selected member.
    pub fn toggle_moved_out(&mut self) {
        if self.focus != Focus::Members {
            return;
        }
        let sel = self.member_sel;
        if let Some(m) = self.members.get_mut(sel) {
            m.moved_out = !m.moved_out;
        } else if let Some(i) = sel.checked_sub(self.members.len())
            && i < self.new_people.len()
        {
            self.new_people.remove(i);
        }
        self.mark_basics();
    }

    /// Starts typing a new phone or a health change for the selected member.
    pub fn edit_member(&mut self, what: MemberEdit) {
        let sel = self.member_sel;
        if self.focus != Focus::Members {
            return;
        }
        let Some(m) = self.members.get_mut(sel) else {
            return;
        };
        match what {
            MemberEdit::Phone => {
                m.phone.get_or_insert_with(TextInput::default);
            }
            MemberEdit::Health => {
                m.health.get_or_insert_with(TextInput::default);
            }
            MemberEdit::HealthTag | MemberEdit::NewName => return,
        }
        self.member_edit = Some(what);
        self.mark_basics();
    }

    /// Adds a row for a person not on the record and starts typing the name.
    pub fn add_person(&mut self) {
        self.focus = Focus::Members;
        self.new_people.push(NewPerson {
            name: TextInput::default(),
            relation: Relation::Other,
        });
        self.member_sel = self.members.len() + self.new_people.len() - 1;
        self.member_edit = Some(MemberEdit::NewName);
        self.mark_basics();
    }

    fn mark_basics(&mut self) {
        let b = self.question_mut(Question::Basics);
        if b.state == QuestionState::NotAsked {
            b.state = QuestionState::Asked;
        }
    }

    /// The visit as it would be recorded (the date must parse).
    pub fn to_visit(&self) -> Option<Visit> {
        let at = NaiveDateTime::parse_from_str(self.date.text().trim(), DATE_FORMAT).ok()?;
        let mut checklist = Checklist::default();
        for q in Question::ALL {
            let f = self.question(q);
            *checklist.get_mut(q) = Answer {
                state: f.state,
                notes: f.notes.text().trim().to_string(),
            };
        }
        let companions = self
            .companions
            .text()
            .split(['、', ',', '，', ';', '；'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        Some(Visit {
            id: self.visit,
            household: self.household,
            at,
            mode: self.mode,
            visitor: self.visitor.text().trim().to_string(),
            companions,
            checklist,
        })
    }

    /// Household-record changes the visit will make, for the worker to confirm.
    pub fn record_changes(&self) -> usize {
        self.members
            .iter()
            .filter(|m| {
                m.moved_out
                    || m.phone.as_ref().is_some_and(|p| !p.is_empty())
                    || m.health.as_ref().is_some_and(|h| !h.is_empty())
                    || m.tag.is_some()
            })
            .count()
            + self
                .new_people
                .iter()
                .filter(|p| !p.name.is_empty())
                .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn form() -> VisitForm {
        let now = NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(10, 7, 31)
            .unwrap();
        VisitForm::new(
            HouseholdId(uuid::Uuid::nil()),
            VisitId(uuid::Uuid::nil()),
            now,
            "王芳",
            &[],
            None,
        )
    }

    #[test]
    fn opens_in_the_first_notes_with_defaults() {
        let f = form();
        assert_eq!(f.focus, Focus::Notes(Question::Basics));
        assert!(f.typing());
        assert_eq!(f.date.text(), "2026-11-23 10:07");
        assert_eq!(f.to_visit().unwrap().visitor, "王芳");
    }

    #[test]
    fn nothing_new_walks_through_the_questions() {
        let mut f = form();
        for _ in 0..4 {
            f.nothing_new();
        }
        let v = f.to_visit().unwrap();
        assert!(
            Question::ALL
                .iter()
                .all(|q| v.checklist.get(*q).state == QuestionState::NothingNew)
        );
    }

    #[test]
    fn typing_notes_marks_the_question_asked_and_round_trips_as_json() {
        let mut f = form();
        f.input_mut().unwrap().insert_str("老人血压偏高");
        f.touched();
        assert_eq!(f.question(Question::Basics).state, QuestionState::Asked);
        let json = serde_json::to_string(&f).unwrap();
        let back: VisitForm = serde_json::from_str(&json).unwrap();
        assert_eq!(back, f);
    }

    #[test]
    fn a_health_change_can_add_a_cadence_tag_and_old_drafts_still_read() {
        let now = NaiveDate::from_ymd_opt(2026, 11, 23)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        let member = Member {
            id: MemberId(uuid::Uuid::from_u128(7)),
            household: HouseholdId(uuid::Uuid::nil()),
            name: "王建华".into(),
            relation: Relation::Head,
            gender: None,
            birth: None,
            id_number: None,
            phone: None,
            tags: Vec::new(),
            note: String::new(),
            status: MemberStatus::Present,
        };
        let mut f = VisitForm::new(
            HouseholdId(uuid::Uuid::nil()),
            VisitId(uuid::Uuid::nil()),
            now,
            "王芳",
            &[member],
            None,
        );
        f.cadence_tags = vec!["独居老人".into(), "重病".into()];
        f.focus = Focus::Members;
        f.edit_member(MemberEdit::Health);
        f.input_mut().unwrap().insert_str("确诊肺癌");
        f.next_field(true);
        assert_eq!(f.member_edit, Some(MemberEdit::HealthTag));
        assert!(!f.typing(), "arrows choose, they do not move a caret");
        f.cycle(1);
        f.cycle(1);
        assert_eq!(f.members[0].tag.as_deref(), Some("重病"));
        f.next_field(false);
        assert_eq!(f.member_edit, Some(MemberEdit::Health));
        f.next_field(true);
        f.next_field(true);
        assert_eq!(
            f.focus,
            Focus::Notes(Question::Family),
            "Tab goes on from the tag"
        );
        // A draft saved before these fields existed still opens.
        let mut json: serde_json::Value = serde_json::to_value(&f).unwrap();
        json.as_object_mut().unwrap().remove("cadence_tags");
        json["members"][0].as_object_mut().unwrap().remove("tag");
        let back: VisitForm = serde_json::from_value(json).unwrap();
        assert_eq!(back.members[0].tag, None);
    }

    #[test]
    fn tab_order_wraps_to_the_header() {
        let mut f = form();
        f.next_field(false);
        assert_eq!(f.focus, Focus::Companions);
        f.next_field(true);
        assert_eq!(f.focus, Focus::Notes(Question::Basics));
    }
}
