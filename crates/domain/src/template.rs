//! Process templates: the ordered stages a participation moves through (SPEC 4).
//! Five are built in; leads may define their own.

use crate::FieldError;
use serde::{Deserialize, Serialize};

/// One stage of a process.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    /// Stable code, e.g. `yrkesprofil`.
    pub code: String,
    /// The name given by whoever defined the template; built-in stages take theirs
    /// from the catalogue (`stage.CODE`).
    pub name: Option<String>,
}

/// A process template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProcessTemplate {
    /// Code, e.g. `supported_employment`.
    pub code: String,
    /// Name of an own template; built-ins use the catalogue (`template.CODE`).
    pub name: Option<String>,
    /// The main stages in order.
    pub stages: Vec<Stage>,
    /// An optional sub-process (Supported Training in SE), with its own stages.
    pub sub_process: Option<(String, Vec<Stage>)>,
    /// True for the built-in templates, which cannot be changed.
    pub builtin: bool,
}

fn builtin(code: &str, stages: &[&str], sub: Option<(&str, &[&str])>) -> ProcessTemplate {
    let stages_of = |codes: &[&str]| {
        codes
            .iter()
            .map(|c| Stage {
                code: (*c).into(),
                name: None,
            })
            .collect()
    };
    ProcessTemplate {
        code: code.into(),
        name: None,
        stages: stages_of(stages),
        sub_process: sub.map(|(c, s)| (c.to_string(), stages_of(s))),
        builtin: true,
    }
}

/// The built-in templates: Supported Employment (with Supported Training), IPS,
/// Basprogram (Gemensamma Taget) and Teamrehabilitering (Steget Vidare).
pub fn builtins() -> Vec<ProcessTemplate> {
    let se = [
        "overenskommelse",
        "yrkesprofil",
        "jobbsokande",
        "arbetsgivarengagemang",
        "stod_pa_och_utanfor_arbetet",
    ];
    let st = [
        "st_overenskommelse",
        "st_kompetensprofil",
        "st_arbetsplatsprofil",
        "st_aktivitetsbaserad_bedomning",
        "st_uppfoljning",
    ];
    vec![
        builtin(
            "supported_employment",
            &se,
            Some(("supported_training", &st)),
        ),
        builtin(
            "ips",
            &[
                "overenskommelse",
                "yrkesprofil",
                "jobbsokande",
                "arbetsgivarengagemang",
                "stod_utan_tidsgrans",
            ],
            None,
        ),
        builtin(
            "basprogram",
            &[
                "rekrytering",
                "basprogram",
                "avstamningsmote",
                "praktik",
                "avslut",
            ],
            None,
        ),
        builtin(
            "teamrehabilitering",
            &[
                "kartlaggning",
                "basprogram",
                "arbetstraning",
                "arbete_eller_studier",
            ],
            None,
        ),
    ]
}

/// The built-in template with this code.
pub fn builtin_named(code: &str) -> Option<ProcessTemplate> {
    builtins().into_iter().find(|t| t.code == code)
}

/// A template code: 2–40 of a–z, 0–9 and `_`.
pub fn check_template_code(field: &'static str, code: &str) -> Result<String, FieldError> {
    let code = code.trim();
    let ok = (2..=40).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(code.into())
    } else {
        Err(FieldError::with_detail(field, "error.template.code", code))
    }
}

impl ProcessTemplate {
    /// An own template from a code, a name and stage names (stage codes are derived).
    pub fn own(code: &str, name: &str, stage_names: &[String]) -> Result<Self, FieldError> {
        let code = check_template_code("template.code", code)?;
        if builtin_named(&code).is_some() {
            return Err(FieldError::with_detail(
                "template.code",
                "error.template.builtin",
                code,
            ));
        }
        let name = crate::association::check_name("template.name", name)?;
        if stage_names.is_empty() {
            return Err(FieldError::new(
                "template.stages",
                "error.template.no_stages",
            ));
        }
        let mut stages = Vec::new();
        for stage in stage_names {
            let stage = crate::association::check_name("template.stages", stage)?;
            let code = stage_code(&stage);
            if stages.iter().any(|s: &Stage| s.code == code) {
                return Err(FieldError::with_detail(
                    "template.stages",
                    "error.template.duplicate_stage",
                    stage,
                ));
            }
            stages.push(Stage {
                code,
                name: Some(stage),
            });
        }
        Ok(Self {
            code,
            name: Some(name),
            stages,
            sub_process: None,
            builtin: false,
        })
    }

    /// Every stage, main process first, then the sub-process.
    pub fn all_stages(&self) -> impl Iterator<Item = &Stage> {
        self.stages
            .iter()
            .chain(self.sub_process.iter().flat_map(|(_, s)| s.iter()))
    }
}

/// A stage code made from its name: lower case ASCII, `å ä → a`, `ö → o`, others `_`.
pub fn stage_code(name: &str) -> String {
    let mut code = String::new();
    for c in name.trim().to_lowercase().chars() {
        let mapped = match c {
            'å' | 'ä' | 'à' | 'á' => 'a',
            'ö' | 'ø' => 'o',
            'é' | 'è' => 'e',
            c if c.is_ascii_alphanumeric() => c,
            _ => '_',
        };
        if !(mapped == '_' && code.ends_with('_')) {
            code.push(mapped);
        }
    }
    code.trim_matches('_').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn supported_employment_has_five_stages_and_supported_training() {
        let se = builtin_named("supported_employment").unwrap();
        assert_eq!(se.stages.len(), 5);
        assert_eq!(se.sub_process.as_ref().unwrap().0, "supported_training");
        assert_eq!(se.all_stages().count(), 10);
        assert!(builtin_named("ips").is_some());
        assert!(builtin_named("okand").is_none());
    }

    #[test]
    fn own_templates_get_stage_codes() {
        let t = ProcessTemplate::own(
            "jobbspar",
            "Jobbspår",
            &["Kartläggning".into(), "Praktik på arbetsplats".into()],
        )
        .unwrap();
        assert_eq!(t.stages[1].code, "praktik_pa_arbetsplats");
        assert!(!t.builtin);
        assert_eq!(
            ProcessTemplate::own("ips", "X", &["A".into()])
                .unwrap_err()
                .message_key,
            "error.template.builtin"
        );
        assert_eq!(
            ProcessTemplate::own("egen", "X", &[])
                .unwrap_err()
                .message_key,
            "error.template.no_stages"
        );
    }
}
