//! The code lists of SPEC section 6 (version 1). Each code is stored as its text;
//! an unknown code is refused with the valid ones listed, or a near miss suggested.

use crate::FieldError;

/// Declares a code list: an enum with `code()`, `parse()` and `ALL`.
macro_rules! code_list {
    ($(#[$doc:meta])* $name:ident, $list:literal { $($(#[$vdoc:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $code)] $variant),+
        }

        impl $name {
            /// Every code, in list order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The name of the list, as used in catalogue keys (`code.LIST.CODE`).
            pub const LIST: &'static str = $list;

            /// The stored code.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Parses a code for `field`, suggesting a near miss when there is one.
            pub fn parse(field: &'static str, text: &str) -> Result<Self, FieldError> {
                let text = text.trim();
                Self::ALL.iter().copied().find(|c| c.code() == text).ok_or_else(|| {
                    unknown_code(field, text, Self::ALL.iter().map(|c| c.code()))
                })
            }

            /// The catalogue key of the code's Swedish name.
            pub fn label_key(self) -> String {
                format!("code.{}.{}", Self::LIST, self.code())
            }
        }

        impl Code for $name {
            const ALL: &'static [Self] = $name::ALL;
            const LIST: &'static str = $list;
            fn code(self) -> &'static str {
                $name::code(self)
            }
            fn parse(field: &'static str, text: &str) -> Result<Self, FieldError> {
                $name::parse(field, text)
            }
        }
    };
}

/// What every code list offers, so forms and files can read any of them.
pub trait Code: Sized + Copy + PartialEq + 'static {
    /// Every code, in list order.
    const ALL: &'static [Self];
    /// The list name used in catalogue keys.
    const LIST: &'static str;
    /// The stored code.
    fn code(self) -> &'static str;
    /// Parses a code for `field`.
    fn parse(field: &'static str, text: &str) -> Result<Self, FieldError>;
}

/// An optional code: empty text is `None` (unknown).
pub fn parse_optional<C: Code>(field: &'static str, text: &str) -> Result<Option<C>, FieldError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        C::parse(field, text).map(Some)
    }
}

/// Several codes separated by `|` (as in files) or `,`; duplicates are dropped.
pub fn parse_list<C: Code>(field: &'static str, text: &str) -> Result<Vec<C>, FieldError> {
    let mut out: Vec<C> = Vec::new();
    for part in text
        .split(['|', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let code = C::parse(field, part)?;
        if !out.contains(&code) {
            out.push(code);
        }
    }
    Ok(out)
}

/// Codes joined with `|`, as files and the database hold them.
pub fn join<C: Code>(codes: &[C]) -> String {
    codes.iter().map(|c| c.code()).collect::<Vec<_>>().join("|")
}

/// The error for an unknown code: a suggestion if one valid code is close, else the list.
pub fn unknown_code<'a>(
    field: &'static str,
    text: &str,
    valid: impl Iterator<Item = &'a str>,
) -> FieldError {
    let valid: Vec<&str> = valid.collect();
    let best = valid.iter().map(|c| (edit_distance(text, c), *c)).min();
    match best {
        Some((d, c)) if d <= 2 || (text.len() >= 3 && c.starts_with(text)) => {
            FieldError::with_args(
                field,
                "error.code.did_you_mean",
                vec![("code", text.to_string()), ("suggestion", c.to_string())],
            )
        }
        _ => FieldError::with_args(
            field,
            "error.code.unknown",
            vec![("code", text.to_string()), ("valid", valid.join(", "))],
        ),
    }
}

/// Levenshtein distance, for suggesting near misses.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

code_list!(
    /// Kön.
    Sex, "sex" { Kvinna = "kvinna", Man = "man", Okand = "okand" }
);

code_list!(
    /// Försörjning: what the person lives on (several allowed).
    IncomeSource, "income_source" {
        Lon = "lon", Sjukpenning = "sjukpenning", Rehabiliteringspenning = "rehabiliteringspenning",
        Aktivitetsersattning = "aktivitetsersattning", Sjukersattning = "sjukersattning",
        Aktivitetsstod = "aktivitetsstod", Arbetsloshetsersattning = "arbetsloshetsersattning",
        Forsorjningsstod = "forsorjningsstod", Etableringsersattning = "etableringsersattning",
        Studiemedel = "studiemedel", Foraldrapenning = "foraldrapenning", Annan = "annan", Ingen = "ingen",
    }
);

code_list!(
    /// Sysselsättning: what the person does.
    Occupation, "occupation" {
        Arbete = "arbete", Studier = "studier", AktivtArbetssokande = "aktivt_arbetssokande",
        Arbetstraning = "arbetstraning", Sjukskriven = "sjukskriven",
        IngenSysselsattning = "ingen_sysselsattning", Annan = "annan",
    }
);

code_list!(
    /// Avslutsorsak. `felregistrering` marks a registration error and counts nowhere.
    ExitReason, "exit_reason" {
        Arbete = "arbete", Studier = "studier", Arbetssokande = "arbetssokande", AnnanInsats = "annan_insats",
        Ohalsa = "ohalsa", Flytt = "flytt", Foraldraledighet = "foraldraledighet", EgetOnskemal = "eget_onskemal",
        UteblivenKontakt = "utebliven_kontakt", InsatsenUpphor = "insatsen_upphor", Avliden = "avliden",
        Annat = "annat", Felregistrering = "felregistrering",
    }
);

code_list!(
    /// What a participation may have reached at any time (for goals).
    Reached, "reached" { Employment = "employment", Studies = "studies" }
);

code_list!(
    /// What a questionnaire question is about (SPEC 9), for experience goals.
    Theme, "theme" {
        LifeSituation = "life_situation", Support = "support", Influence = "influence",
        Health = "health", WorkBelief = "work_belief",
    }
);

code_list!(
    /// Anställningsform at exit or in an employment.
    EmploymentForm, "employment_form" {
        Osubventionerad = "osubventionerad", Lonebidrag = "lonebidrag", Osa = "osa",
        Utvecklingsanstallning = "utvecklingsanstallning", Nystartsjobb = "nystartsjobb",
        Trygghetsanstallning = "trygghetsanstallning", Introduktionsjobb = "introduktionsjobb",
        Extratjanst = "extratjanst", EgetForetag = "eget_foretag", Annan = "annan",
    }
);

code_list!(
    /// Studieform.
    StudyForm, "study_form" {
        Hogskola = "hogskola", Komvux = "komvux", Folkhogskola = "folkhogskola", Gymnasium = "gymnasium",
        Yrkeshogskola = "yrkeshogskola", Sfi = "sfi", Annan = "annan",
    }
);

code_list!(
    /// Utbildningsnivå (SCB).
    EducationLevel, "education" {
        ForgymnasialKort = "forgymnasial_kort", Forgymnasial = "forgymnasial", GymnasialKort = "gymnasial_kort",
        Gymnasial = "gymnasial", EftergymnasialKort = "eftergymnasial_kort", Eftergymnasial = "eftergymnasial",
        Forskarutbildning = "forskarutbildning", Okand = "okand",
    }
);

code_list!(
    /// Tid utan arbete: time away from the labour market at start.
    TimeAway, "time_away" {
        Under1Ar = "under_1_ar", Ar1Till2 = "1_2_ar", Ar2Till3 = "2_3_ar", Ar3Till5 = "3_5_ar",
        Over5Ar = "over_5_ar", AldrigArbetat = "aldrig_arbetat", Okand = "okand",
    }
);

code_list!(
    /// Dolda rehabiliteringshinder: the optional screening at start (seed 003).
    Obstacle, "obstacle" {
        Skulder = "skulder", Barndomstrauma = "barndomstrauma", EnsamForalder = "ensam_foralder",
        SmartaOchPsykiskOhalsa = "smarta_och_psykisk_ohalsa", LangtFranArbete = "over_3_ar_utan_arbete",
        LagMotivation = "lag_motivation", AlderOver59 = "alder_over_59", Missbruk = "missbruk",
        ValdINaraRelation = "vald_i_nara_relation", OdiagnostiseradOhalsa = "odiagnostiserad_ohalsa",
    }
);

code_list!(
    /// Where a referral stands: received → proposed → accepted | declined | waiting.
    ReferralStatus, "referral_status" {
        Received = "mottagen", Proposed = "foreslagen", Accepted = "antagen", Declined = "avslagen",
        Waiting = "vantar",
    }
);

code_list!(
    /// A selection decision for one proposed person.
    Decision, "decision" { Accept = "anta", Decline = "avsla", Wait = "vanta" }
);

code_list!(
    /// Which group met: the rekryteringsgrupp or the beredningsgrupp.
    GroupKind, "group_kind" { SelectionGroup = "rekryteringsgrupp", PreparatoryGroup = "beredningsgrupp" }
);

code_list!(
    /// Employer sector.
    Sector, "sector" { Privat = "privat", Kommun = "kommun", Region = "region", Stat = "stat", Ideell = "ideell" }
);

code_list!(
    /// Budget category (kategori), as Uppföljning Finsam names them.
    BudgetCategory, "budget_category" {
        Personal = "Personal", ExternaTjanster = "Externa tjänster", Lokaler = "Lokaler",
        OvrigaKostnader = "Övriga kostnader",
    }
);

code_list!(
    /// Budget type: the intervention's own cost, its ESF-financed cost, or a member's
    /// own contribution in kind (estimated value, not paid by the association).
    BudgetType, "budget_type" {
        Insatskostnad = "insatskostnad", EsfInsatskostnad = "esf_insatskostnad",
        EgenInsats = "egen_insats",
    }
);

code_list!(
    /// A line of the association's own economy: funds from a financier, equity
    /// brought into the year, or an administrative cost (Kring or Personal).
    AssociationLineKind, "association_line_kind" {
        Medel = "medel", EgetKapital = "eget_kapital", Kring = "kring", Personal = "personal",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_near_misses_are_suggested() {
        for o in Occupation::ALL {
            assert_eq!(Occupation::parse("x", o.code()).unwrap(), *o);
        }
        let e = Occupation::parse("sysselsattning", "arbte").unwrap_err();
        assert_eq!(
            (e.field, e.message_key),
            ("sysselsattning", "error.code.did_you_mean")
        );
        assert_eq!(e.arg("suggestion"), Some("arbete"));
        let e = Occupation::parse("sysselsattning", "jobb").unwrap_err();
        assert_eq!(e.message_key, "error.code.unknown");
        assert!(e.arg("valid").unwrap().contains("aktivt_arbetssokande"));
        assert_eq!(
            IncomeSource::Aktivitetsersattning.label_key(),
            "code.income_source.aktivitetsersattning"
        );
    }

    #[test]
    fn edit_distance_counts_changes() {
        assert_eq!(edit_distance("arbte", "arbete"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("kvinna", "kvinna"), 0);
    }
}
