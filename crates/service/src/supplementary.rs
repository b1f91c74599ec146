//! Kompletterande frågor: an association administrator defines the association's
//! own questions (their only write access near participants). Anyone who may see
//! the association sees the questions; nobody at the association sees answers,
//! only the report's aggregates.

use crate::accounts::Caller;
use crate::payments::may;
use crate::{ServiceError, ServiceResult, Services};
use samverka_domain::FieldError;
use samverka_domain::audit::{AuditDraft, AuditEvent};
use samverka_domain::policy::{can_define_supplementary_questions, can_view_association};
use samverka_domain::questionnaire::instrument::QuestionKind;
use samverka_domain::questionnaire::supplement::SupplementaryQuestion;
use time::Date;

/// A new question as typed in the form.
#[derive(Debug, Clone, Default)]
pub struct QuestionForm {
    /// The question.
    pub text: String,
    /// `likert`, `yes_no`, `single`, `multiple` or `free_text`.
    pub kind: String,
    /// What 1 means (1–5 questions).
    pub low: String,
    /// What 5 means.
    pub high: String,
    /// The options, one per line (choice questions).
    pub options: Vec<String>,
    /// First day.
    pub valid_from: Option<Date>,
    /// Last day, if any.
    pub valid_to: Option<Date>,
    /// Display order.
    pub position: Option<u32>,
}

/// The question kinds a form may choose.
pub const KINDS: [&str; 5] = ["likert", "yes_no", "single", "multiple", "free_text"];

impl QuestionForm {
    fn kind(&self) -> Result<QuestionKind, FieldError> {
        Ok(match self.kind.as_str() {
            "likert" => QuestionKind::Likert {
                low: self.low.trim().to_string(),
                high: self.high.trim().to_string(),
            },
            "yes_no" => QuestionKind::YesNo,
            "single" => QuestionKind::Single {
                options: self.options.clone(),
            },
            "multiple" => QuestionKind::Multiple {
                options: self.options.clone(),
            },
            "free_text" => QuestionKind::FreeText,
            _ => return Err(FieldError::new("slag", "error.supplement.kind")),
        })
    }
}

impl Services {
    /// An association's supplementary questions, in display order.
    pub async fn supplementary_questions(
        &self,
        caller: &Caller,
        association: &str,
    ) -> ServiceResult<Vec<SupplementaryQuestion>> {
        if !may(caller, |r| can_view_association(r, association)) {
            return Err(ServiceError::NotFound);
        }
        Ok(self
            .store
            .supplementary_questions(&[association.to_string()])
            .await?)
    }

    fn may_define(&self, caller: &Caller, association: &str) -> ServiceResult<()> {
        if !may(caller, |r| can_view_association(r, association)) {
            return Err(ServiceError::NotFound);
        }
        if !may(caller, |r| {
            can_define_supplementary_questions(r, association)
        }) {
            return Err(ServiceError::Forbidden);
        }
        Ok(())
    }

    fn supplement_draft(&self, caller: &Caller, id: i64, what: &str) -> AuditDraft {
        AuditDraft::new(
            self.clock.now(),
            caller.actor(),
            AuditEvent::SupplementaryQuestionSaved,
            "supplementary_question",
            if id == 0 {
                String::new()
            } else {
                id.to_string()
            },
        )
        .details(what.to_string())
    }

    /// Makes a new supplementary question for `association`.
    pub async fn add_supplementary_question(
        &self,
        caller: &Caller,
        association: &str,
        form: &QuestionForm,
    ) -> ServiceResult<SupplementaryQuestion> {
        self.may_define(caller, association)?;
        let mut q = SupplementaryQuestion {
            id: 0,
            association: association.to_string(),
            text: form.text.trim().to_string(),
            kind: form.kind()?,
            valid_from: form
                .valid_from
                .ok_or_else(|| FieldError::new("giltig_fran", "error.supplement.from"))?,
            valid_to: form.valid_to,
            position: form
                .position
                .ok_or_else(|| FieldError::new("ordning", "error.supplement.position"))?,
            created_by: caller.actor().name,
        };
        q.validate()?;
        let draft = self.supplement_draft(caller, 0, &format!("added kind={}", form.kind));
        q.id = self.store.add_supplementary_question(&q, &[draft]).await?;
        Ok(q)
    }

    /// Ends question `id` of `association` on `last_day` (it is no longer asked
    /// after it; a last day before its first means it is never asked). An ended
    /// question stays in earlier questionnaires and reports.
    pub async fn end_supplementary_question(
        &self,
        caller: &Caller,
        association: &str,
        id: i64,
        last_day: Date,
    ) -> ServiceResult<SupplementaryQuestion> {
        self.may_define(caller, association)?;
        let mut q = self
            .store
            .supplementary_questions(&[association.to_string()])
            .await?
            .into_iter()
            .find(|q| q.id == id)
            .ok_or(ServiceError::NotFound)?;
        q.valid_to = Some(q.valid_to.map_or(last_day, |to| to.min(last_day)));
        let draft = self.supplement_draft(caller, q.id, &format!("ended valid_to={last_day}"));
        self.store.save_supplementary_question(&q, &[draft]).await?;
        Ok(q)
    }
}
