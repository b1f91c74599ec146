//! The person part of referral and enrolment forms, and the duplicate question:
//! when the register holds someone similar, the form comes back listing them, and
//! the user picks that person or confirms a new one.

use crate::ui::form::{Field, FieldKind, Submitted, choices};
use crate::ui::journey::labels::code_choices;
use samverka_domain::codes::Sex;
use samverka_domain::journey::Person;
use samverka_domain::journey::person::{Likeness, PersonInput};
use samverka_i18n::Tr;
use samverka_service::journey::persons::PersonChoice;

/// The person fields, with the similar persons to choose from when there are any.
pub fn fields(tr: Tr, s: &Submitted, similar: &[(Person, Likeness)]) -> Vec<Field> {
    let get = |n: &str| s.get(n);
    let mut out = Vec::new();
    if !similar.is_empty() {
        let mut options: Vec<(String, String)> = similar
            .iter()
            .map(|(p, l)| {
                let why = tr.t(match l {
                    Likeness::SameNumber => "person_form.same_number",
                    Likeness::SameAlias => "person_form.same_alias",
                    Likeness::SimilarName => "person_form.similar_name",
                });
                (
                    format!("befintlig:{}", p.id),
                    format!(
                        "{}, {} {} – {why}",
                        p.label(),
                        tr.t("person_form.born"),
                        p.birth_year()
                    ),
                )
            })
            .collect();
        options.push(("ny".into(), tr.t("person_form.confirm_new").to_string()));
        out.push(
            Field::new(
                tr,
                "person",
                "person_form.similar",
                String::new(),
                FieldKind::Choice(choices(options, &[get("person")])),
            )
            .hint(tr, "person_form.similar_hint"),
        );
    }
    let mut protected = Field::new(
        tr,
        "skyddad",
        "person_form.protected",
        String::new(),
        FieldKind::Choice(choices(
            [(
                "ja".to_string(),
                tr.t("person_form.protected_yes").to_string(),
            )],
            &[get("skyddad")],
        )),
    );
    protected.multiple = true;
    out.extend([
        Field::text(
            tr,
            "personnummer",
            "person_form.personal_number",
            get("personnummer"),
        )
        .hint(tr, "person_form.personal_number_hint"),
        Field::text(tr, "namn", "person_form.name", get("namn")),
        Field::text(tr, "alias", "person_form.alias", get("alias"))
            .hint(tr, "person_form.alias_hint"),
        Field::new(
            tr,
            "kon",
            "person_form.sex",
            String::new(),
            FieldKind::Select(code_choices::<Sex>(tr, &[get("kon")], true)),
        ),
        Field::text(tr, "fodelsear", "person_form.birth_year", get("fodelsear")),
        protected,
    ]);
    out
}

/// The typed person details.
pub fn input(s: &Submitted) -> PersonInput {
    PersonInput {
        personal_number: s.get("personnummer"),
        name: s.get("namn"),
        alias: s.get("alias"),
        sex: s.get("kon"),
        birth_year: s.get("fodelsear"),
        protected: s.get("skyddad") == "ja",
    }
}

/// The choice the form makes: an existing person picked at the duplicate question,
/// or the typed details (confirmed as new when the user said so).
pub fn choice(s: &Submitted) -> PersonChoice {
    let picked = s.get("person");
    match picked
        .strip_prefix("befintlig:")
        .and_then(|id| id.parse().ok())
    {
        Some(id) => PersonChoice::Existing(id),
        None => PersonChoice::New {
            input: input(s),
            confirmed_new: picked == "ny",
        },
    }
}
