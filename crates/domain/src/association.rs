//! Samordningsförbund, their members and providers (anordnare). SPEC section 3.

use crate::FieldError;
use crate::orgnr::OrgNumber;
use serde::{Deserialize, Serialize};
use time::Date;

/// A short code for an organisation or intervention: 1–20 of A–Z, 0–9, `-`, `_`.
pub fn check_code(field: &'static str, code: &str) -> Result<String, FieldError> {
    let code = code.trim();
    let ok = !code.is_empty()
        && code.len() <= 20
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(code.to_string())
    } else {
        Err(FieldError::with_detail(field, "error.code.format", code))
    }
}

/// A required name of 1–200 characters.
pub fn check_name(field: &'static str, name: &str) -> Result<String, FieldError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(FieldError::new(field, "error.name.length"));
    }
    Ok(name.to_string())
}

/// The kind of financing member, for the legal split and the Kostnadsrapport.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberKind {
    /// Försäkringskassan or Arbetsförmedlingen: together half.
    Stat,
    /// The region: a quarter.
    Region,
    /// A municipality: together a quarter.
    Kommun,
    /// Anything else (e.g. ESF).
    Annan,
}

impl MemberKind {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            MemberKind::Stat => "stat",
            MemberKind::Region => "region",
            MemberKind::Kommun => "kommun",
            MemberKind::Annan => "annan",
        }
    }

    /// Parses a stored or typed code.
    pub fn parse(field: &'static str, text: &str) -> Result<Self, FieldError> {
        [
            MemberKind::Stat,
            MemberKind::Region,
            MemberKind::Kommun,
            MemberKind::Annan,
        ]
        .into_iter()
        .find(|k| k.code() == text.trim())
        .ok_or_else(|| {
            crate::codes::unknown_code(
                field,
                text.trim(),
                ["stat", "region", "kommun", "annan"].into_iter(),
            )
        })
    }

    /// The legal share of this kind in hundredths of a percent (SPEC 3), if fixed.
    pub fn legal_share(self) -> Option<u32> {
        match self {
            MemberKind::Stat => Some(5000),
            MemberKind::Region | MemberKind::Kommun => Some(2500),
            MemberKind::Annan => None,
        }
    }
}

/// A member (part) of an association.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// Short code, e.g. `FK`.
    pub code: String,
    /// Name, e.g. Försäkringskassan.
    pub name: String,
    /// State, region, municipality or other.
    pub kind: MemberKind,
    /// True when the member finances the association.
    pub financier: bool,
    /// Share of the financing in hundredths of a percent (2500 = 25 %), if stated.
    pub share: Option<u32>,
}

/// A samordningsförbund.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Association {
    /// Short code, e.g. `SFU`.
    pub code: String,
    /// Full name.
    pub name: String,
    /// Organisationsnummer, `NNNNNN-NNNN`.
    pub orgnr: String,
    /// When it was formed.
    pub start: Option<Date>,
    /// The municipalities it covers.
    pub municipalities: Vec<String>,
    /// Its members.
    pub members: Vec<Member>,
}

/// A warning that does not stop a save: the financing shares differ from the legal split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShareWarning {
    /// The kind whose shares differ.
    pub kind: MemberKind,
    /// The sum stated, in hundredths of a percent.
    pub stated: u32,
    /// The legal sum.
    pub legal: u32,
}

impl ShareWarning {
    /// The warning in words, e.g. "Observera: Staten står för 40 % av finansieringen; …".
    pub fn text(&self, lang: samverka_i18n::Lang) -> String {
        use samverka_i18n::{fill, text};
        let kind = text(lang, &format!("org.member_kind.{}", self.kind.code())).to_string();
        fill(
            lang,
            "org.share_warning",
            &[
                ("kind", &kind),
                ("stated", &crate::goal::format_share(self.stated, lang)),
                ("legal", &crate::goal::format_share(self.legal, lang)),
            ],
        )
    }
}

impl Association {
    /// Checks every field; the first error names its field.
    pub fn validate(&self) -> Result<(), FieldError> {
        check_code("code", &self.code)?;
        check_name("name", &self.name)?;
        OrgNumber::parse("orgnr", &self.orgnr)?;
        if self.municipalities.iter().any(|m| m.trim().is_empty()) {
            return Err(FieldError::new(
                "municipalities",
                "error.municipalities.empty",
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for m in &self.members {
            check_code("members.code", &m.code)?;
            check_name("members.name", &m.name)?;
            if !seen.insert(&m.code) {
                return Err(FieldError::with_detail(
                    "members.code",
                    "error.members.duplicate",
                    m.code.clone(),
                ));
            }
            if m.share.is_some_and(|s| s > 10_000) {
                return Err(FieldError::with_detail(
                    "members.share",
                    "error.members.share",
                    m.code.clone(),
                ));
            }
        }
        Ok(())
    }

    /// Where the stated shares of financing members differ from the legal split
    /// (state ½, region ¼, municipalities ¼). Only checked when every financier states a share.
    pub fn share_warnings(&self) -> Vec<ShareWarning> {
        let financiers: Vec<&Member> = self.members.iter().filter(|m| m.financier).collect();
        if financiers.is_empty() || financiers.iter().any(|m| m.share.is_none()) {
            return Vec::new();
        }
        [MemberKind::Stat, MemberKind::Region, MemberKind::Kommun]
            .into_iter()
            .filter_map(|kind| {
                let stated: u32 = financiers
                    .iter()
                    .filter(|m| m.kind == kind)
                    .filter_map(|m| m.share)
                    .sum();
                let legal = kind.legal_share()?;
                (stated != legal).then_some(ShareWarning {
                    kind,
                    stated,
                    legal,
                })
            })
            .collect()
    }
}

/// An anordnare: the organisation that runs interventions and holds their personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    /// Short code, e.g. `UK-SP`.
    pub code: String,
    /// Name, e.g. Umeå kommun, Socialpsykiatri.
    pub name: String,
}

impl Provider {
    /// Checks code and name.
    pub fn validate(&self) -> Result<(), FieldError> {
        check_code("code", &self.code)?;
        check_name("name", &self.name)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(code: &str, kind: MemberKind, share: u32) -> Member {
        Member {
            code: code.into(),
            name: code.into(),
            kind,
            financier: true,
            share: Some(share),
        }
    }

    fn sfu(members: Vec<Member>) -> Association {
        Association {
            code: "SFU".into(),
            name: "Samordningsförbundet Umeå".into(),
            orgnr: "212000-0142".into(),
            start: None,
            municipalities: vec!["Umeå".into()],
            members,
        }
    }

    #[test]
    fn the_legal_split_gives_no_warning() {
        let a = sfu(vec![
            member("FK", MemberKind::Stat, 2500),
            member("AF", MemberKind::Stat, 2500),
            member("RVB", MemberKind::Region, 2500),
            member("UMEA", MemberKind::Kommun, 2500),
        ]);
        assert!(a.validate().is_ok());
        assert!(a.share_warnings().is_empty());
    }

    #[test]
    fn a_deviating_split_warns_but_is_valid() {
        let a = sfu(vec![
            member("FK", MemberKind::Stat, 4000),
            member("RVB", MemberKind::Region, 3000),
            member("UMEA", MemberKind::Kommun, 3000),
        ]);
        assert!(a.validate().is_ok());
        let w = a.share_warnings();
        assert_eq!(w.len(), 3);
        assert_eq!(
            w[0],
            ShareWarning {
                kind: MemberKind::Stat,
                stated: 4000,
                legal: 5000
            }
        );
    }

    #[test]
    fn bad_fields_are_named() {
        let mut a = sfu(vec![]);
        a.orgnr = "212000-0143".into();
        assert_eq!(a.validate().unwrap_err().field, "orgnr");
        let mut a = sfu(vec![
            member("FK", MemberKind::Stat, 5000),
            member("FK", MemberKind::Stat, 0),
        ]);
        assert_eq!(
            a.validate().unwrap_err().message_key,
            "error.members.duplicate"
        );
        a.code = "sfu".into();
        assert_eq!(a.validate().unwrap_err().field, "code");
    }
}
