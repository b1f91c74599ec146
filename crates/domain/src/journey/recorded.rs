//! What is recorded about a participation outside its own row and that goals
//! count: employment and study entries, and the questionnaire answers per theme.

use crate::codes::{Reached, Theme};

/// A theme's mean Likert answer (1–5) on the first start questionnaire and on the
/// last exit questionnaire; `None` when not answered then.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ThemeScore {
    /// The theme.
    pub theme: Theme,
    /// At start.
    pub start: Option<f64>,
    /// At exit.
    pub exit: Option<f64>,
}

/// A participation's records that goals look at.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Recorded {
    /// Employment or studies recorded as entries during the participation.
    pub reached: Vec<Reached>,
    /// Questionnaire answers per theme.
    pub experience: Vec<ThemeScore>,
}

impl Recorded {
    /// Whether any of `themes` got a higher answer at exit than at start; `None`
    /// when none of them was answered both times (the participant is not counted).
    pub fn improved(&self, themes: &[Theme]) -> Option<bool> {
        let pairs: Vec<(f64, f64)> = self
            .scores(themes)
            .filter_map(|s| Some((s.start?, s.exit?)))
            .collect();
        (!pairs.is_empty()).then(|| pairs.iter().any(|(start, exit)| exit > start))
    }

    /// Whether any of `themes` was answered 4 or 5 at exit; `None` when none of
    /// them was answered at exit.
    pub fn agreed(&self, themes: &[Theme]) -> Option<bool> {
        let exits: Vec<f64> = self.scores(themes).filter_map(|s| s.exit).collect();
        (!exits.is_empty()).then(|| exits.iter().any(|e| *e >= 4.0))
    }

    fn scores<'a>(&'a self, themes: &'a [Theme]) -> impl Iterator<Item = &'a ThemeScore> {
        self.experience
            .iter()
            .filter(move |s| themes.contains(&s.theme))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn score(theme: Theme, start: Option<f64>, exit: Option<f64>) -> ThemeScore {
        ThemeScore { theme, start, exit }
    }

    #[test]
    fn only_answered_themes_count() {
        let r = Recorded {
            reached: vec![],
            experience: vec![
                score(Theme::LifeSituation, Some(2.0), Some(3.0)),
                score(Theme::Support, None, Some(3.0)),
                score(Theme::Influence, Some(4.0), None),
            ],
        };
        assert_eq!(r.improved(&[Theme::LifeSituation]), Some(true));
        assert_eq!(r.improved(&[Theme::Support]), None, "no start answer");
        assert_eq!(r.improved(&[Theme::Health]), None);
        assert_eq!(r.agreed(&[Theme::Support]), Some(false), "3 is not 4 or 5");
        assert_eq!(r.agreed(&[Theme::Influence]), None, "no exit answer");
        let worse = Recorded {
            reached: vec![],
            experience: vec![score(Theme::Health, Some(4.0), Some(4.0))],
        };
        assert_eq!(worse.improved(&[Theme::Health]), Some(false));
        assert_eq!(worse.agreed(&[Theme::Health]), Some(true));
    }
}
