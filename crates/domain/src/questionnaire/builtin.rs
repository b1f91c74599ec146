//! The built-in instrument, written for Samverka in plain Swedish: life situation,
//! the quality of the support, influence over one's own rehabilitation, health and
//! belief in getting or keeping a job. The same version is asked at start, every
//! month, at exit and after, so that answers can be paired per participant.

use super::instrument::{Instrument, InstrumentKind, Question, QuestionKind};

/// The built-in instrument's code.
pub const CODE: &str = "samverka_upplevelse";

fn likert(code: &str, theme: &str, text: &str, low: &str, high: &str) -> Question {
    Question {
        code: code.into(),
        theme: theme.into(),
        text: text.into(),
        kind: QuestionKind::Likert {
            low: low.into(),
            high: high.into(),
        },
    }
}

/// Version 1 of the built-in instrument.
pub fn instrument() -> Instrument {
    Instrument {
        code: CODE.into(),
        version: 1,
        occasions: InstrumentKind::ALL.to_vec(),
        title: "Hur har du det?".into(),
        intro: "Här är några frågor om hur du har det. Det tar fem minuter. Du kan hoppa över en fråga. Dina svar sparas efter varje sida. Bara de som ger dig stöd ser vad du svarar.".into(),
        questions: vec![
            likert(
                "livet",
                "life_situation",
                "Hur nöjd är du med ditt liv just nu?",
                "Inte alls nöjd",
                "Mycket nöjd",
            ),
            likert(
                "halsa",
                "health",
                "Hur mår du just nu?",
                "Mycket dåligt",
                "Mycket bra",
            ),
            likert(
                "tro_pa_jobb",
                "work_belief",
                "Tror du att du kan få ett jobb eller ha kvar ett jobb?",
                "Nej, inte alls",
                "Ja, helt säkert",
            ),
            likert(
                "bestamma",
                "influence",
                "Får du vara med och bestämma om din plan?",
                "Nej, aldrig",
                "Ja, alltid",
            ),
            likert(
                "stodet",
                "support",
                "Hur bra är stödet du får?",
                "Mycket dåligt",
                "Mycket bra",
            ),
            Question {
                code: "hjalp".into(),
                theme: "support".into(),
                text: "Får du hjälp med det som är viktigt för dig?".into(),
                kind: QuestionKind::YesNo,
            },
            Question {
                code: "dagarna".into(),
                theme: "life_situation".into(),
                text: "Vad gör du på dagarna nu? Välj det som passar bäst.".into(),
                kind: QuestionKind::Single {
                    options: vec![
                        "Jag har ett jobb".into(),
                        "Jag går i skola".into(),
                        "Jag provar på ett jobb".into(),
                        "Jag söker jobb".into(),
                        "Jag är sjuk".into(),
                        "Något annat".into(),
                    ],
                },
            },
            Question {
                code: "mer".into(),
                theme: "free_text".into(),
                text: "Vill du säga något mer? Skriv här.".into(),
                kind: QuestionKind::FreeText,
            },
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::super::lix::{EASY, lix};
    use super::*;

    #[test]
    fn every_text_a_participant_reads_is_easy() {
        let i = instrument();
        let mut texts = vec![i.title.as_str(), i.intro.as_str()];
        for q in &i.questions {
            texts.extend(q.texts());
        }
        let mut scores = Vec::new();
        for t in texts {
            let v = lix(t);
            scores.push(format!("{v:5.1}  {t}"));
            assert!(v <= EASY, "LIX {v:.1} > {EASY}: {t}");
        }
        // `cargo test -p samverka-domain every_text -- --nocapture` shows the scores.
        println!(
            "LIX of every participant-facing text:\n{}",
            scores.join("\n")
        );
    }

    #[test]
    fn it_covers_the_five_themes_and_every_occasion() {
        let i = instrument();
        for theme in [
            "life_situation",
            "support",
            "influence",
            "health",
            "work_belief",
        ] {
            assert!(i.questions.iter().any(|q| q.theme == theme), "{theme}");
        }
        assert_eq!(i.occasions.len(), 4);
        let mut codes: Vec<&str> = i.questions.iter().map(|q| q.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), i.questions.len(), "codes are unique");
    }
}
