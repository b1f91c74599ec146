//! Questionnaire invitations and their answers.

use crate::StoreResult;
use async_trait::async_trait;
use samverka_domain::audit::AuditDraft;
use samverka_domain::questionnaire::invitation::Invitation;
use samverka_domain::questionnaire::supplement::SupplementaryQuestion;

/// Stores invitations.
#[async_trait]
pub trait QuestionnaireRepo: Send + Sync {
    /// Inserts a new invitation with the hash of its link's token; returns its id.
    async fn add_invitation(
        &self,
        invitation: &Invitation,
        token_hash: &str,
        audit: &[AuditDraft],
    ) -> StoreResult<i64>;
    /// Saves an invitation's answers and state.
    async fn save_invitation(
        &self,
        invitation: &Invitation,
        audit: &[AuditDraft],
    ) -> StoreResult<()>;
    /// The invitation whose link has this token hash.
    async fn invitation_by_token(&self, token_hash: &str) -> StoreResult<Option<Invitation>>;
    /// The invitations of these participations, oldest first.
    async fn invitations(&self, participation_ids: &[i64]) -> StoreResult<Vec<Invitation>>;
    /// Inserts a supplementary question; returns its id.
    async fn add_supplementary_question(
        &self,
        question: &SupplementaryQuestion,
        audit: &[AuditDraft],
    ) -> StoreResult<i64>;
    /// Changes a supplementary question's last day and display order (its text and
    /// answers never change).
    async fn save_supplementary_question(
        &self,
        question: &SupplementaryQuestion,
        audit: &[AuditDraft],
    ) -> StoreResult<()>;
    /// The supplementary questions of these associations, by association and order.
    async fn supplementary_questions(
        &self,
        associations: &[String],
    ) -> StoreResult<Vec<SupplementaryQuestion>>;
}

/// Answers as stored: a JSON object by question code.
pub fn answers_to_json(
    answers: &std::collections::BTreeMap<
        String,
        samverka_domain::questionnaire::instrument::AnswerValue,
    >,
) -> String {
    serde_json::to_string(answers).unwrap_or_else(|_| "{}".into())
}

/// Answers read back.
pub fn answers_from_json(
    text: &str,
) -> crate::StoreResult<
    std::collections::BTreeMap<String, samverka_domain::questionnaire::instrument::AnswerValue>,
> {
    serde_json::from_str(text).map_err(|e| crate::StoreError::Database(format!("answers: {e}")))
}
