//! The demo's questionnaires: most participants answered one at start (typed in
//! from paper by their coach), those who exited one at exit, mostly a little
//! better off; a few current participants have a link that is not answered yet.

use super::demo_journey::Dice;
use crate::errors::CliError;
use samverka_domain::questionnaire::instrument::QuestionKind;
use samverka_service::Services;
use samverka_service::accounts::Caller;

/// How a participant fares, for the answers they give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mood {
    /// At start: low on life situation, health and belief in a job.
    Start,
    /// At exit after work or studies: mostly better.
    Better,
    /// At exit after illness: mostly the same or worse.
    Worse,
}

/// The demo's supplementary question for Samordningsförbundet Umeå.
pub const SFU_QUESTION: &str = "Har du fått träffa en läkare när du behövt?";

fn scale(mood: Mood, code: &str, dice: &mut Dice) -> u64 {
    let (low, spread) = match (mood, code) {
        (_, "stodet" | "bestamma") => (3, 3),
        (Mood::Start, _) => (1, 3),
        (Mood::Better, _) => (3, 3),
        (Mood::Worse, _) => (1, 3),
    };
    (low + dice.next(spread)).min(5)
}

/// Sends a questionnaire for `occasion` and, unless `unanswered`, enters answers
/// from paper in the given mood.
pub async fn answer(
    s: &Services,
    by: &Caller,
    id: i64,
    occasion: &str,
    mood: Mood,
    dice: &mut Dice,
) -> Result<(), CliError> {
    let (invitation, _) = s.send_questionnaire(by, id, occasion).await?;
    let instrument = samverka_service::journey::questionnaires::instrument_of(&invitation)
        .ok_or_else(|| CliError::msg("Demoenkäten saknar sitt frågeformulär."))?;
    let mut values = Vec::new();
    for q in &instrument.questions {
        let value = match &q.kind {
            QuestionKind::Likert { .. } => scale(mood, &q.code, dice).to_string(),
            QuestionKind::YesNo => ["ja", "ja", "nej"][dice.next(3) as usize].to_string(),
            QuestionKind::Single { options } | QuestionKind::Multiple { options } => {
                dice.next(options.len() as u64).to_string()
            }
            // Free text is typed by few; the demo leaves it empty.
            QuestionKind::FreeText => continue,
        };
        values.push((q.code.clone(), value));
    }
    s.enter_questionnaire(by, id, invitation.id, &values)
        .await?;
    Ok(())
}

/// Makes a link for a current participant that is not answered yet.
pub async fn unanswered(s: &Services, by: &Caller, id: i64) -> Result<(), CliError> {
    s.send_questionnaire(by, id, "ongoing").await?;
    Ok(())
}
